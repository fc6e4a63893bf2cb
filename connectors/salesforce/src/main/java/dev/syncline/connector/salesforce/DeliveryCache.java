package dev.syncline.connector.salesforce;

import dev.syncline.connector.record.Json;
import dev.syncline.connector.record.RecordKey;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * What this connector instance last delivered per object: the version, whether it was a delete,
 * and a 64-bit hash of the mapped fields of each target sObject. It lets the connector answer
 * {@code UNCHANGED} without a request when a newer Stripe version maps to the same fields
 * (metadata changes, fields no mapping reads), {@code STALE} and {@code TIE} without asking
 * Salesforce, and send only the sObjects whose fields changed.
 *
 * <p>Bounded: at most {@code capacity} objects, least recently used evicted first, each about
 * 130 bytes (keys and field sets are kept as hashes, never as data), so 100,000 objects take about
 * 13 MB. An evicted or never-seen object (after a restart, for instance) is simply written again:
 * upserts by external id are idempotent, so the cost is a request, never a duplicate. Salesforce
 * keeps no version guard of its own, so "newer wins" holds within this window; the version field
 * records which version each record holds. Not thread-safe: the runner never overlaps writes.
 */
final class DeliveryCache {
    private final int capacity;
    private final Map<Long, Entry> entries;

    DeliveryCache(int capacity) {
        this.capacity = capacity;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, DeliveryCache.Entry> eldest) {
                return size() > DeliveryCache.this.capacity;
            }
        };
    }

    /**
     * @param version the delivered version
     * @param deleted whether it was a delete
     * @param hashes one per target of the object's type, in mapping order
     */
    record Entry(long version, boolean deleted, long[] hashes) {}

    @Nullable Entry get(RecordKey key) {
        return capacity == 0 ? null : entries.get(hash(key.accountId() + "/" + key.objectType() + "/" + key.id()));
    }

    void put(RecordKey key, Entry entry) {
        if (capacity > 0) {
            entries.put(hash(key.accountId() + "/" + key.objectType() + "/" + key.id()), entry);
        }
    }

    int size() {
        return entries.size();
    }

    /** A hash of mapped field values that does not depend on their order. */
    static long fields(Map<String, @Nullable Object> fields) {
        return hash(Json.write(new TreeMap<>(fields)));
    }

    private static long hash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(digest).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
