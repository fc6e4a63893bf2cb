package dev.syncline.runner.deadletter;

import dev.syncline.connector.record.SyncRecord;
import java.util.Objects;

/**
 * A record a destination refused, and why.
 *
 * @param record the record as it was offered to the destination
 * @param reason the destination's reason, as the connector reported it
 */
public record Rejection(SyncRecord record, String reason) {
    public Rejection {
        Objects.requireNonNull(record, "record");
        Objects.requireNonNull(reason, "reason");
    }
}
