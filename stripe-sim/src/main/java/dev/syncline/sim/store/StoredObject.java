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
                ((Number) frozen.get("created")).longValue(),
                frozen,
                Json.toBytes(frozen),
                false);
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
