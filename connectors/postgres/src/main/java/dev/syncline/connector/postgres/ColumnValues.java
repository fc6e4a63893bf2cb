package dev.syncline.connector.postgres;

import dev.syncline.connector.schema.FieldType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Converts a field's JSON value into the value bound for its typed column.
 *
 * <p>A value that does not fit its column (a string in a {@code bigint} column, a fraction for a
 * timestamp) comes back as {@link Optional#empty()}: the caller writes null and counts it, and the
 * value survives in {@code _raw}. Stripe changing a field's shape must never fail a write.
 */
final class ColumnValues {
    // Postgres timestamptz spans 4713 BC to 294276 AD; Java's Instant spans more.
    private static final long MIN_EPOCH_SECOND = Instant.parse("-4712-01-01T00:00:00Z").getEpochSecond();
    private static final long MAX_EPOCH_SECOND = Instant.parse("+294275-12-31T23:59:59Z").getEpochSecond();
    private static final BigInteger MIN_LONG = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger MAX_LONG = BigInteger.valueOf(Long.MAX_VALUE);

    private ColumnValues() {}

    /**
     * The value to bind, {@code Optional.of(NULL)} for a JSON null or an absent field, empty if the
     * value does not fit.
     */
    static Optional<Object> convert(FieldType type, @Nullable Object value) {
        if (value == null) {
            return Optional.of(Null.INSTANCE);
        }
        return Optional.ofNullable(switch (type) {
            case TEXT -> text(value);
            case BIGINT -> bigint(value);
            case NUMERIC -> numeric(value);
            case BOOLEAN -> value instanceof Boolean b ? b : null;
            case TIMESTAMP -> timestamp(value);
            case JSON -> new JsonValue(value);
            case REFERENCE -> reference(value);
        });
    }

    /** Marks a value that fits and is null, as opposed to one that does not fit. */
    enum Null { INSTANCE }

    private static @Nullable String text(Object value) {
        if (value instanceof Map<?, ?> || value instanceof List<?>) {
            return null;
        }
        String text = value instanceof BigDecimal d ? d.toPlainString() : String.valueOf(value);
        // Postgres text cannot hold NUL; jsonb in _raw keeps the escaped form.
        return text.indexOf('\0') >= 0 ? null : text;
    }

    private static @Nullable Long bigint(Object value) {
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        BigInteger whole = wholeNumber(value);
        if (whole == null || whole.compareTo(MIN_LONG) < 0 || whole.compareTo(MAX_LONG) > 0) {
            return null;
        }
        return whole.longValue();
    }

    private static @Nullable BigDecimal numeric(Object value) {
        if (value instanceof BigDecimal d) {
            return d;
        }
        if (value instanceof BigInteger i) {
            return new BigDecimal(i);
        }
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return BigDecimal.valueOf(((Number) value).longValue());
        }
        if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            return Double.isFinite(d) ? BigDecimal.valueOf(d) : null;
        }
        // Stripe sends decimal fields (unit_amount_decimal) as strings to keep their precision.
        if (value instanceof String s) {
            try {
                return new BigDecimal(s.trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    private static @Nullable OffsetDateTime timestamp(Object value) {
        // Every timestamp Stripe sends decodes as a Long; it is checked without a BigInteger.
        if (value instanceof Long l) {
            return l < MIN_EPOCH_SECOND || l > MAX_EPOCH_SECOND ? null
                    : OffsetDateTime.ofInstant(Instant.ofEpochSecond(l), ZoneOffset.UTC);
        }
        BigInteger seconds = wholeNumber(value);
        if (seconds == null || seconds.compareTo(BigInteger.valueOf(MIN_EPOCH_SECOND)) < 0
                || seconds.compareTo(BigInteger.valueOf(MAX_EPOCH_SECOND)) > 0) {
            return null;
        }
        return OffsetDateTime.ofInstant(Instant.ofEpochSecond(seconds.longValue()), ZoneOffset.UTC);
    }

    // Expanded or not, a reference is stored as the id analysts join on.
    private static @Nullable String reference(Object value) {
        if (value instanceof String id) {
            return id.indexOf('\0') >= 0 ? null : id;
        }
        if (value instanceof Map<?, ?> expanded && expanded.get("id") instanceof String id) {
            return id.indexOf('\0') >= 0 ? null : id;
        }
        return null;
    }

    private static @Nullable BigInteger wholeNumber(Object value) {
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return BigInteger.valueOf(((Number) value).longValue());
        }
        if (value instanceof BigInteger i) {
            return i;
        }
        if (value instanceof BigDecimal d) {
            try {
                return d.toBigIntegerExact();
            } catch (ArithmeticException e) {
                return null;
            }
        }
        return null;
    }
}
