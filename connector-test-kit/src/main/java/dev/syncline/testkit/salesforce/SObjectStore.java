package dev.syncline.testkit.salesforce;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The fake org's records and the rules Salesforce applies when it upserts one by external id:
 * matching, relationship references by external id, required fields on create and update, email
 * and length checks, and typed values (numbers, booleans, dates) whether they came as JSON or CSV.
 * Not thread-safe: {@link FakeSalesforce} serialises all access.
 */
final class SObjectStore {
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    private static final DateTimeFormatter SF_DATETIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXX");

    private final Map<String, SObjectType> types = new LinkedHashMap<>();
    private final Map<String, Map<String, Map<String, @Nullable Object>>> records = new HashMap<>();
    private final AtomicLong ids = new AtomicLong();
    /** type/field/value → record id, for every external id field: lookups stay O(1) for large backfills. */
    private final Map<String, String> externalIndex = new HashMap<>();

    SObjectStore() {
        SObjectType.standard().forEach(this::define);
    }

    void define(SObjectType type) {
        types.put(type.name(), type);
        records.computeIfAbsent(type.name(), k -> new LinkedHashMap<>());
    }

    Optional<SObjectType> type(String name) {
        return Optional.ofNullable(types.get(name));
    }

    /** Records of one type by id, in creation order. */
    Map<String, Map<String, @Nullable Object>> table(String type) {
        return records.computeIfAbsent(type, k -> new LinkedHashMap<>());
    }

    Optional<Map<String, @Nullable Object>> byExternalId(String type, String field, String value) {
        String id = externalIndex.get(type + "/" + field + "/" + value);
        return id == null ? Optional.empty() : Optional.ofNullable(table(type).get(id));
    }

    private void put(String type, String id, Map<String, @Nullable Object> record) {
        Map<String, @Nullable Object> previous = table(type).put(id, record);
        index(type, previous, false);
        index(type, record, true);
    }

    private void remove(String type, String id) {
        index(type, table(type).remove(id), false);
    }

    private void index(String type, @Nullable Map<String, @Nullable Object> record, boolean add) {
        if (record == null) {
            return;
        }
        SObjectType meta = types.get(type);
        for (FieldDef field : meta == null ? List.<FieldDef>of() : List.copyOf(meta.fields().values())) {
            Object value = record.get(field.name());
            if (field.externalId() && value != null) {
                String key = type + "/" + field.name() + "/" + value;
                if (add) {
                    externalIndex.put(key, (String) record.get("Id"));
                } else {
                    externalIndex.remove(key);
                }
            }
        }
    }

    /** The undo record of one write: the record's state before it, null if it did not exist. */
    record Undo(String type, String id, @Nullable Map<String, @Nullable Object> before) {}

