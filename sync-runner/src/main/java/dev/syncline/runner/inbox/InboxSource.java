package dev.syncline.runner.inbox;

import reactor.core.publisher.Flux;

/**
 * A pipeline's view of the inbox: every row after a position, in {@code seq} order, for as long as
 * the subscription lasts, and no faster than the subscriber asks.
 */
public interface InboxSource {
    /** The rows after {@code seq}, then each new row as it is committed; never completes by itself. */
    Flux<InboxRow> rows(long seq);
}
