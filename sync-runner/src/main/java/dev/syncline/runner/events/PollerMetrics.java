package dev.syncline.runner.events;

import dev.syncline.runner.inbox.EventCursor;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The poller's figures, tagged with the account ({@code platform} for the API key's own): events
 * read, stored, already in the inbox and dropped, failed polls, re-backfills asked for, and how
 * far behind the cursor is.
 */
final class PollerMetrics {
    static final String READ = "syncline.events.read";
    static final String STORED = "syncline.events.stored";
    static final String DUPLICATES = "syncline.events.duplicates";
    static final String DROPPED = "syncline.events.dropped";
    static final String POLLS_FAILED = "syncline.events.polls.failed";
    static final String REBACKFILLS = "syncline.events.rebackfills";
    static final String CURSOR_AGE = "syncline.events.cursor.age";

    private final MeterRegistry registry;
    private final Clock clock;
    private final Map<String, AtomicLong> cursorCreated = new ConcurrentHashMap<>();

    PollerMetrics(MeterRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
    }

    void read(String account, long events) {
        count(READ, account, events);
    }

    void stored(String account, long events) {
        count(STORED, account, events);
    }

    void duplicates(String account, long events) {
        count(DUPLICATES, account, events);
    }

    /** @param reason {@code policy} (the manifest does not permit the type) or {@code malformed} */
    void dropped(String account, String reason, long events) {
        if (events > 0) {
            registry.counter(DROPPED, "account", tag(account), "reason", reason).increment(events);
        }
    }

    void pollFailed(String account) {
        count(POLLS_FAILED, account, 1);
    }

    void rebackfill(String account) {
        count(REBACKFILLS, account, 1);
    }

    /** The cursor of {@code account} is now {@code cursor}: its age, by the clock, is the gauge. */
    void cursor(String account, EventCursor cursor) {
        cursorCreated.computeIfAbsent(account, a -> {
            zeroes(a);
            AtomicLong created = new AtomicLong(cursor.created());
            Gauge.builder(CURSOR_AGE, created, c -> Math.max(0, clock.instant().getEpochSecond() - c.get()))
                    .description("Seconds since the newest event the Events API poller has stored was created")
                    .baseUnit("seconds").tag("account", tag(a)).register(registry);
            return created;
        }).set(cursor.created());
    }

    /** Starts the account's counters at zero, so rare ones (failures, drops) are series before the first. */
    private void zeroes(String account) {
        for (String name : new String[] {READ, STORED, DUPLICATES, POLLS_FAILED, REBACKFILLS}) {
            registry.counter(name, "account", tag(account));
        }
        registry.counter(DROPPED, "account", tag(account), "reason", "policy");
        registry.counter(DROPPED, "account", tag(account), "reason", "malformed");
    }

    private void count(String name, String account, long amount) {
        if (amount > 0) {
            registry.counter(name, "account", tag(account)).increment(amount);
        }
    }

    private static String tag(String account) {
        return account.isEmpty() ? "platform" : account;
    }
}
