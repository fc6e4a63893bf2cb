package dev.syncline.connector.record;

import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One change to one Stripe object, on its way to a destination.
 *
 * <p>The {@code version} orders changes to the same object: it is the event's {@code created}
 * second for event snapshots and the second the API answered for list and retrieve reads.
 * Destinations apply a record only if its version is newer than the stored one ("newer wins");
 * an equal version with different content is a tie that the pipeline resolves by refetching.
 *
 * @param key which object
 * @param operation upsert or delete
 * @param version the version stamp, in Unix seconds
 * @param origin where the state was read
 * @param payload the object as Stripe's JSON, decoded into maps, lists and scalars (see {@link Json});
 *     for a delete, the last known state or just Stripe's deleted stub
 */
public record SyncRecord(RecordKey key, Operation operation, long version, Origin origin, Map<String, @Nullable Object> payload) {
    public SyncRecord {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(payload, "payload");
    }

    /** An upsert of the given object as read at {@code version}. */
    public static SyncRecord upsert(String accountId, String objectType, String id, long version, Origin origin, Map<String, @Nullable Object> payload) {
        return new SyncRecord(new RecordKey(accountId, objectType, id), Operation.UPSERT, version, origin, payload);
    }

    /** A tombstone for the given object, deleted at {@code version}. */
    public static SyncRecord delete(String accountId, String objectType, String id, long version, Origin origin, Map<String, @Nullable Object> payload) {
        return new SyncRecord(new RecordKey(accountId, objectType, id), Operation.DELETE, version, origin, payload);
    }

    public boolean isDelete() {
        return operation == Operation.DELETE;
    }

    @Override
    public String toString() {
        // Payloads hold customer data: keep them out of logs and exception messages.
        return "SyncRecord[" + operation + " " + key + " v" + version + " " + origin + "]";
    }
}
