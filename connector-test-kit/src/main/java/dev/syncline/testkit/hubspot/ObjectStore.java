package dev.syncline.testkit.hubspot;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
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
 * The records and property definitions of one object type. Every property with
 * {@code hasUniqueValue} is indexed over the records that are not archived, as HubSpot lets an
 * archived record's unique value be used again. Not thread-safe: {@link FakeHubSpot} serialises access.
 */
final class ObjectStore {
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

    private final String name;
    private final AtomicLong ids;
    private final Map<String, HubSpotProperty> properties = new LinkedHashMap<>();
    private final Map<String, MutableRecord> records = new LinkedHashMap<>();
    private final Map<String, Map<String, String>> unique = new HashMap<>();

    ObjectStore(String name, AtomicLong ids, List<HubSpotProperty> builtIns) {
        this.name = name;
        this.ids = ids;
        define(HubSpotProperty.uniqueBuiltIn("hs_object_id"));
        builtIns.forEach(this::define);
    }

    String name() {
        return name;
    }

    Map<String, HubSpotProperty> properties() {
        return properties;
    }

    /** Adds a property; false if one of that name exists. */
    boolean define(HubSpotProperty property) {
        if (properties.putIfAbsent(property.name(), property) != null) {
            return false;
        }
        if (property.hasUniqueValue()) {
            unique.put(property.name(), new HashMap<>());
        }
        return true;
    }

    /** A problem with one property value, in HubSpot's terms. */
    record Invalid(String property, String code, String message) {}

    /** What is wrong with these values; empty if they may be written. */
    List<Invalid> validate(Map<String, String> values) {
        List<Invalid> problems = new ArrayList<>();
        values.forEach((property, value) -> check(property, value).ifPresent(problems::add));
        return problems;
    }

    private Optional<Invalid> check(String property, String value) {
        HubSpotProperty definition = properties.get(property);
        if (definition == null) {
            return Optional.of(new Invalid(property, "PROPERTY_DOESNT_EXIST", "Property \"" + property + "\" does not exist"));
        }
        if (value.isEmpty()) {
            return Optional.empty(); // an empty string clears the property
        }
        if (property.equals("email") && !EMAIL.matcher(value).matches()) {
            return Optional.of(new Invalid(property, "INVALID_EMAIL", "Email address " + value + " is invalid"));
        }
        boolean ok = switch (definition.type()) {
            case "number" -> isNumber(value);
            case "enumeration", "bool" -> definition.options().contains(value);
            case "date" -> isMidnightDate(value);
            case "datetime" -> isDateTime(value);
            default -> true;
        };
        if (ok) {
            return Optional.empty();
        }
        String code = switch (definition.type()) {
            case "number" -> "INVALID_INTEGER";
            case "date" -> "INVALID_DATE";
            case "datetime" -> "INVALID_DATETIME";
            default -> "INVALID_OPTION";
        };
        return Optional.of(new Invalid(property, code, value + " was not a valid " + definition.type() + " for " + property));
    }

    /** The record holding {@code value} in {@code property}, archived ones only if asked. */
    Optional<MutableRecord> find(String property, String value, boolean archived) {
        if (property.equals("hs_object_id")) {
            MutableRecord record = records.get(value);
            return record == null || record.archived != archived ? Optional.empty() : Optional.of(record);
        }
        if (!archived && unique.containsKey(property)) {
            String id = unique.get(property).get(value);
            return Optional.ofNullable(id == null ? null : records.get(id));
        }
        return records.values().stream()
                .filter(r -> r.archived == archived && value.equals(r.properties.get(property)))
                .findFirst();
    }

    /** The record other than {@code self} that already holds one of the unique values, if any. */
    Optional<String> conflict(@Nullable MutableRecord self, Map<String, String> values) {
        for (Map.Entry<String, String> e : values.entrySet()) {
            Map<String, String> index = unique.get(e.getKey());
            if (index == null || e.getValue().isEmpty()) {
                continue;
            }
            String holder = index.get(e.getValue());
            if (holder != null && (self == null || !holder.equals(self.id))) {
                return Optional.of("A " + singular() + " with the " + e.getKey() + " '" + e.getValue()
                        + "' already exists. Existing ID: " + holder);
            }
        }
        return Optional.empty();
    }

    MutableRecord create(Map<String, String> values, Instant now) {
        MutableRecord record = new MutableRecord(Long.toString(ids.incrementAndGet()), now);
        records.put(record.id, record);
        record.properties.put("hs_object_id", record.id);
        write(record, values, now);
        record.writes = 0;
        return record;
    }

    /** Sets the values (an empty string clears one) and keeps the unique indexes. */
    void write(MutableRecord record, Map<String, String> values, Instant now) {
        values.forEach((property, value) -> {
            Map<String, String> index = unique.get(property);
            String old = record.properties.get(property);
            if (index != null && old != null) {
                index.remove(old, record.id);
            }
            if (value.isEmpty()) {
                record.properties.remove(property);
            } else {
                record.properties.put(property, value);
                if (index != null) {
                    index.put(value, record.id);
                }
            }
        });
        record.updatedAt = now;
        record.writes++;
    }

    void archive(MutableRecord record, Instant now) {
        if (record.archived) {
            return;
        }
        record.properties.forEach((property, value) -> {
            Map<String, String> index = unique.get(property);
            if (index != null && !property.equals("hs_object_id")) {
                index.remove(value, record.id);
            }
        });
        record.archived = true;
        record.updatedAt = now;
    }

    List<HubSpotRecord> snapshot() {
        return records.values().stream().map(MutableRecord::snapshot).toList();
    }

    /** HubSpot's upper-case singular name in messages: {@code CONTACT}, {@code DEAL}. */
    String singular() {
        String base = name.endsWith("ies") ? name.substring(0, name.length() - 3) + "y"
                : name.endsWith("s") ? name.substring(0, name.length() - 1) : name;
        return base.toLowerCase(java.util.Locale.ROOT);
    }

    private static boolean isNumber(String value) {
        try {
            new BigDecimal(value);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    // HubSpot date properties hold midnight UTC: an ISO date or epoch milliseconds of a midnight.
    private static boolean isMidnightDate(String value) {
        try {
            LocalDate.parse(value);
            return true;
        } catch (DateTimeParseException e) {
            return value.matches("\\d+") && Long.parseLong(value) % 86_400_000L == 0;
        }
    }

    private static boolean isDateTime(String value) {
        if (value.matches("\\d+")) {
            return true;
        }
        try {
            Instant.parse(value);
            return true;
        } catch (DateTimeParseException e) {
            return isMidnightDate(value);
        }
    }

    /** A record as the store holds it. */
    static final class MutableRecord {
        final String id;
        final Map<String, String> properties = new LinkedHashMap<>();
        final Instant createdAt;
        Instant updatedAt;
        boolean archived;
        int writes;

        MutableRecord(String id, Instant now) {
            this.id = id;
            this.createdAt = now;
            this.updatedAt = now;
        }

        HubSpotRecord snapshot() {
            return new HubSpotRecord(id, properties, archived, createdAt, updatedAt, writes);
        }
    }
}
