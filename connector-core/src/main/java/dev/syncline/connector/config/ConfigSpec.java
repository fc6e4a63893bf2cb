package dev.syncline.connector.config;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The declared configuration of one component (a connector's {@code destination} block, for
 * example): the keys it accepts, their types, defaults and validators.
 *
 * <p>{@link #validate} reports every problem at once, each with its full YAML path; {@link #parse}
 * returns the typed values once there are none.
 */
public final class ConfigSpec {
    private final List<ConfigKey> ordered;
    private final Map<String, ConfigKey> keys;
    private final Set<String> passThrough;

    private ConfigSpec(Map<String, ConfigKey> keys, Set<String> passThrough) {
        this.ordered = List.copyOf(keys.values());
        this.keys = Map.copyOf(keys);
        this.passThrough = Set.copyOf(passThrough);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The declared keys, in declaration order. */
    public Collection<ConfigKey> keys() {
        return ordered;
    }

    /**
     * Every problem with {@code values}, located below {@code basePath}: missing required keys,
     * values of the wrong type, values a validator rejects, and unknown keys.
     */
    public List<ConfigProblem> validate(String basePath, Map<String, ?> values) {
        List<ConfigProblem> problems = new ArrayList<>();
        for (ConfigKey key : keys()) {
            String path = join(basePath, key.name());
            Object raw = values.get(key.name());
            if (raw == null || (raw instanceof String s && s.isEmpty())) {
                if (key.isRequired()) {
                    problems.add(new ConfigProblem(path, null, "is required" + describe(key)));
                }
                continue;
            }
            try {
                Object value = ConfigValues.coerce(raw, key.type());
                Validator validator = key.validator();
                Optional<String> reason = validator == null ? Optional.empty() : validator.check(value);
                reason.ifPresent(r -> problems.add(problem(key, path, raw, r)));
            } catch (IllegalArgumentException e) {
                problems.add(problem(key, path, raw, e.getMessage()));
            }
        }
        for (String name : values.keySet()) {
            if (!keys.containsKey(name) && !passThrough.contains(name)) {
                problems.add(new ConfigProblem(join(basePath, name), null,
                        "is not a known key; known keys: " + String.join(", ", orderedNames())));
            }
        }
        return problems;
    }

    /**
     * The typed configuration.
     *
     * @throws InvalidConfigurationException with every problem, if there is any
     */
    public ConnectorConfig parse(String basePath, Map<String, ?> values) {
        List<ConfigProblem> problems = validate(basePath, values);
        if (!problems.isEmpty()) {
            throw new InvalidConfigurationException(problems);
        }
        Map<String, Object> typed = new LinkedHashMap<>();
        for (ConfigKey key : keys()) {
            Object raw = values.get(key.name());
            if (raw == null || (raw instanceof String s && s.isEmpty())) {
                if (key.defaultValue() != null) {
                    typed.put(key.name(), ConfigValues.coerce(key.defaultValue(), key.type()));
                }
            } else {
                typed.put(key.name(), ConfigValues.coerce(raw, key.type()));
            }
        }
        return new ConnectorConfig(basePath, this, typed);
    }

    @Nullable ConfigKey key(String name) {
        return keys.get(name);
    }

    private List<String> orderedNames() {
        return keys().stream().map(ConfigKey::name).toList();
    }

    private static ConfigProblem problem(ConfigKey key, String path, Object raw, String reason) {
        return key.isSensitive() ? ConfigProblem.secret(path, raw, reason) : ConfigProblem.of(path, raw, reason);
    }

    private static String describe(ConfigKey key) {
        return key.description().isEmpty() ? "" : " (" + key.description() + ")";
    }

    static String join(String basePath, String name) {
        return basePath.isEmpty() ? name : basePath + "." + name;
    }

    /** Collects key declarations. */
    public static final class Builder {
        private final Map<String, ConfigKey> keys = new LinkedHashMap<>();
        private final Set<String> passThrough = new HashSet<>();

        private Builder() {}

        public Builder define(ConfigKey key) {
            if (keys.putIfAbsent(key.name(), key) != null) {
                throw new IllegalArgumentException("key declared twice: " + key.name());
            }
            return this;
        }

        /**
         * Accepts {@code name} without validating it: keys the runner reads itself, such as a
         * destination's {@code type}.
         */
        public Builder passThrough(String name) {
            passThrough.add(name);
            return this;
        }

        public ConfigSpec build() {
            return new ConfigSpec(keys, passThrough);
        }
    }
}
