package dev.syncline.connector.postgres;

import dev.syncline.connector.schema.FieldType;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

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

    /**
     * The column for a field the object's schema does not list (Stripe added it after the pinned
     * version), typed from its first non-null value. Conservative on purpose: integers never become
     * timestamps, because a later value that does not fit only costs a null, a wrong guess costs
     * analysts a misleading type forever.
     */
    static Optional<Column> inferred(String name, @Nullable Object value) {
        FieldType type;
        if (value instanceof Boolean) {
            type = FieldType.BOOLEAN;
        } else if (value instanceof Long || value instanceof Integer || value instanceof java.math.BigInteger) {
            type = FieldType.BIGINT;
        } else if (value instanceof BigDecimal) {
            type = FieldType.NUMERIC;
        } else if (value instanceof String) {
            type = FieldType.TEXT;
        } else if (value instanceof Map<?, ?> || value instanceof List<?>) {
            type = FieldType.JSON;
        } else {
            return Optional.empty();
        }
        return Optional.of(new Column(name, type));
    }

    /**
     * The column for one found in an existing table ({@code information_schema.columns.data_type}),
     * so a field added by an earlier run keeps its type; empty for a type the connector never creates.
     */
    static Optional<Column> existing(String name, String dataType) {
        FieldType type = switch (dataType) {
            case "text", "character varying" -> FieldType.TEXT;
            case "bigint", "integer", "smallint" -> FieldType.BIGINT;
            case "numeric", "double precision", "real" -> FieldType.NUMERIC;
            case "boolean" -> FieldType.BOOLEAN;
            case "timestamp with time zone" -> FieldType.TIMESTAMP;
            case "jsonb" -> FieldType.JSON;
            default -> null;
        };
        return type == null ? Optional.empty() : Optional.of(new Column(name, type));
    }
}
