package dev.syncline.connector.postgres;

import dev.syncline.connector.record.RecordKey;
import dev.syncline.connector.record.SyncRecord;
import dev.syncline.connector.spi.BatchResult;
import dev.syncline.connector.spi.RecordOutcome;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which records of a batch reach the database: per key only the newest (the first of equal
 * versions), because one statement cannot touch a row twice and older records would lose anyway.
 * The others get their outcome from the winner's once it is known.
 */
final class BatchPlan {
    private final List<SyncRecord> records;
    /** Batch index of the winner of each key. */
    private final Map<RecordKey, Integer> winners;

    private BatchPlan(List<SyncRecord> records, Map<RecordKey, Integer> winners) {
        this.records = records;
        this.winners = winners;
    }

    static BatchPlan of(List<SyncRecord> records) {
        Map<RecordKey, Integer> winners = new LinkedHashMap<>();
        for (int i = 0; i < records.size(); i++) {
            SyncRecord record = records.get(i);
            Integer current = winners.get(record.key());
            if (current == null || records.get(current).version() < record.version()) {
                winners.put(record.key(), i);
            }
        }
        return new BatchPlan(records, winners);
    }

    /** The winners, grouped by object type in order of first appearance, each with its batch index. */
    Map<String, List<Indexed>> winnersByType() {
        Map<String, List<Indexed>> byType = new LinkedHashMap<>();
        for (int index : winners.values()) {
            SyncRecord record = records.get(index);
            byType.computeIfAbsent(record.key().objectType(), t -> new ArrayList<>()).add(new Indexed(index, record));
        }
        return byType;
    }

    /**
     * The outcome of every record, in batch order.
     *
     * @param winnerOutcomes the outcome of each winner, by batch index
     */
    BatchResult result(Map<Integer, RecordOutcome> winnerOutcomes) {
        Map<Integer, RecordOutcome> byIndex = new HashMap<>(winnerOutcomes);
        List<RecordOutcome> outcomes = new ArrayList<>(records.size());
        for (int i = 0; i < records.size(); i++) {
            SyncRecord record = records.get(i);
            int winnerIndex = winners.get(record.key());
            RecordOutcome winnerOutcome = byIndex.get(winnerIndex);
            if (winnerOutcome == null) {
                throw new IllegalStateException("no outcome for " + records.get(winnerIndex));
            }
            outcomes.add(i == winnerIndex ? winnerOutcome : loserOutcome(record, records.get(winnerIndex), winnerOutcome));
        }
        return new BatchResult(outcomes);
    }

    private static RecordOutcome loserOutcome(SyncRecord loser, SyncRecord winner, RecordOutcome winnerOutcome) {
        if (loser.version() < winner.version()) {
            return RecordOutcome.STALE;
        }
        // Same version as the winner: a duplicate shares its fate, different content is a tie.
        boolean identical = sameState(loser, winner);
        return switch (winnerOutcome.status()) {
            case APPLIED, UNCHANGED -> identical ? RecordOutcome.UNCHANGED : RecordOutcome.TIE;
            case TIE, STALE, REJECTED, FAILED -> identical ? winnerOutcome : RecordOutcome.TIE;
        };
    }

    /** Whether two records of one key and version would leave the same stored state. */
    static boolean sameState(SyncRecord a, SyncRecord b) {
        if (a.isDelete() || b.isDelete()) {
            // A delete keeps the last known state whatever stub it carries.
            return a.isDelete() && b.isDelete();
        }
        return a.payload().equals(b.payload());
    }

    /** A record with its position in the batch. */
    record Indexed(int index, SyncRecord record) {}
}
