package dev.syncline.connector.config;

/** The type of a configuration value, used to coerce what the YAML parser produced. */
public enum ConfigType {
    STRING,
    INT,
    LONG,
    BOOLEAN,
    /** A duration such as {@code 500ms}, {@code 30s}, {@code 5m} or ISO-8601 {@code PT30S}. */
    DURATION,
    /** A list of strings. */
    LIST,
    /** A nested map, validated by the connector itself. */
    MAP
}
