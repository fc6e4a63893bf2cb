package dev.syncline.connector.salesforce;

import dev.syncline.connector.record.Json;
import dev.syncline.connector.record.SyncRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Turns one Stripe object into the field values of one sObject record, following a
 * {@link TargetMapping}. The external id comes first; parent references are one-entry maps
 * ({@code {"Stripe_Customer_Id__c": "cus_…"}}); the version and archive fields are left to the
 * caller, so the values can be compared between versions.
 */
final class RecordMapper {
    private RecordMapper() {}

    /** The mapped fields of an upsert, null values included (they clear the field in Salesforce). */
    static Map<String, @Nullable Object> upsert(TargetMapping target, SyncRecord record) {
        Map<String, @Nullable Object> fields = new LinkedHashMap<>();
        fields.put(target.externalIdField(), record.key().id());
        Map<String, @Nullable Object> payload = record.payload();
        String currency = payload.get("currency") instanceof String c ? c : null;
        for (FieldRule rule : target.fields()) {
            Object value = value(rule, payload, currency);
            if (rule.isReference()) {
                // No parent is "no reference", not "clear the reference": a null would detach the record.
                if (value != null) {
                    fields.put(rule.field(), Map.of(rule.reference(), String.valueOf(value)));
                }
            } else {
                fields.put(rule.field(), value);
            }
        }
        return fields;
    }

    /**
     * The fields a delete sends: the external id, and for {@link OnDelete#CLEAR} an empty value for
     * every mapped field Salesforce allows to be empty.
     *
     * @param nillable the target's fields that may be emptied, as Salesforce's describe reported them
     */
    static Map<String, @Nullable Object> tombstone(TargetMapping target, SyncRecord record, Set<String> nillable) {
        Map<String, @Nullable Object> fields = new LinkedHashMap<>();
        fields.put(target.externalIdField(), record.key().id());
        if (target.onDelete() == OnDelete.CLEAR) {
            for (FieldRule rule : target.fields()) {
                if (!rule.isReference() && nillable.contains(rule.field())) {
                    fields.put(rule.field(), null);
                }
            }
        }
        return fields;
    }

    static @Nullable Object value(FieldRule rule, Map<String, @Nullable Object> payload, @Nullable String currency) {
        Object value;
        if (rule.join() != null) {
            List<String> parts = new ArrayList<>();
            for (String path : rule.from()) {
                Object part = scalar(resolve(payload, path));
                if (part != null && !String.valueOf(part).isBlank()) {
                    parts.add(String.valueOf(part));
                }
            }
            value = parts.isEmpty() ? null : String.join(rule.join(), parts);
        } else {
            value = null;
            for (String path : rule.from()) {
                Object candidate = rule.transform() == Transform.ITEMS_AMOUNT ? resolve(payload, path) : scalar(resolve(payload, path));
                if (candidate != null && !(candidate instanceof String s && s.isBlank())) {
                    value = candidate;
                    break;
                }
            }
        }
        if (value != null) {
            try {
                value = rule.transform().apply(value, currency);
            } catch (IllegalArgumentException | ArithmeticException e) {
                // A value that does not fit is sent as nothing rather than failing the whole record.
                value = null;
            }
        }
        if (!rule.values().isEmpty()) {
            value = value == null ? null : rule.values().get(String.valueOf(value));
        }
        return value == null ? rule.defaultValue() : value;
    }

    /** Follows {@code a.b.c} through nested objects; null where a step is missing. */
    static @Nullable Object resolve(Map<String, @Nullable Object> payload, String path) {
        Object current = payload;
        for (String step : path.split("\\.")) {
            if (!(current instanceof Map<?, ?> map)) {
                return null;
            }
            current = map.get(step);
        }
        return current;
    }

    /** An expanded Stripe object stands for its id; other nested values are sent as JSON text. */
    private static @Nullable Object scalar(@Nullable Object value) {
        if (value instanceof Map<?, ?> map && map.get("id") instanceof String id && map.containsKey("object")) {
            return id;
        }
        if (value instanceof Map<?, ?> || value instanceof List<?>) {
            return Json.write(value);
        }
        return value;
    }
}
