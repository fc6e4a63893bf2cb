package dev.syncline.connector.record;

/** What a record asks the destination to do with the object it names. */
public enum Operation {
    /** Insert the object, or replace the stored state if this record's version is newer. */
    UPSERT,
    /**
     * Mark the object deleted. Destinations keep a versioned tombstone rather than removing the row,
     * so that an older upsert (a stale backfill page, a late webhook) cannot bring it back.
     */
    DELETE
}
