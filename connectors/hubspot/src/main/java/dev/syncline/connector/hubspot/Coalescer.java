package dev.syncline.connector.hubspot;

import dev.syncline.connector.record.RecordKey;
import dev.syncline.connector.record.SyncRecord;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Picks, per object of a batch, the one record to deliver: the newest version (a delete wins over
 * an upsert of the same second, as Stripe emits nothing after a delete). HubSpot refuses a whole
 * batch with duplicate ids, and "newer wins" means the others have nothing to deliver anyway:
 * each other record is stale (older), a duplicate (same version and content) or a tie (same
 * version, other content).
 */
final class Coalescer {
    private Coalescer() {}

    enum Relation { WINNER, STALE, DUPLICATE, TIE }

    /**
     * For each record, its relation to the winner of its object.
     *
     * @param relations one per record, in batch order
     * @param winnerOf the index of the winner of each record's object, in batch order
     */
    record Plan(List<Relation> relations, List<Integer> winnerOf) {
        List<Integer> winners() {
            List<Integer> winners = new ArrayList<>();
            for (int i = 0; i < relations.size(); i++) {
                if (relations.get(i) == Relation.WINNER) {
                    winners.add(i);
                }
            }
            return winners;
        }
    }

    static Plan plan(List<SyncRecord> records) {
        Map<RecordKey, Integer> winner = new HashMap<>();
        for (int i = 0; i < records.size(); i++) {
            SyncRecord record = records.get(i);
            Integer current = winner.get(record.key());
            if (current == null || beats(record, records.get(current))) {
                winner.put(record.key(), i);
            }
        }
        List<Relation> relations = new ArrayList<>(records.size());
        List<Integer> winnerOf = new ArrayList<>(records.size());
        for (int i = 0; i < records.size(); i++) {
            SyncRecord record = records.get(i);
            int w = winner.get(record.key());
            SyncRecord best = records.get(w);
            winnerOf.add(w);
            if (w == i) {
                relations.add(Relation.WINNER);
            } else if (record.version() < best.version()) {
                relations.add(Relation.STALE);
            } else if (record.operation() == best.operation() && Objects.equals(record.payload(), best.payload())) {
                relations.add(Relation.DUPLICATE);
            } else {
                relations.add(record.isDelete() || !best.isDelete() ? Relation.TIE : Relation.STALE);
            }
        }
        return new Plan(relations, winnerOf);
    }

    private static boolean beats(SyncRecord candidate, SyncRecord current) {
        if (candidate.version() != current.version()) {
            return candidate.version() > current.version();
        }
        return candidate.isDelete() && !current.isDelete();
    }
}
