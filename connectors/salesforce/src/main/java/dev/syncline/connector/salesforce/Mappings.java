package dev.syncline.connector.salesforce;

import dev.syncline.connector.config.ConfigProblem;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The {@code mappings} block: per Stripe type, the sObjects it is written to. A type the block
 * does not name keeps its defaults ({@link DefaultMappings}); a type it names is written only to
 * the sObjects listed there, each with its default fields unless {@code fields} replaces them.
 *
 * <pre>{@code
 * mappings:
 *   customer:
 *     - object: Account
 *       on-delete: archive
 *       fields:
 *         Name: { from: [name, email, id] }
 *         BillingCity: address.city
 *         Stripe_Balance__c: { from: balance, transform: decimal }
 *   subscription: { object: Opportunity, on-delete: ignore }
 *   invoice: { object: Stripe_Invoice__c, external-id: Stripe_Invoice_Id__c, fields: { ... } }
 * }</pre>
 */
final class Mappings {
    private static final Pattern API_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");
    private static final Set<String> TARGET_KEYS = Set.of("object", "external-id", "on-delete", "version-field", "archive-field", "fields");
    private static final Set<String> FIELD_KEYS = Set.of("from", "join", "transform", "values", "default", "reference");
    private static final String NONE = "none";

    private final Map<String, List<TargetMapping>> byType;

    private Mappings(Map<String, List<TargetMapping>> byType) {
        this.byType = byType;
    }

    /** The targets of {@code stripeType}, parents first; empty if the type is not mapped. */
    List<TargetMapping> targets(String stripeType) {
        return byType.getOrDefault(stripeType, List.of());
    }

    /** Every target, in write order: types in declaration order, then their sObjects. */
    List<TargetMapping> all() {
        return byType.values().stream().flatMap(List::stream).toList();
    }

    /**
     * Reads the block, adding every problem to {@code problems} with its path below {@code basePath}.
     *
     * @param raw the YAML value of {@code mappings}, null for the defaults
     */
    static Mappings parse(String basePath, @Nullable Object raw, List<ConfigProblem> problems) {
        Map<String, List<TargetMapping>> byType = new LinkedHashMap<>();
        DefaultMappings.objects().forEach((type, objects) -> byType.put(type,
                objects.stream().map(o -> defaults(basePath + "." + type, type, o)).toList()));
        if (raw == null) {
            return new Mappings(byType);
        }
        if (!(raw instanceof Map<?, ?> block)) {
            problems.add(ConfigProblem.of(basePath, raw, "must map Stripe object types to Salesforce objects, for example customer: {object: Account}"));
            return new Mappings(byType);
        }
        for (Map.Entry<?, ?> entry : block.entrySet()) {
            String type = String.valueOf(entry.getKey());
            String typePath = basePath + "." + type;
            List<?> items = entry.getValue() instanceof List<?> list ? list : entry.getValue() == null ? List.of() : List.of(entry.getValue());
            List<TargetMapping> targets = new ArrayList<>();
            for (int i = 0; i < items.size(); i++) {
                String path = entry.getValue() instanceof List<?> ? typePath + "[" + i + "]" : typePath;
                target(path, type, items.get(i), problems).ifPresent(targets::add);
            }
            byType.put(type, List.copyOf(targets));
        }
        return new Mappings(byType);
    }

    private static TargetMapping defaults(String path, String type, String sObject) {
        return new TargetMapping(path, type, sObject, DefaultMappings.externalIdField(type), OnDelete.ARCHIVE,
                DefaultMappings.VERSION_FIELD, DefaultMappings.ARCHIVE_FIELD, DefaultMappings.fields(type, sObject));
    }

    private static Optional<TargetMapping> target(String path, String type, @Nullable Object raw, List<ConfigProblem> problems) {
        if (!(raw instanceof Map<?, ?> map)) {
            problems.add(ConfigProblem.of(path, raw, "must be a mapping with at least object: <sObject name>"));
            return Optional.empty();
        }
        int before = problems.size();
        unknownKeys(path, map, TARGET_KEYS, problems);
        String sObject = apiName(path + ".object", map.get("object"), true, problems);
        String external = map.get("external-id") == null ? DefaultMappings.externalIdField(type)
                : apiName(path + ".external-id", map.get("external-id"), true, problems);
        OnDelete onDelete = OnDelete.ARCHIVE;
        if (map.get("on-delete") != null) {
            Optional<OnDelete> parsed = OnDelete.byName(String.valueOf(map.get("on-delete")));
            if (parsed.isEmpty()) {
                problems.add(ConfigProblem.of(path + ".on-delete", map.get("on-delete"), "must be one of archive, clear, ignore"));
            }
            onDelete = parsed.orElse(OnDelete.ARCHIVE);
        }
        String version = optionalField(path + ".version-field", map.get("version-field"), DefaultMappings.VERSION_FIELD, problems);
        String archive = optionalField(path + ".archive-field", map.get("archive-field"), DefaultMappings.ARCHIVE_FIELD, problems);
        if (onDelete == OnDelete.ARCHIVE && archive == null && map.get("archive-field") != null) {
            problems.add(ConfigProblem.of(path + ".archive-field", map.get("archive-field"),
                    "must name a Checkbox field when on-delete is archive; use on-delete: clear or ignore to have none"));
        }
        List<FieldRule> fields;
        if (map.get("fields") == null) {
            fields = sObject == null ? List.of() : DefaultMappings.fields(type, sObject);
            if (sObject != null && fields.isEmpty()) {
                problems.add(new ConfigProblem(path + ".fields", null,
                        "is required: Syncline has no default fields for " + type + " in " + sObject));
            }
        } else {
            fields = fields(path + ".fields", map.get("fields"), problems);
        }
        if (problems.size() > before || sObject == null || external == null) {
            return Optional.empty();
        }
        return Optional.of(new TargetMapping(path, type, sObject, external, onDelete, version, archive, fields));
    }

