package dev.syncline.sim.store;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/** JSON encoding shared by the store and the HTTP layer, plus deep freezing of object maps. */
public final class Json {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private Json() {}

    public static byte[] toBytes(Object value) {
        return MAPPER.writeValueAsBytes(value);
    }

    /**
     * Returns a deeply unmodifiable copy that keeps key order and null values ({@code Map.copyOf}
     * rejects nulls, and Stripe objects are full of them).
     */
    @SuppressWarnings("unchecked")
    public static <T> T deepFreeze(T value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put((String) k, deepFreeze(v)));
            return (T) Collections.unmodifiableMap(copy);
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            list.forEach(v -> copy.add(deepFreeze(v)));
            return (T) Collections.unmodifiableList(copy);
        }
        if (value instanceof Integer i) {
            return (T) Long.valueOf(i);
        }
        return value;
    }
}
