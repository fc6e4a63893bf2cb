package dev.syncline.sim.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Parses Stripe-style form encoding ({@code created[gte]=1}, {@code expand[0]=a},
 * {@code ids[]=x}, {@code owner[type]=self}) into nested values: a String, a {@code Map} for
 * bracketed keys, or a {@code List} when every key under a name is an index. stripe-java leaves
 * brackets unencoded; other clients encode them, so keys are percent-decoded before splitting.
 */
public final class FormParams {

    private FormParams() {}

    /** @throws ApiError for keys whose brackets do not balance */
    public static Map<String, Object> parse(String rawQuery) {
        Map<String, Object> root = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return root;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            put(root, key, value);
        }
        return listify(root);
    }

    private static void put(Map<String, Object> root, String key, String value) {
        List<String> path = splitKey(key);
        Map<String, Object> node = root;
        for (int i = 0; i < path.size() - 1; i++) {
            String segment = path.get(i);
            if (path.get(i + 1).isEmpty()) {
                // "name[]" appends; model it as an index one past the current end.
                Object existing = node.get(segment);
                @SuppressWarnings("unchecked")
                Map<String, Object> child = existing instanceof Map<?, ?> m ? (Map<String, Object>) m : new LinkedHashMap<>();
                node.put(segment, child);
                child.put(Integer.toString(child.size()), value);
                return;
            }
            Object existing = node.get(segment);
            if (!(existing instanceof Map<?, ?>)) {
                existing = new LinkedHashMap<String, Object>();
                node.put(segment, existing);
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> next = (Map<String, Object>) existing;
            node = next;
        }
        node.put(path.get(path.size() - 1), value);
    }

    static List<String> splitKey(String key) {
        List<String> path = new ArrayList<>();
        int open = key.indexOf('[');
        if (open < 0) {
            path.add(key);
            return path;
        }
        if (open == 0 || !key.endsWith("]")) {
            throw ApiError.invalidRequest("Invalid parameter name: " + key, key, null);
        }
        path.add(key.substring(0, open));
        int i = open;
        while (i < key.length()) {
            if (key.charAt(i) != '[') {
                throw ApiError.invalidRequest("Invalid parameter name: " + key, key, null);
            }
            int close = key.indexOf(']', i);
            if (close < 0) {
                throw ApiError.invalidRequest("Invalid parameter name: " + key, key, null);
            }
            path.add(key.substring(i + 1, close));
            i = close + 1;
        }
        return path;
    }

    /** Turns maps whose keys are all non-negative integers into lists ordered by index. */
    private static Map<String, Object> listify(Map<String, Object> map) {
        map.replaceAll((k, v) -> listifyValue(v));
        return map;
    }

    @SuppressWarnings("unchecked")
    private static Object listifyValue(Object value) {
        if (!(value instanceof Map<?, ?>)) {
            return value;
        }
        Map<String, Object> map = listify((Map<String, Object>) value);
        if (map.isEmpty() || !map.keySet().stream().allMatch(FormParams::isIndex)) {
            return map;
        }
        TreeMap<Integer, Object> ordered = new TreeMap<>();
        map.forEach((k, v) -> ordered.put(Integer.parseInt(k), v));
        return new ArrayList<>(ordered.values());
    }

    private static boolean isIndex(String key) {
        return !key.isEmpty() && key.length() < 9 && key.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ApiError.invalidRequest("Invalid URL encoding: " + text, null, null);
        }
    }
}
