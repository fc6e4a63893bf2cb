package dev.syncline.connector.hubspot;

import dev.syncline.connector.errors.PermanentConnectorException;
import dev.syncline.connector.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Prepares each HubSpot object type the mappings write to, idempotently, on {@code open}: the
 * {@code stripe} property group, the unique id property, the bookkeeping properties and every
 * mapped {@code stripe_*} property, each created only if missing (a 409 from a concurrent creator
 * counts as created). A mapped property that is neither HubSpot's nor the connector's to create
 * fails the open with its YAML path, instead of failing every record later.
 */
final class PropertySetup {
    static final String GROUP = "stripe";

    private final HubSpotClient client;
    private final HubSpotSettings settings;

    PropertySetup(HubSpotClient client, HubSpotSettings settings) {
        this.client = client;
        this.settings = settings;
    }

    Mono<Void> run() {
        Map<String, List<Located>> byObject = new LinkedHashMap<>();
        settings.mappings().forEach((type, targets) -> {
            for (int i = 0; i < targets.size(); i++) {
                String path = settings.path() + ".mappings." + type + (targets.size() > 1 ? "[" + i + "]" : "");
                byObject.computeIfAbsent(targets.get(i).object(), o -> new ArrayList<>()).add(new Located(path, targets.get(i)));
            }
        });
        return Flux.fromIterable(byObject.entrySet()).concatMap(e -> prepare(e.getKey(), e.getValue())).then();
    }

    private record Located(String path, TargetMapping target) {}

    private Mono<Void> prepare(String object, List<Located> targets) {
        Map<String, Object> group = Map.of("name", GROUP, "label", "Stripe", "displayOrder", -1);
        return client.call("POST", "v3/properties/" + object + "/groups", group, "creating the " + object + " property group")
                .flatMap(r -> r.status() == 201 || r.status() == 409 ? Mono.empty()
                        : Mono.error(new PermanentConnectorException("HubSpot refused the " + object + " property group: "
                                + HubSpotErrorClassifier.refusal(r))))
                .then(client.call("GET", "v3/properties/" + object, null, "listing " + object + " properties"))
                .flatMap(r -> createMissing(object, targets, existing(r)));
    }

    private Mono<Void> createMissing(String object, List<Located> targets, Map<String, Boolean> existing) {
        List<String> problems = new ArrayList<>();
        Map<String, Map<String, Object>> toCreate = new LinkedHashMap<>();
        for (Located located : targets) {
            TargetMapping target = located.target();
            Boolean unique = existing.get(target.idProperty());
            if (unique == null) {
                toCreate.putIfAbsent(target.idProperty(), definition(target.idProperty(), "string", "text", true));
            } else if (!unique) {
                problems.add(located.path() + ".id-property: the " + object + " property " + target.idProperty()
                        + " exists but is not unique, so records cannot be upserted by it; choose another name");
            }
            Bookkeeping.names().forEach(name -> toCreate.putIfAbsent(name, bookkeeping(name)));
            if (target.omitsConflictingEmail()) {
                toCreate.putIfAbsent(OnEmailConflict.PLAIN_EMAIL, definition(OnEmailConflict.PLAIN_EMAIL, "string", "text", false));
            }
            for (PropertyMapping property : target.properties()) {
                if (existing.containsKey(property.property())) {
                    continue;
                }
                if (Bookkeeping.owned(property.property())) {
                    Transform t = property.transform();
                    toCreate.putIfAbsent(property.property(), definition(property.property(), t.propertyType(), t.fieldType(), false));
                } else {
                    problems.add(located.path() + ".properties." + property.property() + ": HubSpot " + object
                            + " have no property " + property.property() + "; create it in HubSpot, or name it stripe_… "
                            + "so that Syncline creates it");
                }
            }
        }
        toCreate.keySet().removeIf(existing::containsKey);
        if (!problems.isEmpty()) {
            return Mono.error(new PermanentConnectorException("HubSpot destination is not usable: " + String.join("; ", problems)));
        }
        return Flux.fromIterable(toCreate.values())
                .concatMap(definition -> client.call("POST", "v3/properties/" + object, definition,
                                "creating the " + object + " property " + definition.get("name"))
                        .flatMap(r -> r.status() == 201 || r.status() == 409 ? Mono.<Void>empty()
                                : Mono.error(new PermanentConnectorException("HubSpot refused to create the " + object + " property "
                                        + definition.get("name") + ": " + HubSpotErrorClassifier.refusal(r)))))
                .then();
    }

    /** Property name to whether it has unique values. */
    @SuppressWarnings("unchecked")
    private static Map<String, Boolean> existing(HttpResponse response) {
        Map<String, Boolean> names = new LinkedHashMap<>();
        Map<String, @Nullable Object> body = HubSpotErrorClassifier.body(response);
        if (body.get("results") instanceof List<?> results) {
            for (Object result : results) {
                if (result instanceof Map<?, ?> p && p.get("name") instanceof String name) {
                    names.put(name, Boolean.TRUE.equals(((Map<String, Object>) p).get("hasUniqueValue")));
                }
            }
        }
        return names;
    }

    private static Map<String, Object> bookkeeping(String name) {
        return switch (name) {
            case Bookkeeping.VERSION -> definition(name, "number", "number", false);
            case Bookkeeping.DELETED -> definition(name, "bool", "booleancheckbox", false);
            default -> definition(name, "string", "text", false);
        };
    }

    private static Map<String, Object> definition(String name, String type, String fieldType, boolean unique) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", name);
        json.put("label", label(name));
        json.put("type", type);
        json.put("fieldType", fieldType);
        json.put("groupName", GROUP);
        json.put("description", name.startsWith("syncline_") ? "Kept by Syncline to apply Stripe changes in order; do not edit"
                : "Synced from Stripe by Syncline");
        if (unique) {
            json.put("hasUniqueValue", true);
        }
        if (type.equals("bool")) {
            json.put("options", List.of(Map.of("label", "Yes", "value", "true", "displayOrder", 0, "hidden", false),
                    Map.of("label", "No", "value", "false", "displayOrder", 1, "hidden", false)));
        }
        return json;
    }

    private static String label(String name) {
        StringBuilder label = new StringBuilder();
        for (String word : name.split("_")) {
            if (!word.isEmpty()) {
                label.append(label.length() == 0 ? "" : " ").append(word.substring(0, 1).toUpperCase(Locale.ROOT)).append(word.substring(1));
            }
        }
        return label.toString().replace("Stripe ", "Stripe ").replace(" Id", " ID");
    }
}
