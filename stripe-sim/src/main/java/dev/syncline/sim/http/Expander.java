package dev.syncline.sim.http;

import dev.syncline.sim.store.ObjectStore;
import dev.syncline.sim.store.ObjectType;
import dev.syncline.sim.store.StoredObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Applies {@code expand[]}: each dotted path names a field holding an id, which is replaced by
 * the object it points at (found by id prefix). Runs only when a request asks for it, so plain
 * list pages keep their pre-encoded bytes.
 *
 * <p>Also serves Stripe's "includable" lists, fields that appear only when expanded: a customer's
 * {@code subscriptions} (its subscriptions that are not canceled, first 10, as a list object).
 */
final class Expander {

    private static final int MAX_DEPTH = 4;

    private final ObjectStore store;

    Expander(ObjectStore store) {
        this.store = store;
    }

    static List<String> paths(Map<String, Object> params) {
        Object expand = params.get("expand");
        if (expand == null) {
            return List.of();
        }
        if (expand instanceof String single) {
            return List.of(single);
        }
        List<String> paths = new ArrayList<>();
        for (Object path : (List<?>) expand) {
            if (!(path instanceof String text)) {
                throw ApiError.invalidRequest("Invalid array", "expand", null);
            }
            paths.add(text);
        }
        return paths;
    }

    Map<String, Object> expand(Map<String, Object> object, List<String> paths) {
        Map<String, Object> copy = mutableCopy(object);
        for (String path : paths) {
            String[] keys = path.split("\\.");
            if (keys.length > MAX_DEPTH) {
                throw ApiError.invalidRequest(
                        "You cannot expand more than 4 levels of a property. Property: " + path, "expand", null);
            }
            apply(copy, keys, 0, path);
        }
        return copy;
    }

    @SuppressWarnings("unchecked")
    private void apply(Map<String, Object> object, String[] keys, int at, String path) {
        String key = keys[at];
        if (at == keys.length - 1 && !object.containsKey(key) && isIncludable(object, key)) {
            object.put(key, include(object, key));
            return;
        }
        if (!object.containsKey(key)) {
            throw notExpandable(path);
        }
        Object value = object.get(key);
        if (at == keys.length - 1) {
            if (value == null || value instanceof Map<?, ?>) {
                return;
            }
            if (value instanceof List<?> list) {
                List<Object> expanded = new ArrayList<>(list.size());
                for (Object element : list) {
                    expanded.add(element instanceof String id ? resolve(id, path) : element);
                }
                object.put(key, expanded);
                return;
            }
            if (!(value instanceof String id)) {
                throw notExpandable(path);
            }
            object.put(key, resolve(id, path));
            return;
        }
        if (value instanceof Map<?, ?> nested) {
            Map<String, Object> copy = mutableCopy((Map<String, Object>) nested);
            object.put(key, copy);
            apply(copy, keys, at + 1, path);
        } else if (value instanceof List<?> list) {
            List<Object> copies = new ArrayList<>(list.size());
            for (Object element : list) {
                if (element instanceof Map<?, ?> nested) {
                    Map<String, Object> copy = mutableCopy((Map<String, Object>) nested);
                    apply(copy, keys, at + 1, path);
                    copies.add(copy);
                } else {
                    copies.add(element);
                }
            }
            object.put(key, copies);
        } else if (value != null) {
            throw notExpandable(path);
        }
    }

    private static boolean isIncludable(Map<String, Object> object, String key) {
        return "customer".equals(object.get("object")) && key.equals("subscriptions");
    }

    /** A customer's subscriptions list; a linear scan, which is fine at the sizes tests use. */
    private Map<String, Object> include(Map<String, Object> customer, String key) {
        Object id = customer.get("id");
        List<Object> data = new ArrayList<>();
        boolean hasMore = false;
        for (StoredObject subscription : store.of(ObjectType.SUBSCRIPTION).live()) {
            Map<String, Object> json = subscription.json();
            if (id != null && id.equals(json.get("customer")) && !"canceled".equals(json.get("status"))) {
                if (data.size() == 10) {
                    hasMore = true;
                    break;
                }
                data.add(json);
            }
        }
        Map<String, Object> list = new LinkedHashMap<>();
        list.put("object", "list");
        list.put("data", data);
        list.put("has_more", hasMore);
        list.put("url", "/v1/customers/" + id + "/" + key);
        return list;
    }

    private Object resolve(String id, String path) {
        Optional<ObjectType> type = ObjectType.byIdPrefix(id);
        if (type.isEmpty()) {
            throw notExpandable(path);
        }
        return store.of(type.get()).get(id).map(StoredObject::json).orElseThrow(() -> notExpandable(path));
    }

    private static ApiError notExpandable(String path) {
        return ApiError.invalidRequest("This property cannot be expanded (" + path + ").", "expand", null);
    }

    private static Map<String, Object> mutableCopy(Map<String, Object> map) {
        return new LinkedHashMap<>(map);
    }
}
