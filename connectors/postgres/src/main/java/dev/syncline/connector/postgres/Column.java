package dev.syncline.connector.postgres;

import dev.syncline.connector.schema.FieldType;
import java.math.BigDecimal;
import java.time.OffsetDateTime;

/**
 * One typed column, derived from one top-level field of a Stripe object.
 *
 * @param name the column name: the field name, unchanged
 * @param fieldType the field's destination-neutral type
 */
record Column(String name, FieldType fieldType) {

    /** The Postgres type. Enums stay {@code text}: a new Stripe value must never fail a write. */
    String sqlType() {
        return switch (fieldType) {
            case TEXT, REFERENCE -> "text";
            case BIGINT -> "bigint";
            case NUMERIC -> "numeric";
            case BOOLEAN -> "boolean";
            case TIMESTAMP -> "timestamptz";
            case JSON -> "jsonb";
        };
    }

    /** The Java type the driver binds for this column, needed to bind a typed null. */
    Class<?> bindType() {
        return switch (fieldType) {
            case TEXT, REFERENCE -> String.class;
            case BIGINT -> Long.class;
            case NUMERIC -> BigDecimal.class;
            case BOOLEAN -> Boolean.class;
            case TIMESTAMP -> OffsetDateTime.class;
            case JSON -> io.r2dbc.postgresql.codec.Json.class;
        };
    }
}
