package dev.syncline.runner.backfill;

import dev.syncline.connector.record.SyncRecord;

/** A record with the page it came from, so its acknowledgement can advance that page's segment. */
public record TrackedRecord(SyncRecord record, FetchedPage page) {}
