package dev.syncline.runner.live;

import dev.syncline.connector.record.RecordKey;
import dev.syncline.connector.record.SyncRecord;
import dev.syncline.runner.inbox.InboxRow;
import dev.syncline.runner.inbox.InboxSource;
import dev.syncline.runner.inbox.InboxStore;
import dev.syncline.runner.inbox.StripeEvents;
import dev.syncline.runner.pipeline.Position;
import dev.syncline.runner.pipeline.Refetcher;
import dev.syncline.runner.pipeline.TrackedRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.util.retry.Retry;

/**
 * One pipeline's live events: the inbox rows after the pipeline's position, as tracked records.
 *
 * <p>Rows are taken in small groups, so change notices for the same object arriving close
 * together cost one retrieve (coalesced by id). The pipeline's position moves only over rows
 * whose every record the destination acknowledged, and is saved at most every
 * {@link #COMMIT_INTERVAL}; after a crash the rows after it are read again, and the version-guarded
 * writes make that harmless.
 *
 * <p>Use: subscribe to {@link #records()} (it never completes) and call {@link #acknowledge} for
 * each acknowledged record read here.
 */
public final class LiveEvents {
    private static final Logger log = LoggerFactory.getLogger(LiveEvents.class);
    static final Duration COMMIT_INTERVAL = Duration.ofMillis(200);
    private static final int GROUP = 256;
    private static final Duration GROUP_WINDOW = Duration.ofMillis(2);
    private static final int REFETCH_CONCURRENCY = 8;

    private final String pipeline;
    private final InboxSource source;
    private final InboxStore store;
    private final Set<String> objectTypes;
    private final Set<String> refetchTypes;
    private final String platformAccount;
    private final Refetcher refetcher;
    private final Predicate<String> synced;
    private final AtomicLong saved = new AtomicLong(-1);
    private final Sinks.Many<Boolean> commits = Sinks.many().unicast().onBackpressureBuffer();
    private volatile InboxTracker tracker = new InboxTracker(0);

    public LiveEvents(String pipeline, InboxSource source, InboxStore store, Set<String> objectTypes, Set<String> refetchTypes,
                      String platformAccount, Refetcher refetcher) {
        this(pipeline, source, store, objectTypes, refetchTypes, platformAccount, refetcher, account -> true);
    }

    /**
     * @param synced whether events of an account (the platform's id for the platform) are applied:
     *     a connected account not (or no longer) synced is skipped; its backfill, when it starts,
     *     reads a state newer than any event skipped before
     */
    public LiveEvents(String pipeline, InboxSource source, InboxStore store, Set<String> objectTypes, Set<String> refetchTypes,
                      String platformAccount, Refetcher refetcher, Predicate<String> synced) {
        this.pipeline = pipeline;
        this.synced = synced;
        this.source = source;
        this.store = store;
        this.objectTypes = Set.copyOf(objectTypes);
        this.refetchTypes = Set.copyOf(refetchTypes);
        this.platformAccount = platformAccount;
        this.refetcher = refetcher;
    }

    /** The events after the pipeline's saved position, then every new one; never completes. */
    public Flux<TrackedRecord> records() {
        Flux<Void> committer = commits.asFlux().onBackpressureLatest()
                .concatMap(request -> Mono.delay(COMMIT_INTERVAL).then(commit()), 1);
        Mono<Long> completeFrom = store.completeFrom(StripeEvents.PLATFORM_ACCOUNT).map(from -> from.orElse(Long.MIN_VALUE));
        return Mono.zip(store.position(pipeline), completeFrom).flatMapMany(started -> {
            long position = started.getT1();
            EventRecords rules = new EventRecords(objectTypes, refetchTypes, platformAccount, started.getT2(), synced);
            tracker = new InboxTracker(position);
            saved.set(position);
            log.info("{}: reading live events after inbox position {}", pipeline, position);
            return source.rows(position)
                    .bufferTimeout(GROUP, GROUP_WINDOW, true)
                    .concatMap(rows -> toRecords(rules, rows), 1)
                    .concatMapIterable(records -> records);
        }).mergeWith(committer.then(Mono.empty()));
    }

