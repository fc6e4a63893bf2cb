package dev.syncline.connector.spi;

import java.util.Collections;
import java.util.List;

/**
 * The outcome of one {@link SinkConnector#write}: exactly one {@link RecordOutcome} per record of
 * the batch, in the same order, so the runner acknowledges exactly what was written.
 *
 * @param outcomes one per record, in batch order
 */
public record BatchResult(List<RecordOutcome> outcomes) {
    public BatchResult {
        outcomes = List.copyOf(outcomes);
    }

    /** Every record with the same outcome. */
    public static BatchResult all(int size, RecordOutcome outcome) {
        return new BatchResult(Collections.nCopies(size, outcome));
    }

    public int size() {
        return outcomes.size();
    }

    public RecordOutcome get(int index) {
        return outcomes.get(index);
    }

    /** Whether every record is acknowledged. */
    public boolean fullyAcknowledged() {
        return outcomes.stream().allMatch(RecordOutcome::acknowledged);
    }

    public long count(RecordOutcome.Status status) {
        return outcomes.stream().filter(o -> o.status() == status).count();
    }
}
