package dev.syncline.connector.salesforce;

import dev.syncline.connector.errors.PermanentConnectorException;
import dev.syncline.connector.record.Json;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The fields of the mapped sObjects, read once at open with {@code GET /sobjects/{o}/describe},
 * so a mapping naming a field the org lacks (or an external id field that is not one) stops the
 * pipeline at startup with its YAML path, instead of failing every record later. It also tells
 * which fields may be emptied, for {@code on-delete: clear}.
 */
final class OrgSchema {
    private final Map<String, Set<String>> nillable;

    private OrgSchema(Map<String, Set<String>> nillable) {
        this.nillable = nillable;
    }

    Set<String> nillable(String sObject) {
        return nillable.getOrDefault(sObject, Set.of());
    }

    static Mono<OrgSchema> read(SalesforceApi api, Mappings mappings) {
        Set<String> objects = new java.util.LinkedHashSet<>();
        mappings.all().forEach(t -> objects.add(t.sObject()));
        return Flux.fromIterable(objects)
                .concatMap(o -> api.json("GET", "/sobjects/" + o + "/describe", null, "describing " + o)
                        .map(r -> Map.entry(o, Json.parseObject(r.body()))))
                .collectList()
                .map(described -> check(mappings, described));
    }

    @SuppressWarnings("unchecked")
    private static OrgSchema check(Mappings mappings, List<Map.Entry<String, Map<String, Object>>> described) {
        Map<String, Map<String, Map<String, Object>>> fields = new HashMap<>();
        for (Map.Entry<String, Map<String, Object>> e : described) {
            Map<String, Map<String, Object>> byName = new HashMap<>();
            for (Object f : (List<Object>) e.getValue().getOrDefault("fields", List.of())) {
                Map<String, Object> field = (Map<String, Object>) f;
                byName.put(String.valueOf(field.get("name")), field);
                if (field.get("relationshipName") instanceof String relationship) {
                    byName.put("relationship:" + relationship, field);
                }
            }
            fields.put(e.getKey(), byName);
        }
        List<String> problems = new ArrayList<>();
        Map<String, Set<String>> nillable = new HashMap<>();
        for (TargetMapping target : mappings.all()) {
            Map<String, Map<String, Object>> known = fields.getOrDefault(target.sObject(), Map.of());
            Map<String, Object> external = known.get(target.externalIdField());
            if (external == null || !Boolean.TRUE.equals(external.get("externalId"))) {
                problems.add(target.path() + ": " + target.sObject() + "." + target.externalIdField()
                        + " must exist and be marked External ID (and Unique) in Salesforce");
            }
            for (String extra : new String[] {target.versionField(), target.archiveField()}) {
                if (extra != null && !known.containsKey(extra)) {
                    problems.add(target.path() + ": " + target.sObject() + " has no field " + extra
                            + " (create it, or set version-field/archive-field to none)");
                }
            }
            for (FieldRule rule : target.fields()) {
                String name = rule.isReference() ? "relationship:" + rule.field() : rule.field();
                if (!known.containsKey(name)) {
                    problems.add(target.path() + ".fields." + rule.field() + ": " + target.sObject() + " has no "
                            + (rule.isReference() ? "relationship " : "field ") + rule.field() + " the integration user can see");
                }
            }
            Set<String> emptiable = new HashSet<>();
            known.forEach((name, field) -> {
                if (Boolean.TRUE.equals(field.get("nillable"))) {
                    emptiable.add(name);
                }
            });
            nillable.put(target.sObject(), emptiable);
        }
        if (!problems.isEmpty()) {
            throw new PermanentConnectorException("The Salesforce org does not match the mappings:\n  - " + String.join("\n  - ", problems));
        }
        return new OrgSchema(nillable);
    }
}
