package dev.syncline.connector.salesforce;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * How a Stripe value becomes a Salesforce field value. Stripe sends amounts in the currency's
 * smallest unit and times as Unix seconds; Salesforce wants decimals and ISO-8601.
 */
enum Transform {
    /** The value as it is (nested objects as JSON text). */
    NONE("none"),
    /** Minor units to a decimal by the currency's exponent: 1999 usd → 19.99, 500 jpy → 500. */
    DECIMAL("decimal"),
    /** Unix seconds to {@code yyyy-MM-dd} (UTC). */
    DATE("date"),
    /** Unix seconds to {@code yyyy-MM-dd'T'HH:mm:ss.SSS+0000}. */
    DATETIME("datetime"),
    /** The words before the last one ("Ada King Lovelace" → "Ada King"); nothing for one word. */
    FIRST_NAME("first-name"),
    /** The last word of a name; for an email address, its local part; a single word as it is. */
    LAST_NAME("last-name"),
    /** Σ unit_amount × quantity over a subscription's {@code items.data}, as a decimal of its currency. */
    ITEMS_AMOUNT("items-amount");

    /** Stripe's zero-decimal currencies: amounts are already in major units. */
    private static final Set<String> ZERO_DECIMAL = Set.of("bif", "clp", "djf", "gnf", "jpy", "kmf", "krw", "mga", "pyg",
            "rwf", "ugx", "vnd", "vuv", "xaf", "xof", "xpf");
    /** Stripe's three-decimal currencies. */
    private static final Set<String> THREE_DECIMAL = Set.of("bhd", "jod", "kwd", "omr", "tnd");
    private static final DateTimeFormatter SF_DATETIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSxx").withZone(ZoneOffset.UTC);

    private final String configName;

    Transform(String configName) {
        this.configName = configName;
    }

    String configName() {
        return configName;
    }

    static Optional<Transform> byName(String name) {
        for (Transform t : values()) {
            if (t.configName.equals(name)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    static List<String> names() {
        return java.util.Arrays.stream(values()).map(Transform::configName).toList();
    }

    /**
     * @param value the resolved value, already non-null
     * @param currency the object's currency, for {@link #DECIMAL} and {@link #ITEMS_AMOUNT}
     * @throws IllegalArgumentException if the value does not fit the transform
     */
    @Nullable Object apply(Object value, @Nullable String currency) {
        return switch (this) {
            case NONE -> value;
            case DECIMAL -> major(number(value), currency);
            case DATE -> DateTimeFormatter.ISO_LOCAL_DATE.format(Instant.ofEpochSecond(number(value).longValueExact()).atZone(ZoneOffset.UTC));
            case DATETIME -> SF_DATETIME.format(Instant.ofEpochSecond(number(value).longValueExact()));
            case FIRST_NAME -> {
                String text = String.valueOf(value).strip();
                int space = text.lastIndexOf(' ');
                yield text.contains("@") || space < 0 ? null : text.substring(0, space).strip();
            }
            case LAST_NAME -> {
                String text = String.valueOf(value).strip();
                if (text.contains("@")) {
                    yield text.substring(0, text.indexOf('@'));
                }
                yield text.substring(text.lastIndexOf(' ') + 1);
            }
            case ITEMS_AMOUNT -> itemsAmount(value, currency);
        };
    }

    static BigDecimal major(BigDecimal minor, @Nullable String currency) {
        String code = currency == null ? "" : currency.toLowerCase(Locale.ROOT);
        int exponent = ZERO_DECIMAL.contains(code) ? 0 : THREE_DECIMAL.contains(code) ? 3 : 2;
        return minor.movePointLeft(exponent);
    }

    private static BigDecimal number(Object value) {
        if (value instanceof BigDecimal d) {
            return d;
        }
        if (value instanceof Number n) {
            return new BigDecimal(n.toString());
        }
        try {
            return new BigDecimal(String.valueOf(value).strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("is not a number");
        }
    }

    /** Items without a flat unit amount (tiered prices) are left out rather than guessed. */
    private static @Nullable Object itemsAmount(Object items, @Nullable String currency) {
        if (!(items instanceof Map<?, ?> list) || !(list.get("data") instanceof List<?> data)) {
            throw new IllegalArgumentException("is not a list of subscription items");
        }
        BigDecimal total = BigDecimal.ZERO;
        boolean any = false;
        for (Object item : data) {
            if (item instanceof Map<?, ?> entry && entry.get("price") instanceof Map<?, ?> price
                    && price.get("unit_amount") instanceof Number unit) {
                long quantity = entry.get("quantity") instanceof Number q ? q.longValue() : 1L;
                total = total.add(new BigDecimal(unit.toString()).multiply(BigDecimal.valueOf(quantity)));
                any = true;
            }
        }
        return any ? major(total, currency) : null;
    }
}
