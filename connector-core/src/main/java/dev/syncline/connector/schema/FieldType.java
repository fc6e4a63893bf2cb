package dev.syncline.connector.schema;

/**
 * The destination-neutral type of one top-level field of a Stripe object. Connectors map these to
 * their own types (for Postgres: {@code text}, {@code bigint}, {@code numeric}, {@code boolean},
 * {@code timestamptz}, {@code jsonb}).
 */
public enum FieldType {
    /** Strings, ids and enum values (enums stay text, so a new Stripe value never fails a write). */
    TEXT,
    /** Whole numbers such as amounts in minor units and counts. */
    BIGINT,
    /** Decimal numbers, such as {@code unit_amount_decimal} or percentages. */
    NUMERIC,
    BOOLEAN,
    /** Unix seconds in Stripe's JSON; a point in time in the destination. */
    TIMESTAMP,
    /** Nested objects, arrays and maps: kept whole. */
    JSON,
    /**
     * A reference to another object that Stripe may expand: the id when not expanded, the object
     * when expanded. Destinations store the id.
     */
    REFERENCE
}
