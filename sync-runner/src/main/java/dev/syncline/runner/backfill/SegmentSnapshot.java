package dev.syncline.runner.backfill;

import org.jspecify.annotations.Nullable;

/**
 * The durable state of one segment: the {@code created} range {@code [gte, lt)} it still owns, and
 * the last object whose records every destination acknowledged ({@code cursorId}, with its
 * {@code created} second). Everything in the range that lists after the cursor is still to do.
 */
public record SegmentSnapshot(long id, long gte, long lt, @Nullable String cursorId, long cursorCreated) {}
