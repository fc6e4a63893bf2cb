package dev.syncline.runner.inbox;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Reads the inbox with a query per page, and waits an interval when it is caught up: for state
 * databases without logical replication ({@code inbox.mode: poll}), and for the catch-up that
 * precedes the change stream in {@code cdc} mode.
 */
public final class PollingInboxSource implements InboxSource {
    static final int PAGE = 500;

    private final InboxStore store;
    private final Duration interval;

    public PollingInboxSource(InboxStore store, Duration interval) {
        this.store = store;
        this.interval = interval;
    }

    @Override
    public Flux<InboxRow> rows(long seq) {
        AtomicLong last = new AtomicLong(seq);
        return Flux.defer(() -> page(store, last))
                .switchIfEmpty(Mono.delay(interval).then(Mono.empty()))
                .repeat();
    }

    /** The rows after {@code last} until a query finds none; {@code last} follows what was emitted. */
    static Flux<InboxRow> drain(InboxStore store, AtomicLong last) {
        return Flux.defer(() -> page(store, last).collectList())
                .repeat()
                .takeUntil(rows -> rows.size() < PAGE)
                .concatMapIterable(rows -> rows);
    }

    private static Flux<InboxRow> page(InboxStore store, AtomicLong last) {
        return store.after(last.get(), PAGE).doOnNext(row -> last.set(row.seq()));
    }
}
