package dev.syncline.testkit.hubspot;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One property definition of an object type, as the Properties API holds it.
 *
 * @param name the internal name
 * @param label the label people see
 * @param type {@code string}, {@code number}, {@code date}, {@code datetime}, {@code enumeration} or {@code bool}
 * @param fieldType how HubSpot renders it, for example {@code text}
 * @param groupName the property group
 * @param hasUniqueValue whether values are unique per object type (usable as {@code idProperty})
 * @param options the allowed values of an enumeration or bool; empty for other types
 */
public record HubSpotProperty(String name, String label, String type, String fieldType, String groupName,
                              boolean hasUniqueValue, List<String> options) {
    public HubSpotProperty {
        options = List.copyOf(options);
    }

    static HubSpotProperty builtIn(String name, String type) {
        return new HubSpotProperty(name, name, type, type.equals("number") ? "number" : "text", "hubspot", false, List.of());
    }

    static HubSpotProperty uniqueBuiltIn(String name) {
        return new HubSpotProperty(name, name, "string", "text", "hubspot", true, List.of());
    }

    static HubSpotProperty enumeration(String name, List<String> options) {
        return new HubSpotProperty(name, name, "enumeration", "select", "hubspot", false, options);
    }

    /** The Properties API's JSON view. */
    Map<String, @Nullable Object> toJson() {
        Map<String, @Nullable Object> json = new LinkedHashMap<>();
        json.put("name", name);
        json.put("label", label);
        json.put("type", type);
        json.put("fieldType", fieldType);
        json.put("groupName", groupName);
        json.put("hasUniqueValue", hasUniqueValue);
        json.put("options", options.stream().map(o -> Map.of("label", o, "value", o, "hidden", false)).toList());
        return json;
    }
}
