package dev.syncline.connector.spi;

import java.util.Objects;

/**
 * What a connector did with one record of a batch.
 *
 * @param status the kind of outcome
 * @param detail why, for {@link Status#REJECTED} and {@link Status#FAILED}; empty otherwise
 */
public record RecordOutcome(Status status, String detail) {
    public static final RecordOutcome APPLIED = new RecordOutcome(Status.APPLIED, "");
    public static final RecordOutcome UNCHANGED = new RecordOutcome(Status.UNCHANGED, "");
    public static final RecordOutcome STALE = new RecordOutcome(Status.STALE, "");
    public static final RecordOutcome TIE = new RecordOutcome(Status.TIE, "");

    public RecordOutcome {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(detail, "detail");
    }

    public static RecordOutcome rejected(String reason) {
        return new RecordOutcome(Status.REJECTED, reason);
    }

    public static RecordOutcome failed(String reason) {
        return new RecordOutcome(Status.FAILED, reason);
    }

    /**
     * Whether the record is durably handled, so its source position may be committed. Everything
     * but {@link Status#FAILED} is: a rejected record is handled by the dead letters.
     */
    public boolean acknowledged() {
        return status != Status.FAILED;
    }

    /** The kinds of outcome. */
    public enum Status {
        /** Written: the destination now holds this record's state. */
        APPLIED,
        /** The destination already held exactly this version and content (a redelivery). */
        UNCHANGED,
        /** The destination holds a newer version; the record was ignored. */
        STALE,
        /**
         * The destination holds the same version with different content. Not written; the pipeline
         * resolves it by refetching the object.
         */
        TIE,
        /** The destination refused the record for a reason tied to it; it goes to the dead letters. */
        REJECTED,
        /** Not written because of a passing failure; the record must be delivered again. */
        FAILED
    }
}
