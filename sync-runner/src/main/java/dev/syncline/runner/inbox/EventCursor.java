package dev.syncline.runner.inbox;

import org.jspecify.annotations.Nullable;

/**
 * Where the Events API poller of one account stopped: the newest event it has stored.
 *
 * @param eventId that event's id, passed as {@code ending_before}; null when no event was seen yet
 * @param created that event's {@code created} (or, with no event, when the poller started), Unix seconds
 */
public record EventCursor(@Nullable String eventId, long created) {}
