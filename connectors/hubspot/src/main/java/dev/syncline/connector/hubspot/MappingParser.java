package dev.syncline.connector.hubspot;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Reads the {@code mappings} block into {@link TargetMapping}s, collecting every problem with its
 * path below {@code mappings} (the connector's config spec prefixes the destination's path).
 *
 * <p>A Stripe type given in the block replaces that type's default targets; inside a target,
 * {@code properties} are merged over the default properties of the same Stripe type and HubSpot
 * object, and a property set to {@code ~} (null) or {@code none} removes a default one.
 */
final class MappingParser {
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*");
    private static final Pattern OBJECT = Pattern.compile("[a-z][a-z0-9_]*|\\d+-\\d+");
    private static final Set<String> TARGET_KEYS = Set.of("object", "id-property", "properties", "on-delete", "associate", "on-email-conflict");
    private static final Set<String> PROPERTY_KEYS = Set.of("path", "transform", "values", "format", "value", "separator");

    private final List<String> problems = new ArrayList<>();

    private MappingParser() {}

    /** The mappings, or the problems found; the defaults when {@code raw} is null. */
    static Result parse(@Nullable Object raw) {
        MappingParser parser = new MappingParser();
        Map<String, List<TargetMapping>> mappings = new LinkedHashMap<>(DefaultMappings.all());
        if (raw instanceof Map<?, ?> block) {
            block.forEach((type, value) -> mappings.put(String.valueOf(type), parser.targets(String.valueOf(type), value)));
        } else if (raw != null) {
            parser.problems.add("mappings: must be a map of Stripe object types to HubSpot objects");
        }
        return new Result(Map.copyOf(mappings), List.copyOf(parser.problems));
    }

    /**
     * The parsed mappings and the problems, each as {@code path: reason} below {@code mappings}.
     *
     * @param mappings Stripe type to its targets
     * @param problems empty if the block is valid
     */
    record Result(Map<String, List<TargetMapping>> mappings, List<String> problems) {}

