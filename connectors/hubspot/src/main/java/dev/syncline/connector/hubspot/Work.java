package dev.syncline.connector.hubspot;

import dev.syncline.connector.record.SyncRecord;
import dev.syncline.connector.spi.RecordOutcome;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One record's delivery to one HubSpot target, carried through a write: what HubSpot holds, what
 * is sent, and the outcome.
 */
final class Work {
    final int recordIndex;
    final SyncRecord record;
    final TargetMapping target;
    final String idValue;
    /** The mapped values of the record's state; empty for a tombstone. */
    final Map<String, String> values;
    final String hash;
    @Nullable Current current;
    /** The properties to send; null when nothing is sent. */
    @Nullable Map<String, String> send;
    boolean archiveAfter;
    @Nullable String hubspotId;
    @Nullable RecordOutcome outcome;

    Work(int recordIndex, SyncRecord record, TargetMapping target, String idValue, Map<String, String> values, String hash) {
        this.recordIndex = recordIndex;
        this.record = record;
        this.target = target;
        this.idValue = idValue;
        this.values = values;
        this.hash = hash;
    }

    /**
     * What HubSpot holds for the record, from the cache or read back.
     *
     * @param hubspotId the record id
     * @param version the Stripe version it holds; -1 if it carries none (a record Syncline did not write)
     * @param deleted whether it is a tombstone
     * @param archived whether it is archived
     * @param hash the hash of its mapped values, empty if unknown
     * @param valueHashes per mapped property, in the target's order; null if only {@code values} are known
     * @param values the property values read back; empty when from the cache
     */
    record Current(String hubspotId, long version, boolean deleted, boolean archived, String hash,
                   long @Nullable [] valueHashes, Map<String, String> values) {
        static Current of(DeliveredState.Entry entry) {
            return new Current(entry.hubspotId(), entry.version(), entry.deleted(), entry.archived(), entry.hash(),
                    entry.valueHashes(), Map.of());
        }

        /** Whether the property at {@code index} of the target, now {@code value}, differs from what HubSpot holds. */
        boolean differs(TargetMapping target, int index, String value) {
            if (valueHashes != null && valueHashes.length == target.properties().size()) {
                return valueHashes[index] != DeliveredState.valueHash(value);
            }
            String held = values.get(target.properties().get(index).property());
            return !(held == null ? value.isEmpty() : held.equals(value));
        }
    }
}
