package dev.syncline.connector.hubspot;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Computes the HubSpot property values of one Stripe object for one {@link TargetMapping}. A value
 * that is absent in Stripe maps to the empty string, which clears the property in HubSpot: the
 * CRM must not keep a phone number the customer removed.
 */
final class Projection {
    private static final Set<String> FREE_MAIL = Set.of("gmail.com", "googlemail.com", "yahoo.com", "hotmail.com",
            "outlook.com", "live.com", "icloud.com", "me.com", "aol.com", "gmx.de", "gmx.net", "web.de", "proton.me",
            "protonmail.com", "yandex.ru", "mail.ru", "qq.com", "163.com");

    private Projection() {}

    /** Every mapped property of {@code target}, in mapping order. */
    static Map<String, String> of(TargetMapping target, Map<String, @Nullable Object> payload) {
        Map<String, String> values = new LinkedHashMap<>();
        for (PropertyMapping mapping : target.properties()) {
            values.put(mapping.property(), value(mapping, payload));
        }
        return values;
    }

    static String value(PropertyMapping mapping, Map<String, @Nullable Object> payload) {
        if (mapping.constant() != null) {
            return mapping.constant();
        }
        List<String> parts = new ArrayList<>();
        for (String path : mapping.paths()) {
            String part = transform(mapping.transform(), read(payload, path), payload);
            if (!part.isEmpty()) {
                parts.add(part);
            }
        }
        String value = String.join(mapping.separator(), parts);
        value = mapping.values().getOrDefault(value, value);
        if (mapping.format() != null && !value.isEmpty()) {
            value = String.format(Locale.ROOT, mapping.format(), value);
        }
        return value;
    }

    /** The value at a dotted path such as {@code address.city}; null if any step is missing. */
    static @Nullable Object read(Map<String, @Nullable Object> payload, String path) {
        Object current = payload;
        for (String step : path.split("\\.")) {
            if (!(current instanceof Map<?, ?> map)) {
                return null;
            }
            current = map.get(step);
        }
        return current;
    }

    /** The id a reference field holds, whether Stripe sent it as an id or expanded it into an object. */
    static @Nullable String referencedId(Map<String, @Nullable Object> payload, String field) {
        Object value = payload.get(field);
        if (value instanceof String id) {
            return id;
        }
        return value instanceof Map<?, ?> expanded && expanded.get("id") instanceof String id ? id : null;
    }

    private static String transform(Transform transform, @Nullable Object value, Map<String, @Nullable Object> payload) {
        if (transform == Transform.RECURRING_AMOUNT) {
            return recurringAmount(value, payload);
        }
        if (value == null) {
            return "";
        }
        String text = text(value);
        return switch (transform) {
            case NONE -> text;
            case AMOUNT -> value instanceof Number n ? Currencies.major(decimal(n), currency(payload)) : "";
            case DATE -> value instanceof Number n ? Instant.ofEpochSecond(n.longValue()).atZone(ZoneOffset.UTC).toLocalDate().toString() : "";
            case DATETIME -> value instanceof Number n ? Instant.ofEpochSecond(n.longValue()).toString() : "";
            case BOOL -> Boolean.toString(Boolean.TRUE.equals(value) || "true".equals(text));
            case FIRST_WORD -> text.strip().split("\\s+", 2)[0];
            case REST_WORDS -> {
                String[] words = text.strip().split("\\s+", 2);
                yield words.length == 2 ? words[1] : words[0];
            }
            case UPPER -> text.toUpperCase(Locale.ROOT);
            case LOWER -> text.toLowerCase(Locale.ROOT);
            case EMAIL_DOMAIN -> {
                int at = text.lastIndexOf('@');
                String domain = at < 0 ? "" : text.substring(at + 1).toLowerCase(Locale.ROOT);
                yield FREE_MAIL.contains(domain) ? "" : domain;
            }
            case RECURRING_AMOUNT -> throw new IllegalStateException("handled above");
        };
    }

    // Σ price.unit_amount × quantity over items.data: the recurring amount before discounts.
    private static String recurringAmount(@Nullable Object items, Map<String, @Nullable Object> payload) {
        Object data = items instanceof Map<?, ?> list ? list.get("data") : items;
        if (!(data instanceof List<?> entries)) {
            return "";
        }
        BigDecimal total = BigDecimal.ZERO;
        for (Object entry : entries) {
            if (entry instanceof Map<?, ?> item && item.get("price") instanceof Map<?, ?> price
                    && price.get("unit_amount") instanceof Number unit) {
                long quantity = item.get("quantity") instanceof Number q ? q.longValue() : 1L;
                total = total.add(decimal(unit).multiply(BigDecimal.valueOf(quantity)));
            }
        }
        return Currencies.major(total, currency(payload));
    }

    private static String currency(Map<String, @Nullable Object> payload) {
        return payload.get("currency") instanceof String c ? c : "usd";
    }

    private static BigDecimal decimal(Number n) {
        return n instanceof BigDecimal d ? d : new BigDecimal(n.toString());
    }

    private static String text(Object value) {
        if (value instanceof BigDecimal d) {
            return d.toPlainString();
        }
        if (value instanceof Map<?, ?> map) {
            return map.get("id") instanceof String id ? id : dev.syncline.connector.record.Json.write(map);
        }
        if (value instanceof List<?> list) {
            return dev.syncline.connector.record.Json.write(list);
        }
        return String.valueOf(value);
    }
}
