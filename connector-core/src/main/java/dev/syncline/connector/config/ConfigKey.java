package dev.syncline.connector.config;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The declaration of one configuration key: its name, type, default, whether it is required or
 * secret, how to validate it and what it means. Declared once; validation, parsing and the
 * generated configuration reference all read it.
 *
 * <p>Immutable: every {@code with…} method returns a copy.
 */
public final class ConfigKey {
    private final String name;
    private final ConfigType type;
    private final boolean required;
    private final boolean sensitive;
    private final @Nullable Object defaultValue;
    private final @Nullable Validator validator;
    private final String description;

    private ConfigKey(String name, ConfigType type, boolean required, boolean sensitive,
                      @Nullable Object defaultValue, @Nullable Validator validator, String description) {
        this.name = Objects.requireNonNull(name, "name");
        this.type = Objects.requireNonNull(type, "type");
        this.required = required;
        this.sensitive = sensitive;
        this.defaultValue = defaultValue;
        this.validator = validator;
        this.description = description;
    }

    public static ConfigKey of(String name, ConfigType type) {
        return new ConfigKey(name, type, false, false, null, null, "");
    }

    public static ConfigKey string(String name) {
        return of(name, ConfigType.STRING);
    }

    public static ConfigKey integer(String name) {
        return of(name, ConfigType.INT);
    }

    public static ConfigKey bool(String name) {
        return of(name, ConfigType.BOOLEAN);
    }

    public static ConfigKey duration(String name) {
        return of(name, ConfigType.DURATION);
    }

    public ConfigKey required() {
        return new ConfigKey(name, type, true, sensitive, defaultValue, validator, description);
    }

    /** A secret: its value is never shown in problems, logs or {@code toString}. */
    public ConfigKey sensitive() {
        return new ConfigKey(name, type, required, true, defaultValue, validator, description);
    }

    public ConfigKey defaultValue(Object value) {
        return new ConfigKey(name, type, required, sensitive, value, validator, description);
    }

    public ConfigKey validator(Validator value) {
        return new ConfigKey(name, type, required, sensitive, defaultValue, value, description);
    }

    public ConfigKey description(String value) {
        return new ConfigKey(name, type, required, sensitive, defaultValue, validator, value);
    }

    public String name() {
        return name;
    }

    public ConfigType type() {
        return type;
    }

    public boolean isRequired() {
        return required;
    }

    public boolean isSensitive() {
        return sensitive;
    }

    public @Nullable Object defaultValue() {
        return defaultValue;
    }

    public @Nullable Validator validator() {
        return validator;
    }

    public String description() {
        return description;
    }

    @Override
    public String toString() {
        return "ConfigKey[" + name + ": " + type + (required ? ", required" : "") + (sensitive ? ", sensitive" : "") + "]";
    }
}
