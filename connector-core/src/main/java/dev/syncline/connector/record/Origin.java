package dev.syncline.connector.record;

/** Where a record's state was read from; carried for lineage, metrics and tie resolution. */
public enum Origin {
    /** A page of the list API read during a backfill. */
    BACKFILL,
    /** A snapshot event, received as a webhook or read from the Events API. */
    EVENT,
    /** A retrieve of a single object, for example to resolve a same-second tie. */
    REFETCH
}
