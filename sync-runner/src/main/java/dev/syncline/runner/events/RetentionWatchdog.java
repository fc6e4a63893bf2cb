package dev.syncline.runner.events;

import dev.syncline.runner.inbox.EventCursor;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Guards against Stripe's 30-day event retention. Events older than 30 days cannot be listed any
 * more, so a poller that was away that long would miss changes without noticing. A cursor older
 * than the warning age (25 days by default) is the last moment to act: the watchdog warns and asks
 * for a re-backfill, once per cursor. A cursor Stripe no longer knows (its event aged out) means
 * the gap is already there: the watchdog reports it and asks for a re-backfill too.
 */
final class RetentionWatchdog {
    private static final Logger log = LoggerFactory.getLogger(RetentionWatchdog.class);

    private final Duration warningAge;
    private final Clock clock;
    private final RebackfillScheduler scheduler;
    private final PollerMetrics metrics;
    /** Cursors already reported, so a cursor that stays old asks for one re-backfill, not one per poll. */
    private final Set<String> reported = ConcurrentHashMap.newKeySet();

    RetentionWatchdog(int warningDays, Clock clock, RebackfillScheduler scheduler, PollerMetrics metrics) {
        this.warningAge = Duration.ofDays(warningDays);
        this.clock = clock;
        this.scheduler = scheduler;
        this.metrics = metrics;
    }

    /**
     * Checks the cursor's age before a poll reads from it.
     *
     * @param account the account as the caller names it (null for the platform)
     * @param key the account's key in the inbox
     */
    void inspect(@Nullable String account, String key, EventCursor cursor) {
        Duration age = Duration.ofSeconds(clock.instant().getEpochSecond() - cursor.created());
        if (age.compareTo(warningAge) <= 0 || reported.contains(key + "|" + cursor)) {
            return;
        }
        String reason = "the Events API cursor of " + describe(account) + " is " + age.toDays() + " days old (" + age.toHours()
                + " hours); Stripe keeps events for 30 days, so changes may be lost";
        log.warn("Events poller: {} (warning age {} days); scheduling a re-backfill of the account", reason, warningAge.toDays());
        scheduler.rebackfill(account, reason);
        metrics.rebackfill(key);
        reported.add(key + "|" + cursor);
    }

    /**
     * Stripe answered 404 for the cursor's event: it aged out of the 30-day window, and whatever
     * happened between it and the oldest event still listed is gone from the Events API.
     */
    void cursorExpired(@Nullable String account, String key, EventCursor lost) {
        String reason = "Stripe no longer knows the Events API cursor " + lost.eventId() + " of " + describe(account)
                + " (older than Stripe's 30-day event retention); events after it may be lost";
        log.warn("Events poller: {}; scheduling a re-backfill and going on from the newest event", reason);
        scheduler.rebackfill(account, reason);
        metrics.rebackfill(key);
    }

    private static String describe(@Nullable String account) {
        return account == null ? "the platform account" : "account " + account;
    }
}
