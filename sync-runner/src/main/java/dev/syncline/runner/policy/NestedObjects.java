package dev.syncline.runner.policy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * Cuts nested Stripe objects of denied types down to their id (design guarantee 4): an expanded
 * {@code "customer": {"id": "cus_1", "object": "customer", ...}} becomes {@code "customer": "cus_1"},
 * exactly what Stripe returns without expansion. List envelopes ({@code "object": "list"}) are
 * containers, not objects: their elements are judged one by one.
 */
final class NestedObjects {
    private NestedObjects() {}

    /**
     * A copy of {@code root} with every nested object whose type {@code allowed} refuses replaced
     * by its id (by null if it has none); {@code cut} hears each type it cut. {@code root} itself is
     * not judged, and is returned unchanged if nothing was cut.
     */
    static Map<String, @Nullable Object> cut(Map<String, @Nullable Object> root, Predicate<String> allowed, Consumer<String> cut) {
        Object result = visitChildren(root, allowed, cut);
        @SuppressWarnings("unchecked")
        Map<String, @Nullable Object> map = (Map<String, @Nullable Object>) result;
        return map;
    }

    @SuppressWarnings("unchecked")
    private static @Nullable Object visit(@Nullable Object value, Predicate<String> allowed, Consumer<String> cut) {
        if (value instanceof Map<?, ?> map) {
            Object type = map.get("object");
            if (type instanceof String objectType && !objectType.equals("list") && !objectType.equals("search_result")
                    && !allowed.test(objectType)) {
                cut.accept(objectType);
                return map.get("id") instanceof String id ? id : null;
            }
            return visitChildren((Map<String, @Nullable Object>) map, allowed, cut);
        }
        if (value instanceof List<?> list) {
            List<@Nullable Object> copy = null;
            for (int i = 0; i < list.size(); i++) {
                Object element = list.get(i);
                Object visited = visit(element, allowed, cut);
                if (visited != element && copy == null) {
                    copy = new ArrayList<>(list.subList(0, i));
                }
                if (copy != null) {
                    copy.add(visited);
                }
            }
            return copy == null ? list : copy;
        }
        return value;
    }

    private static Object visitChildren(Map<String, @Nullable Object> map, Predicate<String> allowed, Consumer<String> cut) {
        Map<String, @Nullable Object> copy = null;
        for (Map.Entry<String, @Nullable Object> entry : map.entrySet()) {
            Object visited = visit(entry.getValue(), allowed, cut);
            if (visited != entry.getValue()) {
                if (copy == null) {
                    copy = new LinkedHashMap<>(map);
                }
                copy.put(entry.getKey(), visited);
            }
        }
        return copy == null ? map : copy;
    }
}
