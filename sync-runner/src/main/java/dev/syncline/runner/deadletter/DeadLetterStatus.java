package dev.syncline.runner.deadletter;

import java.util.Locale;

/** Where a dead letter stands. */
public enum DeadLetterStatus {
    /** Refused by the destination and not yet delivered: waiting for a replay. */
    PENDING,
    /** Delivered by a replay; kept for the record. */
    REPLAYED;

    /** The value stored in the {@code status} column. */
    public String column() {
        return name().toLowerCase(Locale.ROOT);
    }

    static DeadLetterStatus fromColumn(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