    /** The destination acknowledged a record read at these positions. */
    public void acknowledge(List<InboxPosition> positions) {
        if (positions.isEmpty()) {
            return;
        }
        InboxTracker current = tracker;
        positions.forEach(p -> current.acknowledged(p.seq()));
        commits.tryEmitNext(Boolean.TRUE);
    }

    /** Saves the position reached, for when the pipeline stops. */
    public Mono<Void> flush() {
        return commit();
    }


    private Mono<Void> commit() {
        return Mono.defer(() -> {
            long position = tracker.committable();
            if (position <= saved.get()) {
                return Mono.empty();
            }
            return store.savePosition(pipeline, position).doOnSuccess(v -> saved.accumulateAndGet(position, Math::max))
                    .onErrorResume(e -> {
                        log.warn("{}: could not save the inbox position, will retry with the next one: {}", pipeline, e.getMessage());
                        return Mono.empty();
                    });
        });
    }

    /** The records of a group of rows, registered with the tracker in row order. */
    private Mono<List<TrackedRecord>> toRecords(EventRecords rules, List<InboxRow> rows) {
        List<TrackedRecord> ready = new ArrayList<>(rows.size());
        Map<RecordKey, Notices> notices = new LinkedHashMap<>();
        InboxTracker current = tracker;
        for (InboxRow row : rows) {
            EventRecords.Action action;
            try {
                action = rules.of(row.event());
            } catch (IllegalArgumentException e) {
                log.warn("{}: inbox row {} ({}) cannot be read and is skipped: {}", pipeline, row.seq(), row.event(), e.getMessage());
                current.read(row.seq(), 0);
                continue;
            }
            if (action instanceof EventRecords.Deliver deliver) {
                current.read(row.seq(), 1);
                ready.add(new TrackedRecord(deliver.record(), new InboxPosition(row.seq())));
            } else if (action instanceof EventRecords.Refetch refetch) {
                current.read(row.seq(), 1);
                notices.computeIfAbsent(refetch.key(), k -> new Notices(refetch)).add(row.seq(), refetch);
            } else {
                current.read(row.seq(), 0);
            }
        }
        if (notices.isEmpty()) {
            return Mono.just(ready);
        }
        return Flux.fromIterable(notices.values())
                .flatMap(this::refetch, REFETCH_CONCURRENCY)
                .collectList()
                .map(refetchedRecords -> {
                    ready.addAll(refetchedRecords);
                    return ready;
                });
    }

    /** One retrieve for every notice of an object in the group; if Stripe has nothing, the notices are done. */
    private Mono<TrackedRecord> refetch(Notices notices) {
        Position position = Position.of(notices.positions);
        return refetcher.latest(notices.first.key(), notices.first.known(), notices.after)
                .retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofSeconds(1)).maxBackoff(Duration.ofSeconds(60))
                        .doBeforeRetry(signal -> log.warn("{}: could not refetch {}, retrying: {}", pipeline, notices.first.key(),
                                signal.failure().getMessage())))
                .flatMap(latest -> {
                    if (latest.isEmpty()) {
                        acknowledge(notices.positions);
                        return Mono.empty();
                    }
                    SyncRecord record = latest.get();
                    return Mono.just(new TrackedRecord(record, position));
                });
    }

    /** The notices of one object within a group. */
    private static final class Notices {
        private final EventRecords.Refetch first;
        private final List<InboxPosition> positions = new ArrayList<>();
        private long after;

        Notices(EventRecords.Refetch first) {
            this.first = first;
            this.after = first.after();
        }

        void add(long seq, EventRecords.Refetch notice) {
            positions.add(new InboxPosition(seq));
            after = Math.max(after, notice.after());
        }
    }
}
