package dev.syncline.sim.store;

import java.util.Map;

/**
 * One object as served: its sort key, its frozen JSON map and the bytes written on the wire. The
 * bytes are encoded once so list pages are built by concatenation instead of re-serialising.
 */
public record StoredObject(
        String id, long created, Map<String, Object> json, byte[] bytes, boolean deleted) {

    public static StoredObject live(Map<String, Object> json) {
        Map<String, Object> frozen = Json.deepFreeze(json);
        return new StoredObject(
                (String) frozen.get("id"),
                createdOf(frozen),
                frozen,
                Json.toBytes(frozen),
                false);
    }

    /** Invoice items have no {@code created}; Stripe orders them by {@code date}, their creation time. */
    public static long createdOf(Map<String, Object> json) {
        Object created = json.get("created");
        if (created == null) {
            created = json.get("date");
        }
        if (!(created instanceof Number number)) {
            throw new IllegalArgumentException("object without created: " + json.get("id"));
        }
        return number.longValue();
    }

    /** The stub Stripe returns when a deleted object is retrieved: {@code {id, object, deleted}}. */
    StoredObject asDeleted() {
        Map<String, Object> stub = new java.util.LinkedHashMap<>();
        stub.put("id", id);
        stub.put("object", json.get("object"));
        stub.put("deleted", true);
        Map<String, Object> frozen = Json.deepFreeze(stub);
        return new StoredObject(id, created, frozen, Json.toBytes(frozen), true);
    }
}
