package dev.syncline.sim.store;

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
     * rejects nulls, and Stripe objects are full of them). What is frozen already is shared, not
     * copied: an event's {@code data.object} is the very object the store holds.
     */
    @SuppressWarnings("unchecked")
    public static <T> T deepFreeze(T value) {
        if (value instanceof FrozenMap || value instanceof FrozenList) {
            return value;
        }
        if (value instanceof Map<?, ?> map) {
            String[] keys = new String[map.size()];
            Object[] values = new Object[map.size()];
            int[] at = {0};
            map.forEach((k, v) -> {
                keys[at[0]] = (String) k;
                values[at[0]++] = deepFreeze(v);
            });
            return (T) new FrozenMap(keys, values);
        }
        if (value instanceof List<?> list) {
            Object[] values = new Object[list.size()];
            int at = 0;
            for (Object v : list) {
                values[at++] = deepFreeze(v);
            }
            return (T) new FrozenList(values);
        }
        if (value instanceof Integer i) {
            return (T) Long.valueOf(i);
        }
        return value;
    }
}
