package dev.syncline.runner.pipeline;

import dev.syncline.connector.record.SyncRecord;

/**
 * A record with the source position it came from (a backfill page, an inbox row, or several of
 * them), so its acknowledgement can advance exactly that position.
 */
public record TrackedRecord(SyncRecord record, Position position) {
    /** The same position, another record: a record cut down by policy, or refetched after a tie. */
    public TrackedRecord with(SyncRecord replacement) {
        return new TrackedRecord(replacement, position);
    }
}
