package dev.syncline.connector.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * A validated, typed configuration, as returned by {@link ConfigSpec#parse}. Values are already
 * coerced to their declared types and defaults are applied; secrets never appear in {@link #toString()}.
 */
public final class ConnectorConfig {
    private final String path;
    private final ConfigSpec spec;
    private final Map<String, Object> values;

    ConnectorConfig(String path, ConfigSpec spec, Map<String, Object> values) {
        this.path = path;
        this.spec = spec;
        this.values = Map.copyOf(values);
    }

    /** The YAML path this configuration was read from, for error messages. */
    public String path() {
        return path;
    }

    public Optional<String> string(String key) {
        return Optional.ofNullable((String) get(key));
    }

    public String requireString(String key) {
        return string(key).orElseThrow(() -> new IllegalStateException(ConfigSpec.join(path, key) + " has no value"));
    }

    public int integer(String key) {
        Object value = get(key);
        if (value == null) {
            throw new IllegalStateException(ConfigSpec.join(path, key) + " has no value");
        }
        return (Integer) value;
    }

    public boolean bool(String key) {
        return Boolean.TRUE.equals(get(key));
    }

    public Optional<Duration> duration(String key) {
        return Optional.ofNullable((Duration) get(key));
    }

    @SuppressWarnings("unchecked")
    public List<String> list(String key) {
        Object value = get(key);
        return value == null ? List.of() : (List<String>) value;
    }

    /** A {@link ConfigType#MAP} value as the YAML parser produced it, for the connector to read itself. */
    @SuppressWarnings("unchecked")
    public Optional<Map<String, Object>> map(String key) {
        return Optional.ofNullable((Map<String, Object>) get(key));
    }

    private @Nullable Object get(String key) {
        if (spec.key(key) == null) {
            throw new IllegalArgumentException("undeclared configuration key: " + key);
        }
        return values.get(key);
    }

    @Override
    public String toString() {
        return path + values.entrySet().stream()
                .map(e -> {
                    ConfigKey key = spec.key(e.getKey());
                    return e.getKey() + "=" + (key != null && key.isSensitive() ? ConfigProblem.HIDDEN : e.getValue());
                })
                .collect(Collectors.joining(", ", "{", "}"));
    }
}
