package dev.syncline.runner.events;

import dev.syncline.connector.record.Json;
import dev.syncline.runner.config.SynclineConfig;
import dev.syncline.runner.inbox.EventCursor;
import dev.syncline.runner.inbox.InboxEvent;
import dev.syncline.runner.inbox.InboxStore;
import dev.syncline.runner.inbox.StripeEvents;
import dev.syncline.runner.policy.EventPolicy;
import dev.syncline.runner.stripe.ListPage;
import dev.syncline.runner.stripe.StripeApi;
import dev.syncline.runner.stripe.StripeApiException;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Reads {@code GET /v1/events} into the inbox, from each account's cursor on, oldest first. It is
 * the safety net under the webhooks: after downtime, or when Stripe dropped a delivery, the events
 * are still listed for 30 days, and storing them again is harmless (the inbox keeps an event id
 * once).
 *
 * <p>The cursor is the newest event already stored. It is saved only once the page it ends is
 * durably in the inbox (guarantee 2), so a crash at any moment re-reads at most one page. The
 * backfill covers history and the poller every change after its cursor, which is why
 * {@link #initialise} must complete before the backfill starts.
 *
 * <p>Accounts are named as Stripe-Account values: null is the API key's own account. Each
 * account's cursor lives in the inbox under the account id the events carry
 * ({@link StripeEvents#PLATFORM_ACCOUNT} for the platform).
 */
public final class EventsPoller {
    private static final Logger log = LoggerFactory.getLogger(EventsPoller.class);
    private static final String EVENTS = "/v1/events";
    private static final int PAGE_SIZE = 100;

    private final StripeApi api;
    private final InboxStore inbox;
    private final EventPolicy policy;
    private final Duration interval;
    private final PollerMetrics metrics;
    private final RetentionWatchdog watchdog;
    private final Set<String> polling = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean warnedNoPermission = new AtomicBoolean();

    /**
     * @param policy decides which event types may be stored; its denials are counted there
     * @param settings the poll interval and the retention warning age
     * @param clock the clock the cursor's age is measured by
     * @param registry where the poller's metrics go
     * @param rebackfill asked to backfill an account again when events may have been lost to retention
     */
    public EventsPoller(StripeApi api, InboxStore inbox, EventPolicy policy, SynclineConfig.Events settings, Clock clock,
                        MeterRegistry registry, RebackfillScheduler rebackfill) {
        this.api = api;
        this.inbox = inbox;
        this.policy = policy;
        this.interval = Duration.ofSeconds(settings.pollIntervalSeconds());
        this.metrics = new PollerMetrics(registry, clock);
        this.watchdog = new RetentionWatchdog(settings.retentionWarningDays(), clock, rebackfill, metrics);
    }

    /**
     * Gives an account without a cursor one at the newest event that exists now, so the poller
     * reads every change from here on and the backfill everything before. An existing cursor is
     * left alone: the poller resumes from it.
     */
    public Mono<Void> initialise(@Nullable String account) {
        if (!permitted()) {
            return Mono.empty();
        }
        String key = key(account);
        return inbox.cursor(key).flatMap(existing -> {
            if (existing.isPresent()) {
                metrics.cursor(key, existing.get());
                return Mono.empty();
            }
            return newest(account).flatMap(cursor -> inbox.saveCursor(key, cursor).doOnSuccess(v -> {
                metrics.cursor(key, cursor);
                log.info("Events poller: {} starts at {}", describe(account),
                        cursor.eventId() == null ? "Unix time " + cursor.created() + " (no events yet)" : "event " + cursor.eventId());
            }));
        });
    }

    /**
     * Reads every event after the cursor, oldest first, into the inbox, saving the cursor after
     * each page. An account without a cursor is initialised instead. A poll of an account that is
     * already being polled returns 0 at once: two polls would race each other's cursor.
     *
     * @return the number of events read from Stripe (stored, duplicates and dropped alike)
     */
    public Mono<Long> pollOnce(@Nullable String account) {
        if (!permitted()) {
            return Mono.just(0L);
        }
        String key = key(account);
        return Mono.defer(() -> {
            if (!polling.add(key)) {
                log.debug("Events poller: {} is already being polled", describe(account));
                return Mono.just(0L);
            }
            return inbox.cursor(key)
                    .flatMap(cursor -> cursor.isPresent() ? readFrom(account, key, cursor.get()) : initialise(account).thenReturn(0L))
                    // Released before the result goes downstream: a caller that polls again as soon as
                    // it has the result must not find the account still being polled.
                    .doOnEach(signal -> {
                        if (!signal.isOnSubscribe()) {
                            polling.remove(key);
                        }
                    })
                    .doOnCancel(() -> polling.remove(key));
        });
    }

    /**
     * Polls at start and then every {@code stripe.events.poll-interval-seconds} (0: only at start),
     * one poll at a time. A failed poll is logged with its reason, counted and retried at the next
     * tick; it never ends the loop.
     *
     * @return each poll's count of events read; never ends unless the interval is 0
     */
    public Flux<Long> run(@Nullable String account) {
        return PollLoop.every(interval, () -> pollOnce(account), e -> {
            metrics.pollFailed(key(account));
            log.warn("Events poller: polling {} failed, retrying {}: {}", describe(account),
                    interval.isZero() ? "never (poll interval 0)" : "in " + interval.toSeconds() + " s",
                    e.getMessage() == null ? e.toString() : e.getMessage());
        });
    }

    private Mono<Long> readFrom(@Nullable String account, String key, EventCursor cursor) {
        watchdog.inspect(account, key, cursor);
        metrics.cursor(key, cursor);
        AtomicLong read = new AtomicLong();
        String cursorId = cursor.eventId();
        Mono<Void> reading = cursorId == null ? readSince(account, key, cursor.created(), read) : readAfter(account, key, cursorId, read);
        return reading
                .onErrorResume(e -> cursorId != null && isMissing(e), e -> {
                    // The re-backfill is asked for before the cursor moves: a crash in between asks again, never loses the gap.
                    watchdog.cursorExpired(account, key, cursor);
                    return newest(account).flatMap(newest -> save(key, newest).then(inbox.restartCompleteFrom(key, newest.created())));
                })
                .then(Mono.fromSupplier(read::get));
    }

    /** Pages from the cursor event towards the newest: each page newest first, so it is reversed. */
    private Mono<Void> readAfter(@Nullable String account, String key, String cursorId, AtomicLong read) {
        return api.list(EVENTS, Map.of("ending_before", cursorId), null, PAGE_SIZE, account)
                .flatMap(page -> page.data().isEmpty() ? Mono.empty() : store(account, key, page.data(), read)
                        .then(page.hasMore() ? readAfter(account, key, id(page.data().get(0)), read) : Mono.empty()));
    }

    /**
     * Reads the events created since {@code created}, for a cursor that has no event yet. Without
     * an event to page back from, the pages come newest first from the top; the oldest page is
     * found by walking down (keeping only one page in memory), stored, and the rest read upwards
     * from its newest event as usual. {@code gte} rather than {@code gt}: an event created in the
     * same second as the cursor is not missed, and one read twice is a no-op in the inbox.
     */
    private Mono<Void> readSince(@Nullable String account, String key, long created, AtomicLong read) {
        Map<String, String> since = Map.of("created[gte]", String.valueOf(created));
        return oldestPage(account, since, null).flatMap(page -> {
            if (page.data().isEmpty()) {
                // Nothing since then: every event up to Stripe's answer has been read.
                return page.readAt() > created ? save(key, new EventCursor(null, page.readAt())) : Mono.empty();
            }
            return store(account, key, page.data(), read).then(readAfter(account, key, id(page.data().get(0)), read));
        });
    }

    private Mono<ListPage> oldestPage(@Nullable String account, Map<String, String> since, @Nullable String startingAfter) {
        return api.list(EVENTS, since, startingAfter, PAGE_SIZE, account)
                .flatMap(page -> page.hasMore() && !page.data().isEmpty() ? oldestPage(account, since, page.lastId()) : Mono.just(page));
    }

    /** Stores one page (newest first, as Stripe sends it) oldest first, then moves the cursor to its newest event. */
    private Mono<Void> store(@Nullable String account, String key, List<Map<String, @Nullable Object>> newestFirst, AtomicLong read) {
        List<InboxEvent> admitted = new ArrayList<>(newestFirst.size());
        long denied = 0;
        long malformed = 0;
        for (int i = newestFirst.size() - 1; i >= 0; i--) {
            Map<String, @Nullable Object> event = newestFirst.get(i);
            InboxEvent parsed;
            try {
                parsed = StripeEvents.parse(event, Json.write(event), InboxEvent.Source.EVENTS_API);
            } catch (StripeEvents.MalformedEventException e) {
                malformed++;
                log.warn("Events poller: dropped event {} of {}: {}", event.get("id"), describe(account), e.getMessage());
                continue;
            }
            if (policy.admit(parsed.eventType())) {
                admitted.add(parsed);
            } else {
                denied++;
            }
        }
        EventCursor next = cursorOf(newestFirst.get(0));
        long dropped = denied;
        long broken = malformed;
        return inbox.append(admitted).flatMap(stored -> {
            read.addAndGet(newestFirst.size());
            metrics.read(key, newestFirst.size());
            metrics.stored(key, stored.size());
            metrics.duplicates(key, admitted.size() - stored.size());
            metrics.dropped(key, "policy", dropped);
            metrics.dropped(key, "malformed", broken);
            return save(key, next);
        });
    }

    private Mono<Void> save(String key, EventCursor cursor) {
        return inbox.saveCursor(key, cursor).doOnSuccess(v -> metrics.cursor(key, cursor));
    }

    /**
     * The newest event that exists now; with none, "nothing before Stripe's answer", timed by
     * Stripe's {@code Date} so that a skewed local clock cannot hide an event.
     */
    private Mono<EventCursor> newest(@Nullable String account) {
        return api.list(EVENTS, Map.of(), null, 1, account)
                .map(page -> page.data().isEmpty() ? new EventCursor(null, page.readAt()) : cursorOf(page.data().get(0)));
    }

    private boolean permitted() {
        if (policy.eventsGranted()) {
            return true;
        }
        if (warnedNoPermission.compareAndSet(false, true)) {
            log.warn("Events poller: the manifest does not grant event_read, so no events are read from the Events API; "
                    + "events missed by the webhooks are not recovered. Add event_read to the manifest's permissions.");
        }
        return false;
    }

    private static boolean isMissing(Throwable e) {
        return e instanceof StripeApiException stripe && stripe.status() == 404 && "resource_missing".equals(stripe.code());
    }

    private static EventCursor cursorOf(Map<String, @Nullable Object> event) {
        return new EventCursor(id(event), event.get("created") instanceof Number created ? created.longValue() : 0L);
    }

    private static String id(Map<String, @Nullable Object> event) {
        return String.valueOf(event.get("id"));
    }

    private static String key(@Nullable String account) {
        return account == null ? StripeEvents.PLATFORM_ACCOUNT : account;
    }

    private static String describe(@Nullable String account) {
        return account == null ? "the platform account" : "account " + account;
    }
}