    /**
     * Upserts one record by {@code externalIdField}.
     *
     * @param raw field values; JSON scalars, CSV strings, or {@code {"ExtField__c": "v"}} maps for relationships
     * @param undo receives how to roll the write back
     */
    SaveResult upsert(SObjectType type, String externalIdField, Map<String, @Nullable Object> raw, List<Undo> undo) {
        Object extRaw = raw.get(externalIdField);
        if (extRaw == null || String.valueOf(extRaw).isEmpty()) {
            return SaveResult.error("MISSING_ARGUMENT", externalIdField + " not specified", List.of(externalIdField));
        }
        String extValue = String.valueOf(extRaw);
        Map<String, @Nullable Object> values = new LinkedHashMap<>();
        for (Map.Entry<String, @Nullable Object> e : raw.entrySet()) {
            String name = e.getKey();
            if (e.getValue() instanceof Map<?, ?> reference) {
                Optional<FieldDef> lookup = type.relationship(name);
                if (lookup.isEmpty() || reference.size() != 1) {
                    return SaveResult.error("INVALID_FIELD", "No such relationship '" + name + "' on sobject of type " + type.name(), List.of(name));
                }
                Map.Entry<?, ?> key = reference.entrySet().iterator().next();
                String parentType = lookup.get().referenceTo();
                Optional<Map<String, @Nullable Object>> parent = byExternalId(parentType, String.valueOf(key.getKey()), String.valueOf(key.getValue()));
                if (parent.isEmpty()) {
                    return SaveResult.error("INVALID_FIELD", "Foreign key external ID: " + key.getValue() + " not found for field "
                            + key.getKey() + " in entity " + parentType, List.of(name));
                }
                values.put(lookup.get().name(), parent.get().get("Id"));
                continue;
            }
            FieldDef field = type.field(name).orElseThrow(() -> new IllegalStateException("unchecked field " + name));
            Object value;
            try {
                value = typed(field, e.getValue());
            } catch (IllegalArgumentException bad) {
                return SaveResult.error("INVALID_TYPE_ON_FIELD_IN_RECORD", name + ": value not of required type: " + e.getValue(), List.of(name));
            }
            if (value instanceof String text) {
                if (field.kind() == FieldDef.Kind.EMAIL && !EMAIL.matcher(text).matches()) {
                    return SaveResult.error("INVALID_EMAIL_ADDRESS", name + ": invalid email address: " + text, List.of(name));
                }
                if (field.length() > 0 && text.length() > field.length()) {
                    return SaveResult.error("STRING_TOO_LONG", type.name() + " " + name + ": data value too large: "
                            + text.substring(0, Math.min(20, text.length())) + "… (max length=" + field.length() + ")", List.of(name));
                }
            }
            values.put(name, value);
        }
        Optional<Map<String, @Nullable Object>> existing = byExternalId(type.name(), externalIdField, extValue);
        Map<String, @Nullable Object> merged = new LinkedHashMap<>(existing.orElseGet(LinkedHashMap::new));
        values.forEach((k, v) -> {
            if (v == null) {
                merged.remove(k);
            } else {
                merged.put(k, v);
            }
        });
        List<String> missing = type.fields().values().stream().filter(FieldDef::required).map(FieldDef::name)
                .filter(n -> merged.get(n) == null).sorted().toList();
        if (!missing.isEmpty()) {
            return SaveResult.error("REQUIRED_FIELD_MISSING", "Required fields are missing: " + missing, missing);
        }
        String id = existing.map(r -> (String) r.get("Id")).orElseGet(() -> newId(type));
        merged.put("Id", id);
        undo.add(new Undo(type.name(), id, existing.map(LinkedHashMap::new).orElse(null)));
        put(type.name(), id, merged);
        return SaveResult.ok(id, existing.isEmpty());
    }

    void rollBack(List<Undo> undo) {
        for (int i = undo.size() - 1; i >= 0; i--) {
            Undo u = undo.get(i);
            if (u.before() == null) {
                remove(u.type(), u.id());
            } else {
                put(u.type(), u.id(), u.before());
            }
        }
    }

    /** Field names of {@code raw} the type does not have (relationship references checked by name). */
    List<String> unknownFields(SObjectType type, Iterable<String> names) {
        List<String> unknown = new ArrayList<>();
        for (String name : names) {
            if (type.field(name).isEmpty() && type.relationship(name).isEmpty()) {
                unknown.add(name);
            }
        }
        return unknown;
    }

    private String newId(SObjectType type) {
        // 15 significant characters plus a 3-character suffix, like real 18-character ids.
        return type.keyPrefix() + "R" + String.format("%011d", ids.incrementAndGet()) + "AAA";
    }

    /** JSON values and CSV text become the same stored form, so both write paths can be compared. */
    private static @Nullable Object typed(FieldDef field, @Nullable Object value) {
        if (value == null) {
            return null;
        }
        String text = String.valueOf(value);
        return switch (field.kind()) {
            case NUMBER -> value instanceof Number n ? new BigDecimal(n.toString()) : new BigDecimal(text.trim());
            case BOOLEAN -> {
                if (value instanceof Boolean b) {
                    yield b;
                }
                if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
                    yield Boolean.parseBoolean(text);
                }
                throw new IllegalArgumentException(text);
            }
            case DATE -> {
                try {
                    yield LocalDate.parse(text).toString();
                } catch (DateTimeParseException e) {
                    throw new IllegalArgumentException(text, e);
                }
            }
            case DATETIME -> {
                try {
                    yield OffsetDateTime.parse(text, SF_DATETIME).toInstant().toString();
                } catch (DateTimeParseException e) {
                    try {
                        yield OffsetDateTime.parse(text).toInstant().toString();
                    } catch (DateTimeParseException again) {
                        throw new IllegalArgumentException(text, again);
                    }
                }
            }
            case TEXT, EMAIL, REFERENCE -> text;
        };
    }
}