    private static List<FieldRule> fields(String path, Object raw, List<ConfigProblem> problems) {
        if (!(raw instanceof Map<?, ?> map) || map.isEmpty()) {
            problems.add(ConfigProblem.of(path, raw, "must map Salesforce field names to Stripe paths, for example BillingCity: address.city"));
            return List.of();
        }
        List<FieldRule> rules = new ArrayList<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String field = String.valueOf(e.getKey());
            String fieldPath = path + "." + field;
            if (!API_NAME.matcher(field).matches()) {
                problems.add(ConfigProblem.of(fieldPath, field, "is not a Salesforce field API name"));
                continue;
            }
            rule(fieldPath, field, e.getValue(), problems).ifPresent(rules::add);
        }
        return rules;
    }

    private static Optional<FieldRule> rule(String path, String field, @Nullable Object raw, List<ConfigProblem> problems) {
        if (raw instanceof String from) {
            return Optional.of(FieldRule.path(field, from));
        }
        if (!(raw instanceof Map<?, ?> spec)) {
            problems.add(ConfigProblem.of(path, raw, "must be a Stripe field path such as address.city, or a map with from:"));
            return Optional.empty();
        }
        int before = problems.size();
        unknownKeys(path, spec, FIELD_KEYS, problems);
        List<String> from = new ArrayList<>();
        Object rawFrom = spec.get("from");
        if (rawFrom instanceof List<?> list) {
            list.forEach(p -> from.add(String.valueOf(p)));
        } else if (rawFrom != null) {
            from.add(String.valueOf(rawFrom));
        }
        if (from.isEmpty() && spec.get("default") == null) {
            problems.add(new ConfigProblem(path + ".from", null, "is required (a Stripe field path or a list of them), unless default is set"));
        }
        Transform transform = Transform.NONE;
        if (spec.get("transform") != null) {
            Optional<Transform> parsed = Transform.byName(String.valueOf(spec.get("transform")));
            if (parsed.isEmpty()) {
                problems.add(ConfigProblem.of(path + ".transform", spec.get("transform"), "must be one of " + String.join(", ", Transform.names())));
            }
            transform = parsed.orElse(Transform.NONE);
        }
        Map<String, String> values = new LinkedHashMap<>();
        if (spec.get("values") instanceof Map<?, ?> table) {
            table.forEach((k, v) -> values.put(String.valueOf(k), String.valueOf(v)));
        } else if (spec.get("values") != null) {
            problems.add(ConfigProblem.of(path + ".values", spec.get("values"), "must map Stripe values to Salesforce values, for example active: Closed Won"));
        }
        String reference = spec.get("reference") == null ? null : apiName(path + ".reference", spec.get("reference"), true, problems);
        if (problems.size() > before) {
            return Optional.empty();
        }
        String join = spec.get("join") == null ? null : String.valueOf(spec.get("join"));
        String fallback = spec.get("default") == null ? null : String.valueOf(spec.get("default"));
        return Optional.of(new FieldRule(field, from, join, transform, values, fallback, reference));
    }

    private static @Nullable String optionalField(String path, @Nullable Object raw, String fallback, List<ConfigProblem> problems) {
        if (raw == null) {
            return fallback;
        }
        if (NONE.equals(String.valueOf(raw))) {
            return null;
        }
        return apiName(path, raw, false, problems);
    }

    private static @Nullable String apiName(String path, @Nullable Object raw, boolean required, List<ConfigProblem> problems) {
        if (raw == null) {
            if (required) {
                problems.add(new ConfigProblem(path, null, "is required"));
            }
            return null;
        }
        String name = String.valueOf(raw);
        if (!API_NAME.matcher(name).matches()) {
            problems.add(ConfigProblem.of(path, name, "must be a Salesforce API name such as Account or Stripe_Customer_Id__c"));
            return null;
        }
        return name;
    }

    private static void unknownKeys(String path, Map<?, ?> map, Set<String> known, List<ConfigProblem> problems) {
        for (Object key : map.keySet()) {
            if (!known.contains(String.valueOf(key))) {
                problems.add(new ConfigProblem(path + "." + key, null, "is not a known key; known keys: " + String.join(", ", known.stream().sorted().toList())));
            }
        }
    }
}
