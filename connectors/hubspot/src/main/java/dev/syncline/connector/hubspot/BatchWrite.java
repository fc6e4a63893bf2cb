package dev.syncline.connector.hubspot;

import dev.syncline.connector.record.SyncRecord;
import dev.syncline.connector.spi.BatchResult;
import dev.syncline.connector.spi.RecordBatch;
import dev.syncline.connector.spi.RecordOutcome;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * One {@code write}: coalesces the batch per object, then per HubSpot target learns what HubSpot
 * holds (cache, else batch read), decides each record, upserts what changed, archives tombstones,
 * associates, and remembers what it delivered. Targets that others associate with go first, so
 * a subscription finds the contact its customer got in the same batch.
 */
final class BatchWrite {
    private final Parts parts;
    private final List<SyncRecord> records;

    /** What a write needs from its connector. */
    record Parts(HubSpotSettings settings, HubSpotClient client, StateReader reader, UpsertCall upserts,
                 Associator associator, DeliveredState state) {}

    BatchWrite(Parts parts, RecordBatch batch) {
        this.parts = parts;
        this.records = batch.records();
    }

    Mono<BatchResult> run() {
        Coalescer.Plan plan = Coalescer.plan(records);
        Map<TargetMapping, List<Work>> byTarget = new LinkedHashMap<>();
        Map<Integer, RecordOutcome> refused = new LinkedHashMap<>();
        List<List<Work>> perRecord = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            perRecord.add(new ArrayList<>());
        }
        for (int index : plan.winners()) {
            SyncRecord record = records.get(index);
            List<TargetMapping> targets = parts.settings().mappings().get(record.key().objectType());
            if (targets == null || targets.isEmpty()) {
                refused.put(index, RecordOutcome.rejected("the HubSpot destination has no mapping for Stripe " + record.key().objectType()
                        + " objects; add one under " + parts.settings().path() + ".mappings"));
                continue;
            }
            for (TargetMapping target : targets) {
                Work work = work(index, record, target);
                byTarget.computeIfAbsent(target, t -> new ArrayList<>()).add(work);
                perRecord.get(index).add(work);
            }
        }
        List<Map.Entry<TargetMapping, List<Work>>> groups = new ArrayList<>(byTarget.entrySet());
        groups.sort(Comparator.comparing(e -> !e.getKey().associate().isEmpty()));
        return Flux.fromIterable(groups)
                .concatMap(group -> deliver(group.getKey(), group.getValue()))
                .then(Mono.fromCallable(() -> result(plan, perRecord, refused)));
    }

    private Work work(int index, SyncRecord record, TargetMapping target) {
        String idValue = scope(record) + record.key().id();
        if (record.isDelete()) {
            return new Work(index, record, target, idValue, Map.of(), Bookkeeping.TOMBSTONE);
        }
        Map<String, String> values = Projection.of(target, record.payload());
        return new Work(index, record, target, idValue, values, hash(values));
    }

    String scope(SyncRecord record) {
        return parts.settings().scopeIdsByAccount() ? record.key().accountId() + ":" : "";
    }

    private Mono<Void> deliver(TargetMapping target, List<Work> works) {
        List<String> unknown = new ArrayList<>();
        for (Work work : works) {
            parts.state().get(target.object(), work.idValue).ifPresentOrElse(e -> work.current = Work.Current.of(e),
                    () -> unknown.add(work.idValue));
        }
        Mono<Void> read = unknown.isEmpty() ? Mono.empty()
                : parts.reader().read(target, unknown, target.onDelete() == OnDelete.ARCHIVE).doOnNext(found -> {
                    for (Work work : works) {
                        if (work.current == null) {
                            work.current = found.get(work.idValue);
                        }
                    }
                }).then();
        return read.then(Mono.defer(() -> {
            works.forEach(Decider::decide);
            List<Work> sending = works.stream().filter(w -> w.send != null).toList();
            return sending.isEmpty() ? Mono.<Void>empty() : parts.upserts().send(target, sending);
        })).then(Mono.defer(() -> archive(target, works)))
                .then(Mono.defer(() -> parts.associator().associate(target, works)))
                .then(Mono.fromRunnable(() -> works.forEach(w -> remember(target, w))));
    }

    private Mono<Void> archive(TargetMapping target, List<Work> works) {
        List<Work> archiving = works.stream()
                .filter(w -> w.archiveAfter && w.outcome == RecordOutcome.APPLIED && w.hubspotId != null).toList();
        return Flux.range(0, (archiving.size() + 99) / 100)
                .concatMap(i -> {
                    List<Work> chunk = archiving.subList(i * 100, Math.min(archiving.size(), i * 100 + 100));
                    Map<String, Object> body = Map.of("inputs", chunk.stream().map(w -> Map.of("id", w.hubspotId)).toList());
                    return parts.client().call("POST", "v3/objects/" + target.object() + "/batch/archive", body,
                                    "archiving " + chunk.size() + " " + target.object())
                            .doOnNext(response -> {
                                if (HubSpotErrorClassifier.kind(response) != HubSpotErrorClassifier.Kind.ANSWERED) {
                                    String reason = HubSpotErrorClassifier.refusal(response);
                                    chunk.forEach(w -> w.outcome = RecordOutcome.rejected("stamped deleted but not archived: " + reason));
                                }
                            });
                })
                .then();
    }

    private void remember(TargetMapping target, Work work) {
        if (work.outcome == null) {
            work.outcome = RecordOutcome.failed("HubSpot gave no answer for this record");
        }
        RecordOutcome.Status status = work.outcome.status();
        if (status == RecordOutcome.Status.REJECTED || status == RecordOutcome.Status.FAILED) {
            parts.state().forget(target.object(), work.idValue);
            return;
        }
        Work.Current current = work.current;
        if (work.send != null && work.hubspotId != null) {
            boolean delete = work.record.isDelete();
            long[] hashes = delete ? new long[0] : valueHashes(target, work.values);
            parts.state().put(target.object(), work.idValue, new DeliveredState.Entry(work.hubspotId, work.record.version(),
                    delete, work.archiveAfter, work.hash, hashes));
        } else if (current != null && current.valueHashes() == null) {
            // Read back from HubSpot: remember it, so the next change of this record needs no read.
            Map<String, String> held = new LinkedHashMap<>();
            target.propertyNames().forEach(p -> held.put(p, current.values().getOrDefault(p, "")));
            parts.state().put(target.object(), work.idValue, new DeliveredState.Entry(current.hubspotId(), current.version(),
                    current.deleted(), current.archived(), current.hash(), valueHashes(target, held)));
        }
    }

    private static long[] valueHashes(TargetMapping target, Map<String, String> values) {
        long[] hashes = new long[target.properties().size()];
        for (int i = 0; i < hashes.length; i++) {
            hashes[i] = DeliveredState.valueHash(values.get(target.properties().get(i).property()));
        }
        return hashes;
    }

    /** The hash stored in {@code syncline_hash}: of the mapped values, in mapping order. */
    static String hash(Map<String, String> values) {
        StringBuilder canonical = new StringBuilder();
        values.forEach((k, v) -> canonical.append(k).append('=').append(v).append('\n'));
        return HexFormat.of().toHexDigits(DeliveredState.valueHash(canonical.toString()));
    }

    private BatchResult result(Coalescer.Plan plan, List<List<Work>> perRecord, Map<Integer, RecordOutcome> refused) {
        List<RecordOutcome> outcomes = new ArrayList<>(records.size());
        RecordOutcome[] winners = new RecordOutcome[records.size()];
        for (int index : plan.winners()) {
            winners[index] = refused.containsKey(index) ? refused.get(index) : combine(perRecord.get(index));
        }
        for (int i = 0; i < records.size(); i++) {
            RecordOutcome winner = winners[plan.winnerOf().get(i)];
            outcomes.add(switch (plan.relations().get(i)) {
                case WINNER -> winner;
                case STALE -> RecordOutcome.STALE;
                case TIE -> RecordOutcome.TIE;
                case DUPLICATE -> winner.status() == RecordOutcome.Status.APPLIED ? RecordOutcome.UNCHANGED : winner;
            });
        }
        return new BatchResult(outcomes);
    }

    // One record written to several targets: the worst outcome speaks for it.
    private static RecordOutcome combine(List<Work> works) {
        List<RecordOutcome.Status> order = List.of(RecordOutcome.Status.FAILED, RecordOutcome.Status.REJECTED,
                RecordOutcome.Status.TIE, RecordOutcome.Status.APPLIED, RecordOutcome.Status.UNCHANGED, RecordOutcome.Status.STALE);
        for (RecordOutcome.Status status : order) {
            for (Work work : works) {
                if (work.outcome != null && work.outcome.status() == status) {
                    return work.outcome;
                }
            }
        }
        return RecordOutcome.failed("HubSpot gave no answer for this record");
    }
}
