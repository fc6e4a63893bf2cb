package dev.syncline.connector.salesforce;

import dev.syncline.connector.record.RecordKey;
import dev.syncline.connector.record.SyncRecord;
import dev.syncline.connector.spi.RecordOutcome;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What one batch needs before any request: the outcomes decided without Salesforce, and for the
 * other records the fields to send to each target sObject.
 *
 * <ul>
 *   <li>Inside the batch, the newest version of each object wins; older ones are {@code STALE},
 *       equal copies {@code UNCHANGED}, equal versions with other content {@code TIE}.
 *   <li>Against the {@link DeliveryCache}: older than delivered is {@code STALE}; the same version
 *       is {@code UNCHANGED} or {@code TIE}; a newer version whose mapped fields hash the same for
 *       every target is {@code UNCHANGED} (nothing Salesforce holds would change).
 *   <li>Otherwise the record is delivered, to the targets whose fields changed: an upsert's
 *       mapped fields, or a delete's tombstone per {@code on-delete}.
 * </ul>
 */
final class BatchPlan {
    final @Nullable RecordOutcome[] outcomes;
    final List<Delivery> deliveries = new ArrayList<>();

    /**
     * One record to deliver.
     *
     * @param index its position in the batch
     * @param record the record
     * @param hashes the field hash per target of its type, for the cache once delivered
     * @param sends the fields to send, per target, in write order; empty if nothing needs a request
     */
    record Delivery(int index, SyncRecord record, long[] hashes, Map<TargetMapping, Map<String, @Nullable Object>> sends) {}

    private BatchPlan(int size) {
        this.outcomes = new RecordOutcome[size];
    }

    static BatchPlan plan(List<SyncRecord> records, Mappings mappings, DeliveryCache cache, OrgSchema schema) {
        BatchPlan plan = new BatchPlan(records.size());
        Map<RecordKey, Integer> newest = new HashMap<>();
        for (int i = 0; i < records.size(); i++) {
            Integer current = newest.get(records.get(i).key());
            if (current == null || records.get(i).version() > records.get(current).version()) {
                newest.put(records.get(i).key(), i);
            }
        }
        for (int i = 0; i < records.size(); i++) {
            SyncRecord record = records.get(i);
            int winner = newest.get(record.key());
            if (winner != i) {
                SyncRecord w = records.get(winner);
                plan.outcomes[i] = record.version() < w.version() ? RecordOutcome.STALE
                        : same(record, w) ? RecordOutcome.UNCHANGED : RecordOutcome.TIE;
                continue;
            }
            List<TargetMapping> targets = mappings.targets(record.key().objectType());
            if (targets.isEmpty()) {
                plan.outcomes[i] = RecordOutcome.rejected("no Salesforce mapping for Stripe object type " + record.key().objectType()
                        + "; add one under the destination's mappings, or leave the type out of this pipeline");
                continue;
            }
            plan.decide(i, record, targets, cache.get(record.key()), schema);
        }
        return plan;
    }

    private void decide(int index, SyncRecord record, List<TargetMapping> targets, DeliveryCache.@Nullable Entry cached, OrgSchema schema) {
        long[] hashes = new long[targets.size()];
        Map<TargetMapping, Map<String, @Nullable Object>> fields = new LinkedHashMap<>();
        for (int t = 0; t < targets.size(); t++) {
            TargetMapping target = targets.get(t);
            Map<String, @Nullable Object> values = record.isDelete()
                    ? RecordMapper.tombstone(target, record, schema.nillable(target.sObject()))
                    : RecordMapper.upsert(target, record);
            if (target.archiveField() != null && (record.isDelete() ? target.onDelete() != OnDelete.IGNORE : true)) {
                values.put(target.archiveField(), record.isDelete());
            }
            hashes[t] = DeliveryCache.fields(values);
            if (target.versionField() != null) {
                values.put(target.versionField(), record.version());
            }
            fields.put(target, values);
        }
        if (cached != null) {
            if (record.version() < cached.version()) {
                outcomes[index] = RecordOutcome.STALE;
                return;
            }
            boolean sameContent = cached.deleted() == record.isDelete() && java.util.Arrays.equals(cached.hashes(), hashes);
            if (record.version() == cached.version()) {
                outcomes[index] = sameContent ? RecordOutcome.UNCHANGED : RecordOutcome.TIE;
                return;
            }
            if (sameContent) {
                outcomes[index] = RecordOutcome.UNCHANGED;
                // Remembered as the newer version, so a late copy of the old one is stale.
                deliveries.add(new Delivery(index, record, hashes, Map.of()));
                return;
            }
        }
        Map<TargetMapping, Map<String, @Nullable Object>> sends = new LinkedHashMap<>();
        for (int t = 0; t < targets.size(); t++) {
            TargetMapping target = targets.get(t);
            boolean changed = cached == null || cached.deleted() != record.isDelete() || cached.hashes().length != hashes.length
                    || cached.hashes()[t] != hashes[t];
            boolean ignored = record.isDelete() && target.onDelete() == OnDelete.IGNORE;
            if (changed && !ignored) {
                sends.put(target, fields.get(target));
            }
        }
        deliveries.add(new Delivery(index, record, hashes, sends));
    }

    private static boolean same(SyncRecord a, SyncRecord b) {
        return a.operation() == b.operation() && Objects.equals(a.payload(), b.payload());
    }
}
