package dev.syncline.connector.hubspot;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What this connector instance last delivered per HubSpot record, so that a redelivery costs no
 * request and a change sends only the properties that changed. Bounded: the least recently used
 * entries are forgotten beyond {@code capacity} (about 300 bytes each with a dozen mapped
 * properties), and a forgotten record is read back from HubSpot, which holds the same facts in its
 * bookkeeping properties. So the cache saves requests; it never decides alone what is newer
 * after a restart.
 *
 * <p>Only the runner's single writer per destination uses it, one batch at a time (see
 * {@link dev.syncline.connector.spi.SinkConnector}); access is synchronized all the same.
 */
final class DeliveredState {
    private final int capacity;
    private final Map<String, Entry> entries;
    /** HubSpot record id to the id value it was delivered under, per object, for the entries held. */
    private final Map<String, String> holders = new HashMap<>();

    DeliveredState(int capacity) {
        this.capacity = capacity;
        this.entries = new LinkedHashMap<>(Math.min(capacity, 1024), 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, DeliveredState.Entry> eldest) {
                boolean evict = size() > DeliveredState.this.capacity;
                if (evict) {
                    dropHolder(eldest.getKey(), eldest.getValue());
                }
                return evict;
            }
        };
    }

    /**
     * One record's delivered state.
     *
     * @param hubspotId HubSpot's record id
     * @param version the Stripe version it holds
     * @param deleted whether it is a tombstone
     * @param archived whether it was archived
     * @param hash the hash of its mapped values
     * @param valueHashes a 64-bit hash per mapped property, in the target's property order
     */
    record Entry(String hubspotId, long version, boolean deleted, boolean archived, String hash, long[] valueHashes) {}

    synchronized Optional<Entry> get(String object, String idValue) {
        return Optional.ofNullable(entries.get(key(object, idValue)));
    }

    synchronized void put(String object, String idValue, Entry entry) {
        if (capacity > 0) {
            Entry old = entries.put(key(object, idValue), entry);
            if (old != null) {
                dropHolder(key(object, idValue), old);
            }
            holders.put(key(object, entry.hubspotId()), idValue);
        }
    }

    synchronized void forget(String object, String idValue) {
        Entry old = entries.remove(key(object, idValue));
        if (old != null) {
            dropHolder(key(object, idValue), old);
        }
    }

    /**
     * The id value the HubSpot record {@code hubspotId} was delivered under, if this instance
     * delivered it and still remembers it: lets a unique-value conflict naming that record be
     * settled without reading it back.
     */
    synchronized Optional<String> holder(String object, String hubspotId) {
        return Optional.ofNullable(holders.get(key(object, hubspotId)));
    }

    private void dropHolder(String entryKey, Entry entry) {
        int split = entryKey.indexOf('\u0000');
        String object = entryKey.substring(0, split);
        holders.remove(key(object, entry.hubspotId()), entryKey.substring(split + 1));
    }

    synchronized int size() {
        return entries.size();
    }

    private static String key(String object, String idValue) {
        return object + "\u0000" + idValue;
    }

    /** A 64-bit FNV-1a hash of a property value; collisions are negligible at a CRM's record counts. */
    static long valueHash(@Nullable String value) {
        long hash = 0xcbf29ce484222325L;
        String text = value == null ? "\u0000" : value;
        for (int i = 0; i < text.length(); i++) {
            hash ^= text.charAt(i);
            hash *= 0x100000001b3L;
        }
        return hash;
    }
}
