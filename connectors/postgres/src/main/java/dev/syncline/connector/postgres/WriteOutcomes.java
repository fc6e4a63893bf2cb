package dev.syncline.connector.postgres;

import dev.syncline.connector.record.SyncRecord;
import dev.syncline.connector.spi.RecordOutcome;
import org.jspecify.annotations.Nullable;

/** Classifies one written record from the state the upsert statement found before it. */
final class WriteOutcomes {
    private WriteOutcomes() {}

    /**
     * @param written whether the upsert changed the row
     * @param storedVersion the stored version before the statement, null if there was no row
     * @param storedDeleted whether the stored row was a tombstone
     * @param sameRaw whether the stored {@code _raw} equals the record's payload
     */
    static RecordOutcome classify(SyncRecord record, boolean written, @Nullable Long storedVersion,
                                  @Nullable Boolean storedDeleted, @Nullable Boolean sameRaw) {
        if (written) {
            return RecordOutcome.APPLIED;
        }
        if (storedVersion == null || storedVersion < record.version()) {
            // Only another writer committing between our snapshot and our insert gets here.
            return RecordOutcome.failed("a concurrent write to the same row; deliver the record again");
        }
        if (storedVersion > record.version()) {
            return RecordOutcome.STALE;
        }
        boolean deleted = Boolean.TRUE.equals(storedDeleted);
        if (record.isDelete()) {
            return deleted ? RecordOutcome.UNCHANGED : RecordOutcome.TIE;
        }
        return !deleted && Boolean.TRUE.equals(sameRaw) ? RecordOutcome.UNCHANGED : RecordOutcome.TIE;
    }
}