    private List<TargetMapping> targets(String type, @Nullable Object value) {
        String path = "mappings." + type;
        List<TargetMapping> targets = new ArrayList<>();
        if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                target(type, path + "[" + i + "]", list.get(i)).ifPresent(targets::add);
            }
        } else if (value == null || "none".equals(value)) {
            return List.of();
        } else {
            target(type, path, value).ifPresent(targets::add);
        }
        return targets;
    }

    private Optional<TargetMapping> target(String type, String path, @Nullable Object value) {
        if (!(value instanceof Map<?, ?> raw)) {
            problems.add(path + ": must be a map with at least `object`, or a list of such maps");
            return Optional.empty();
        }
        unknownKeys(path, raw, TARGET_KEYS);
        String object = raw.get("object") == null ? null : String.valueOf(raw.get("object"));
        if (object == null || !OBJECT.matcher(object).matches()) {
            problems.add(path + ".object: is required: the HubSpot object type (contacts, companies, deals, or a custom 2-… id)");
            return Optional.empty();
        }
        Optional<TargetMapping> defaults = DefaultMappings.target(type, object);
        String idProperty = raw.get("id-property") == null
                ? defaults.map(TargetMapping::idProperty).orElse("stripe_" + type.replace('.', '_') + "_id")
                : String.valueOf(raw.get("id-property"));
        if (!NAME.matcher(idProperty).matches()) {
            problems.add(path + ".id-property: must be a HubSpot property name (lower case letters, digits, _)");
        }
        OnDelete onDelete = defaults.map(TargetMapping::onDelete).orElse(OnDelete.ARCHIVE);
        if (raw.get("on-delete") != null) {
            String text = String.valueOf(raw.get("on-delete"));
            if (Arrays.asList(OnDelete.configNames()).contains(text)) {
                onDelete = OnDelete.valueOf(text.toUpperCase(java.util.Locale.ROOT));
            } else {
                problems.add(path + ".on-delete: must be one of " + String.join(", ", OnDelete.configNames()) + " (value: \"" + text + "\")");
            }
        }
        OnEmailConflict onEmailConflict = OnEmailConflict.OMIT_EMAIL;
        if (raw.get("on-email-conflict") != null) {
            String text = String.valueOf(raw.get("on-email-conflict"));
            try {
                onEmailConflict = OnEmailConflict.fromConfig(text);
            } catch (IllegalArgumentException e) {
                problems.add(path + ".on-email-conflict: must be one of " + String.join(", ", OnEmailConflict.configNames())
                        + " (value: \"" + text + "\")");
            }
        }
        List<String> associate = defaults.map(TargetMapping::associate).orElse(List.of());
        if (raw.get("associate") instanceof List<?> list) {
            associate = list.stream().map(String::valueOf).toList();
        } else if (raw.get("associate") != null) {
            problems.add(path + ".associate: must be a list of Stripe object types, such as [customer]");
        }
        Map<String, PropertyMapping> properties = new LinkedHashMap<>();
        defaults.ifPresent(d -> d.properties().forEach(p -> properties.put(p.property(), p)));
        if (raw.get("properties") instanceof Map<?, ?> given) {
            given.forEach((name, spec) -> property(path + ".properties." + name, String.valueOf(name), spec)
                    .ifPresentOrElse(p -> properties.put(p.property(), p), () -> properties.remove(String.valueOf(name))));
        } else if (raw.get("properties") != null) {
            problems.add(path + ".properties: must be a map of HubSpot property names to Stripe field paths");
        }
        if (properties.isEmpty() && defaults.isEmpty()) {
            problems.add(path + ".properties: is required: there is no default mapping of " + type + " onto " + object);
        }
        properties.remove(idProperty); // the connector fills the id property itself
        return Optional.of(new TargetMapping(object, idProperty, List.copyOf(properties.values()), onDelete, associate, onEmailConflict));
    }

    // Empty means "remove this property"; a problem is recorded for anything invalid.
    private Optional<PropertyMapping> property(String path, String name, @Nullable Object spec) {
        if (!NAME.matcher(name).matches()) {
            problems.add(path + ": must be a HubSpot property name (lower case letters, digits, _)");
            return Optional.empty();
        }
        if (spec == null || "none".equals(spec)) {
            return Optional.empty();
        }
        if (!(spec instanceof Map<?, ?> map)) {
            return Optional.of(PropertyMapping.of(name, String.valueOf(spec)));
        }
        unknownKeys(path, map, PROPERTY_KEYS);
        if (map.get("value") != null) {
            return Optional.of(PropertyMapping.constant(name, String.valueOf(map.get("value"))));
        }
        List<String> paths = map.get("path") instanceof List<?> list ? list.stream().map(String::valueOf).toList()
                : map.get("path") == null ? List.of() : List.of(String.valueOf(map.get("path")));
        if (paths.isEmpty()) {
            problems.add(path + ".path: is required (a Stripe field path such as address.city), or give a constant `value`");
            return Optional.empty();
        }
        Transform transform = Transform.NONE;
        if (map.get("transform") != null) {
            String text = String.valueOf(map.get("transform"));
            try {
                transform = Transform.fromConfig(text);
            } catch (IllegalArgumentException e) {
                problems.add(path + ".transform: must be one of " + String.join(", ", Transform.configNames()) + " (value: \"" + text + "\")");
            }
        }
        Map<String, String> values = new LinkedHashMap<>();
        if (map.get("values") instanceof Map<?, ?> given) {
            given.forEach((k, v) -> values.put(String.valueOf(k), String.valueOf(v)));
        } else if (map.get("values") != null) {
            problems.add(path + ".values: must be a map from Stripe values to HubSpot values");
        }
        String format = map.get("format") == null ? null : String.valueOf(map.get("format"));
        if (format != null && !format.contains("%s")) {
            problems.add(path + ".format: must contain %s where the value goes");
        }
        String separator = map.get("separator") == null ? " " : String.valueOf(map.get("separator"));
        return Optional.of(new PropertyMapping(name, paths, separator, transform, values, format, null));
    }

    private void unknownKeys(String path, Map<?, ?> map, Set<String> known) {
        for (Object key : map.keySet()) {
            if (!known.contains(String.valueOf(key))) {
                problems.add(path + "." + key + ": is not a known key; known keys: " + String.join(", ", known.stream().sorted().toList()));
            }
        }
    }
}
