package dev.syncline.testkit.conformance;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What a destination holds for one object, as read back by a {@link DestinationProbe}.
 *
 * @param version the version stamp of the stored state
 * @param deleted whether the object is a tombstone
 * @param payload the stored object, decoded like {@link dev.syncline.connector.record.Json} decodes
 *     payloads; for a tombstone, whatever the destination keeps (the last known state or the stub)
 */
public record StoredObject(long version, boolean deleted, Map<String, @Nullable Object> payload) {
    public StoredObject {
        payload = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(payload));
    }
}
