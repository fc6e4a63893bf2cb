package dev.syncline.testkit.hubspot;

import dev.syncline.connector.record.Json;
import dev.syncline.testkit.http.FakeHttpsServer.Reply;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** The Properties API: list, read, create (409 on a duplicate) and groups. */
final class PropertyRoutes {
    private static final Set<String> TYPES = Set.of("string", "number", "date", "datetime", "enumeration", "bool");

    private final Set<String> groups = new HashSet<>(Set.of("contactinformation", "companyinformation", "dealinformation"));

    PropertyRoutes(FakeHubSpot hubspot) {
        // The fake's state lives in its stores; the hub is kept for symmetry with the other routes.
        java.util.Objects.requireNonNull(hubspot);
    }

    Reply handle(String method, ObjectStore store, String[] rest, byte[] body) {
        if (rest.length == 0 && method.equals("GET")) {
            List<Map<String, @Nullable Object>> all = store.properties().values().stream().map(HubSpotProperty::toJson).toList();
            return Reply.json(200, Json.write(Map.of("results", all)));
        }
        if (rest.length == 0 && method.equals("POST")) {
            return create(store, Json.parseObject(body));
        }
        if (rest.length == 1 && rest[0].equals("groups") && method.equals("POST")) {
            Map<String, @Nullable Object> group = Json.parseObject(body);
            String name = String.valueOf(group.get("name"));
            if (!groups.add(store.name() + "/" + name)) {
                return Reply.json(409, FakeHubSpot.errorBody("A property group named '" + name + "' already exists.", "CONFLICT"));
            }
            return Reply.json(201, Json.write(group));
        }
        if (rest.length == 1 && method.equals("GET")) {
            HubSpotProperty property = store.properties().get(rest[0]);
            return property == null
                    ? FakeHubSpot.notFound("Unable to find property " + rest[0] + " of " + store.name())
                    : Reply.json(200, Json.write(property.toJson()));
        }
        return FakeHubSpot.notFound("No route for " + method + " properties/" + String.join("/", rest));
    }

    @SuppressWarnings("unchecked")
    private Reply create(ObjectStore store, Map<String, @Nullable Object> json) {
        for (String required : List.of("name", "label", "type", "fieldType", "groupName")) {
            if (!(json.get(required) instanceof String s) || s.isBlank()) {
                return Reply.json(400, FakeHubSpot.errorBody("Property " + required + " is required", "VALIDATION_ERROR"));
            }
        }
        String type = (String) json.get("type");
        if (!TYPES.contains(type)) {
            return Reply.json(400, FakeHubSpot.errorBody("Unknown property type " + type, "VALIDATION_ERROR"));
        }
        List<String> options = json.get("options") instanceof List<?> list
                ? ((List<Map<String, @Nullable Object>>) list).stream().map(o -> String.valueOf(o.get("value"))).toList()
                : List.of();
        if ((type.equals("enumeration") || type.equals("bool")) && options.isEmpty()) {
            return Reply.json(400, FakeHubSpot.errorBody("Enumeration properties need options", "VALIDATION_ERROR"));
        }
        boolean unique = Boolean.TRUE.equals(json.get("hasUniqueValue"));
        long uniqueCount = store.properties().values().stream().filter(p -> p.hasUniqueValue() && p.groupName().equals("syncline-custom")).count();
        if (unique && uniqueCount >= 10) {
            return Reply.json(400, FakeHubSpot.errorBody("You can have up to ten unique ID properties per object", "VALIDATION_ERROR"));
        }
        HubSpotProperty property = new HubSpotProperty((String) json.get("name"), (String) json.get("label"), type,
                (String) json.get("fieldType"), unique ? "syncline-custom" : (String) json.get("groupName"), unique, options);
        if (!store.define(property)) {
            return Reply.json(409, FakeHubSpot.errorBody("A property named '" + property.name() + "' already exists.", "CONFLICT"));
        }
        return Reply.json(201, Json.write(property.toJson()));
    }
}
