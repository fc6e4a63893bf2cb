package dev.syncline.runner.pipeline;

import dev.syncline.connector.errors.RetriableConnectorException;
import dev.syncline.connector.schema.SchemaCatalog;
import dev.syncline.connector.spi.BatchResult;
import dev.syncline.connector.spi.ConnectorMetrics;
import dev.syncline.connector.spi.RecordBatch;
import dev.syncline.connector.spi.RecordOutcome;
import dev.syncline.connector.spi.SinkConnector;
import dev.syncline.runner.backfill.Backfill;
import dev.syncline.runner.backfill.FetchedPage;
import dev.syncline.runner.config.SynclineConfig;
import dev.syncline.runner.deadletter.DeadLetters;
import dev.syncline.runner.deadletter.Rejection;
import dev.syncline.runner.live.InboxPosition;
import dev.syncline.runner.live.LiveEvents;
import dev.syncline.runner.policy.PipelinePolicy;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * One pipeline, assembled in one place from named stages:
 *
 * <pre>
 *   backfill  (parallel created-range segments, paged on demand)
 *     + live    (inbox events after the pipeline's position: snapshots, tombstones, refetched notices)
 *     → permit   (policy: drop types the pipeline may not receive, cut denied nested objects to ids)
 *     → lanes    (records partitioned by key over the destination's write lanes)
 *     → batch    (per lane, by size and time)
 *     → deliver  (the lane's connector write, retried with backoff (or the destination's hint)
 *                 until every record is acknowledged, then by the pipeline's on-failure policy:
 *                 pause (keep retrying) or dead-letter; a same-second tie is resolved by
 *                 refetching the object and writing that)
 *     → acknowledge (advances the backfill's checkpoints and the inbox position over what the destination holds)
 * </pre>
 *
 * <p>Each lane has its own connector instance and writes one batch at a time, so lanes overlap
 * encoding, network and the database's work, while every object (and a parent with its embedded
 * children) always goes through the same lane, whichever source it came from: writes of one key
 * never race, and "newer wins" decides between a backfill page and an event. Demand flows from
 * the lanes back to the list calls and to the inbox stream, so the chain holds at most a few
 * batches per lane, whatever the data volume.
 */
public final class SyncPipeline {
    private static final Logger log = LoggerFactory.getLogger(SyncPipeline.class);
    private static final Duration BATCH_WINDOW = Duration.ofSeconds(1);
    /** Live events are batched on a short window: a webhook should be visible within a fraction of a second. */
    private static final Duration LIVE_BATCH_WINDOW = Duration.ofMillis(3);

    private final SynclineConfig.Pipeline settings;
    private final List<SinkConnector> lanes;
    private final BackfillRun initialBackfill;
    private final Function<String, Backfill> rebackfills;
    private final Sinks.Many<String> rebackfillRequests = Sinks.many().unicast().onBackpressureBuffer();
    /** Emits once when the pipeline is asked to stop reading and finish what it holds; see {@link #drain}. */
    private final Sinks.One<Boolean> draining = Sinks.one();
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final java.util.Set<BackfillRun> startedRuns = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** Backfills of connected accounts, read {@link #concurrentAccounts} at a time. */
    private final Sinks.Many<BackfillRun> accountRuns = Sinks.many().unicast().onBackpressureBuffer();
    private final List<BackfillRun> accountRunsStarted = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** Connected accounts backfilled at once; 0 while the pipeline syncs the key's own account only. */
    private volatile int concurrentAccounts;
    private final @Nullable LiveEvents live;
    private final @Nullable Refetcher refetcher;
    private final PipelineProgress progress;
    private final RunnerSinkContext context;
    private final ConnectorMetrics metrics;
    private final PipelinePolicy policy;
    private final DeadLetters deadLetters;
    private final LaneRetry retry;
    private final Clock clock;

    /**
     * @param lanes one unopened connector per write lane
     * @param backfill the backfill to run first
     * @param rebackfills a backfill that reads every stream again, for {@link #rebackfill}; given the reason
     * @param live the pipeline's live events, or null to backfill only
     * @param refetcher reads an object again to resolve a tie; null to accept ties as they are
     * @param deadLetters where the records the destination refuses are stored before they are acknowledged
     */
    public SyncPipeline(SynclineConfig.Pipeline settings, List<SinkConnector> lanes, Backfill backfill, Function<String, Backfill> rebackfills,
                        @Nullable LiveEvents live, @Nullable Refetcher refetcher, PipelineProgress progress, SchemaCatalog schemas, Clock clock,
                        ConnectorMetrics metrics, PipelinePolicy policy, DeadLetters deadLetters) {
        this.settings = settings;
        this.lanes = List.copyOf(lanes);
        this.initialBackfill = new BackfillRun(backfill);
        this.rebackfills = rebackfills;
        this.live = live;
        this.refetcher = refetcher;
        this.progress = progress;
        this.metrics = metrics;
        this.policy = policy;
        this.deadLetters = deadLetters;
        this.retry = new LaneRetry(settings.delivery());
        this.context = new RunnerSinkContext(settings.name(), schemas, clock, metrics, policy.http());
        this.clock = clock;
        progress.lanes(this.lanes.size());
    }

    /**
     * Opens the destination and delivers into it until cancelled (with live events) or until the
     * backfill is delivered and checkpointed (without); closes it either way.
     */
    public Mono<Void> run() {
        return Mono.usingWhen(
                        Flux.fromIterable(lanes).concatMap(lane -> lane.open(context).thenReturn(lane)).collectList(),
                        open -> Flux.merge(backfillRecords().doOnNext(r -> received(r, false)), liveRecords().doOnNext(r -> received(r, true)))
                                .takeUntilOther(draining.asMono())
                                .transform(this::permit)
                                .transform(this::deliverThroughLanes)
                                .then(Mono.defer(() -> stopping.get() ? saveCheckpoints()
                                        : backfillCompletion().then(Mono.defer(() -> Mono.when(accountRunsStarted.stream().map(r -> r.done.asMono()).toList()))))),
                        this::closeAll,
                        (open, error) -> closeAll(open),
                        this::closeAll)
                .doOnSubscribe(s -> progress.state(PipelineProgress.State.BACKFILLING))
                .doOnSuccess(v -> progress.state(stopping.get() ? PipelineProgress.State.STOPPED : PipelineProgress.State.IDLE))
                .doOnError(progress::failed)
                .doOnCancel(() -> progress.state(PipelineProgress.State.STOPPED))
                .doFinally(signal -> policy.close());
    }

    /**
     * Stops reading (list pages, inbox rows) and lets {@link #run} complete once every record
     * already read is written and acknowledged and the checkpoints over them are saved: the
     * backfill's segments and the inbox position. A page only partly handed on when reading
     * stopped is not acknowledged, so the next run reads it again; nothing else is read twice.
     */
    public void drain() {
        stopping.set(true);
        draining.tryEmitValue(Boolean.TRUE);
    }

    /** After a drain: the backfills' checkpoints as far as acknowledged (the inbox position is saved on close). */
    private Mono<Void> saveCheckpoints() {
        return Flux.fromIterable(startedRuns).concatMap(run -> run.backfill.finish()).then()
                .doOnSuccess(v -> log.info("{}: drained; in-flight batches written and checkpoints saved", settings.name()));
    }

    /** Completes once every record of the first backfill is delivered and its final checkpoints are saved. */
    public Mono<Void> backfillCompletion() {
        return initialBackfill.done.asMono();
    }

    /**
     * Reads every stream of the pipeline again once the backfills before have been read, for
     * example because events may have been missed beyond the Events API's 30 days. Live events go
     * on meanwhile; "newer wins" keeps the two from undoing each other.
     */
    public void rebackfill(String reason) {
        if (live == null) {
            log.warn("{}: a backfill again was asked for ({}), but this run does not stay live; run the backfill with --again", settings.name(), reason);
            return;
        }
        rebackfillRequests.tryEmitNext(reason);
    }

    /**
     * Backfills one more (connected) account alongside everything else, once fewer than
     * {@link #connectAccounts(int)} accounts are backfilling: a few accounts at a time finish
     * their first sync sooner than all of them at once sharing the budget, and a large account
     * takes one place while the others turn over.
     *
     * @param stop ends the account's reading when it signals (the account was deauthorized); what
     *     was read is still delivered and checkpointed
     * @return completes once the account's backfill is delivered and its checkpoints saved, or it was stopped
     */
    public Mono<Void> backfillAccount(Backfill backfill, Mono<?> stop) {
        BackfillRun run = new BackfillRun(backfill, stop);
        accountRunsStarted.add(run);
        startedRuns.add(run);
        accountRuns.emitNext(run, Sinks.EmitFailureHandler.busyLooping(Duration.ofSeconds(1)));
        return run.done.asMono();
    }

    /**
     * Makes the pipeline take connected accounts' backfills ({@link #backfillAccount}), this many
     * read at once ({@code stripe.connect.concurrent-backfills}); call before {@link #run}.
     */
    public void connectAccounts(int concurrentBackfills) {
        this.concurrentAccounts = Math.max(1, concurrentBackfills);
    }

    /** No more account backfills will be asked for: a pipeline without live events may end once they are done. */
    public void accountsComplete() {
        accountRuns.emitComplete(Sinks.EmitFailureHandler.busyLooping(Duration.ofSeconds(1)));
    }

    private Flux<TrackedRecord> backfillRecords() {
        if (concurrentAccounts == 0) {
            return ownBackfillRecords();
        }
        Flux<TrackedRecord> accounts = accountRuns.asFlux().flatMap(run -> runRecords(run, run.backfill.records().takeUntilOther(run.stop)),
                concurrentAccounts, 1);
        return Flux.merge(ownBackfillRecords(), accounts);
    }

    private Flux<TrackedRecord> runRecords(BackfillRun run, Flux<TrackedRecord> records) {
        return records.map(tracked -> new TrackedRecord(tracked.record(), new RunPage(run, (FetchedPage) tracked.position())))
                .doOnNext(r -> run.unacknowledged.incrementAndGet())
                .doOnComplete(() -> {
                    run.read.set(true);
                    finishIfDelivered(run);
                });
    }

    private Flux<TrackedRecord> ownBackfillRecords() {
        // Without live events the pipeline ends with its backfill, so no later backfill can be asked for.
        Flux<BackfillRun> runs = live == null ? Flux.just(initialBackfill) : Flux.concat(Mono.just(initialBackfill),
                rebackfillRequests.asFlux().map(reason -> {
                    log.info("{}: backfilling every stream again: {}", settings.name(), reason);
                    progress.state(PipelineProgress.State.BACKFILLING);
                    return new BackfillRun(rebackfills.apply(reason));
                }));
        return runs.doOnNext(startedRuns::add).concatMap(run -> runRecords(run, run.backfill.records()), 0)
                .name("syncline.backfill").tag("pipeline", settings.name());
    }

    private Flux<TrackedRecord> liveRecords() {
        return live == null ? Flux.empty() : live.records().name("syncline.live").tag("pipeline", settings.name());
    }

    /** Once a backfill has been read and all of it acknowledged, saves its final checkpoints. */
    private void finishIfDelivered(BackfillRun run) {
        if (run.read.get() && run.unacknowledged.get() == 0 && run.finishing.compareAndSet(false, true)) {
            run.backfill.finish().subscribe(null, error -> {
                log.error("{}: could not save the final backfill checkpoints: {}", settings.name(), error.getMessage());
                run.done.tryEmitError(error);
            }, () -> {
                if (live != null) {
                    progress.state(PipelineProgress.State.STREAMING);
                }
                run.done.tryEmitEmpty();
            });
        }
    }

    private void received(TrackedRecord tracked, boolean live) {
        progress.of(tracked.record().key().objectType()).received(live);
    }

    /** A dropped record is handled (denied, counted), so it is acknowledged like a delivered one. */
    private Flux<TrackedRecord> permit(Flux<TrackedRecord> records) {
        return records.<TrackedRecord>handle((tracked, sink) -> policy.permit(tracked.record()).ifPresentOrElse(
                        permitted -> sink.next(permitted == tracked.record() ? tracked : tracked.with(permitted)),
                        () -> acknowledgeSources(List.of(tracked))))
                .name("syncline.permit").tag("pipeline", settings.name());
    }

    private Mono<Void> closeAll(List<SinkConnector> open) {
        Mono<Void> flushLive = live == null ? Mono.empty() : live.flush();
        return flushLive.then(Flux.fromIterable(open).concatMap(SinkConnector::close).then());
    }

    /** Partitions records by key over the lanes; each lane batches and writes one batch at a time. */
    private Flux<Void> deliverThroughLanes(Flux<TrackedRecord> records) {
        // Prefetch 0: a lane asks for its next batch once it has written one, and Batches reads records
        // only for a batch asked for, so a lane holds one batch; the other lanes write while it fills.
        if (lanes.size() == 1) {
            return records.transform(this::batches).concatMap(batch -> deliver(0, batch), 0);
        }
        // The int is groupBy's prefetch; the lanes are as many as the keys lane() returns.
        return records.groupBy(this::lane, Math.max(256, settings.batchSize()))
                .flatMap(lane -> lane.transform(this::batches).concatMap(batch -> deliver(lane.key(), batch), 0), lanes.size())
                .checkpoint("deliver " + settings.name());
    }

    /** The lane of a record: by account and id, so one object always takes the same lane. */
    private int lane(TrackedRecord tracked) {
        return Math.floorMod(31 * tracked.record().key().accountId().hashCode() + tracked.record().key().id().hashCode(), lanes.size());
    }

    private Flux<List<TrackedRecord>> batches(Flux<TrackedRecord> records) {
        return Batches.of(records, settings.batchSize(), live == null ? BATCH_WINDOW : LIVE_BATCH_WINDOW);
    }

    /**
     * Writes a batch, then again only the records that failed, until every record is acknowledged
     * or, after the last attempt, the pipeline's {@code on-failure} policy took them; records that
     * tied with the stored state are refetched and the fresh state written. One attempt per
     * repetition (not one nested stage per attempt), so a lane paused for days holds no more than
     * its batch.
     */
    private Mono<Void> deliver(int lane, List<TrackedRecord> batch) {
        LaneAttempts attempts = new LaneAttempts(batch);
        return Mono.defer(() -> attempt(lane, attempts)).repeat(() -> !attempts.pending.isEmpty()).then();
    }

    private Mono<Void> attempt(int lane, LaneAttempts attempts) {
        List<TrackedRecord> pending = attempts.pending;
        Mono<Void> wait = attempts.wait.isZero() ? Mono.empty() : Mono.delay(attempts.wait).then();
        return wait.then(Mono.defer(() -> timedWrite(lanes.get(lane), pending)))
                .flatMap(result -> handle(lane, pending, result))
                .onErrorResume(RetriableConnectorException.class, e -> Mono.just(new Unwritten(pending, e.getMessage(), e.retryAfter())))
                .flatMap(unwritten -> next(lane, attempts, unwritten));
    }

    /** Dead-letters the refused records, acknowledges the handled ones, resolves ties; what is left is unwritten. */
    private Mono<Unwritten> handle(int lane, List<TrackedRecord> batch, BatchResult result) {
        return deadLetter(batch, result).flatMap(deadLettered -> {
            Outcomes outcomes = acknowledge(batch, result, deadLettered);
            Mono<Void> ties = outcomes.ties.isEmpty() ? Mono.empty() : resolveTies(lane, outcomes.ties);
            String detail = result.outcomes().stream().filter(o -> !o.acknowledged()).findFirst().map(RecordOutcome::detail)
                    .orElse("the dead letters could not be written");
            return ties.thenReturn(new Unwritten(outcomes.failed, detail, Optional.empty()));
        });
    }

    /** Decides what follows an attempt: done, another attempt after a backoff, or the {@code on-failure} policy. */
    private Mono<Void> next(int lane, LaneAttempts attempts, Unwritten unwritten) {
        attempts.made++;
        if (unwritten.records.isEmpty()) {
            attempts.pending = List.of();
            if (attempts.paused) {
                progress.resumed(lane);
                log.info("{}: lane {} writes again after {} attempts; resuming", settings.name(), lane, attempts.made);
            }
            return Mono.empty();
        }
        if (retry.exhausted(attempts.made) && settings.delivery().onFailure() == SynclineConfig.OnFailure.DEAD_LETTER) {
            return deadLetterUnwritten(lane, attempts, unwritten);
        }
        if (retry.exhausted(attempts.made) && !attempts.paused) {
            attempts.paused = true;
            progress.paused(lane, unwritten.reason);
            log.warn("{}: {} records still not written after {} attempts, pausing lane {} and retrying at most every {} s: {}",
                    settings.name(), unwritten.records.size(), attempts.made, lane, settings.delivery().maxBackoff().toSeconds(), unwritten.reason);
        } else if (attempts.paused) {
            progress.paused(lane, unwritten.reason);
        }
        metrics.increment("syncline.records.retried", unwritten.records.size());
        attempts.pending = unwritten.records;
        attempts.wait = retry.backoff(attempts.made, unwritten.retryAfter);
        log.debug("{}: lane {} writes {} records again in {} ms: {}", settings.name(), lane, unwritten.records.size(), attempts.wait.toMillis(),
                unwritten.reason);
        return Mono.empty();
    }

    /**
     * {@code on-failure: dead-letter}: the records go to the dead letters with the last error and
     * are then acknowledged. If the dead letters cannot be written either, the lane keeps trying.
     */
    private Mono<Void> deadLetterUnwritten(int lane, LaneAttempts attempts, Unwritten unwritten) {
        String reason = "not written after " + attempts.made + " attempts: " + unwritten.reason;
        List<Rejection> rejections = unwritten.records.stream().map(r -> new Rejection(r.record(), reason)).toList();
        return deadLetters.store(rejections).then(Mono.fromRunnable(() -> {
            log.warn("{}: {} records not written after {} attempts are in the dead letters: {}", settings.name(), rejections.size(),
                    attempts.made, unwritten.reason);
            unwritten.records.forEach(r -> progress.of(r.record().key().objectType()).outcome(RecordOutcome.rejected(reason)));
            acknowledgeSources(unwritten.records);
            attempts.pending = List.of();
            if (attempts.paused) {
                progress.resumed(lane);
            }
        })).onErrorResume(e -> {
            log.warn("{}: could not store {} unwritten records in the dead letters, writing them again: {}", settings.name(),
                    rejections.size(), e.getMessage());
            metrics.increment("syncline.records.retried", unwritten.records.size());
            attempts.pending = unwritten.records;
            attempts.wait = retry.backoff(attempts.made, Optional.empty());
            return Mono.empty();
        }).then();
    }

    /** One connector write, timed, with its lane counted as busy while it runs. */
    private Mono<BatchResult> timedWrite(SinkConnector connector, List<TrackedRecord> batch) {
        long started = System.nanoTime();
        progress.writeStarted();
        return connector.write(new RecordBatch(batch.stream().map(TrackedRecord::record).toList()))
                .doFinally(signal -> progress.writeEnded(System.nanoTime() - started, batch.size()));
    }

    /**
     * Stores the batch's refused records in the dead letters. False when that failed: then they
     * are not acknowledged but written again, so a checkpoint never passes them (guarantee 2).
     */
    private Mono<Boolean> deadLetter(List<TrackedRecord> batch, BatchResult result) {
        List<Rejection> rejections = new ArrayList<>();
        for (int i = 0; i < Math.min(batch.size(), result.size()); i++) {
            if (result.get(i).status() == RecordOutcome.Status.REJECTED) {
                rejections.add(new Rejection(batch.get(i).record(), result.get(i).detail()));
            }
        }
        return deadLetters.store(rejections).thenReturn(true).onErrorResume(e -> {
            log.warn("{}: could not store {} refused records in the dead letters, writing them again: {}",
                    settings.name(), rejections.size(), e.getMessage());
            return Mono.just(false);
        });
    }

    /**
     * Same version, different content: two changes in one second. Reading the object again once
     * that second is over gives the state that includes both, at a newer version.
     */
    private Mono<Void> resolveTies(int lane, List<TrackedRecord> ties) {
        Refetcher reader = refetcher;
        if (reader == null) {
            acknowledgeSources(ties);
            return Mono.empty();
        }
        metrics.increment("syncline.records.ties", ties.size());
        return Flux.fromIterable(ties)
                .flatMap(tie -> reader.latest(tie.record().key(), tie.record().payload(), tie.record().version())
                        .flatMap(latest -> {
                            if (latest.isEmpty()) {
                                acknowledgeSources(List.of(tie));
                                return Mono.empty();
                            }
                            return Mono.just(tie.with(latest.get()));
                        }), 8)
                .collectList()
                .flatMap(refetched -> refetched.isEmpty() ? Mono.empty() : deliver(lane, refetched));
    }

    /**
     * Counts and acknowledges each handled record; returns the ones to write again and the ties to resolve.
     *
     * @param deadLettered whether the refused records are in the dead letters; if not, they are written again
     */
    private Outcomes acknowledge(List<TrackedRecord> batch, BatchResult result, boolean deadLettered) {
        if (result.size() != batch.size()) {
            throw new IllegalStateException("destination " + settings.destinationType() + " answered " + result.size()
                    + " outcomes for " + batch.size() + " records");
        }
        Outcomes outcomes = new Outcomes();
        List<TrackedRecord> handled = new ArrayList<>(batch.size());
        // Counted per object type and outcome once per batch, not once per record.
        Map<String, Map<RecordOutcome.Status, Long>> counts = new HashMap<>();
        for (int i = 0; i < batch.size(); i++) {
            TrackedRecord tracked = batch.get(i);
            RecordOutcome outcome = result.get(i);
            if (!outcome.acknowledged() || (outcome.status() == RecordOutcome.Status.REJECTED && !deadLettered)) {
                outcomes.failed.add(tracked);
                continue;
            }
            String type = tracked.record().key().objectType();
            progress.of(type).outcome(outcome);
            counts.computeIfAbsent(type, t -> new EnumMap<>(RecordOutcome.Status.class)).merge(outcome.status(), 1L, Long::sum);
            if (outcome.status() == RecordOutcome.Status.REJECTED) {
                log.warn("{}: destination rejected {}: {}", settings.name(), tracked.record(), outcome.detail());
            }
            if (outcome.status() == RecordOutcome.Status.TIE && refetcher != null) {
                outcomes.ties.add(tracked);
                continue;
            }
            handled.add(tracked);
        }
        recordEventLag(handled);
        counts.forEach((type, byStatus) -> byStatus.forEach((status, count) -> metrics.increment("syncline.records.delivered", count,
                "object_type", type, "outcome", status.name().toLowerCase(Locale.ROOT))));
        acknowledgeSources(handled);
        return outcomes;
    }

    /** For records of snapshot events read from the inbox: the time from the event's creation (its version) to now. */
    private void recordEventLag(List<TrackedRecord> handled) {
        long now = clock.millis();
        for (TrackedRecord tracked : handled) {
            if (tracked.record().origin() == dev.syncline.connector.record.Origin.EVENT) {
                progress.eventAcknowledged(tracked.record().key().objectType(), now - tracked.record().version() * 1000);
            }
        }
    }

    /** Hands each acknowledged record's positions back to the source it was read from. */
    private void acknowledgeSources(List<TrackedRecord> handled) {
        if (handled.isEmpty()) {
            return;
        }
        Map<BackfillRun, List<FetchedPage>> pages = new IdentityHashMap<>();
        List<InboxPosition> rows = new ArrayList<>();
        for (TrackedRecord tracked : handled) {
            for (Position position : tracked.position().parts()) {
                if (position instanceof RunPage page) {
                    pages.computeIfAbsent(page.run(), run -> new ArrayList<>()).add(page.page());
                } else if (position instanceof InboxPosition row) {
                    rows.add(row);
                }
            }
        }
        pages.forEach((run, acknowledged) -> {
            run.backfill.acknowledge(acknowledged);
            run.unacknowledged.addAndGet(-acknowledged.size());
            finishIfDelivered(run);
        });
        if (live != null && !rows.isEmpty()) {
            live.acknowledge(rows);
        }
    }

    /** One backfill of the pipeline, and how much of it the destination still has to acknowledge. */
    private static final class BackfillRun {
        private final Backfill backfill;
        private final AtomicLong unacknowledged = new AtomicLong();
        private final AtomicBoolean read = new AtomicBoolean();
        private final AtomicBoolean finishing = new AtomicBoolean();
        private final Sinks.Empty<Void> done = Sinks.empty();
        private final Mono<?> stop;

        BackfillRun(Backfill backfill) {
            this(backfill, Mono.never());
        }

        BackfillRun(Backfill backfill, Mono<?> stop) {
            this.backfill = backfill;
            this.stop = stop;
        }
    }

    /** A backfill page, with the run it belongs to. */
    private record RunPage(BackfillRun run, FetchedPage page) implements Position {}

    /** A batch's records still to write, how many attempts it took so far and how long to wait before the next. */
    private static final class LaneAttempts {
        private List<TrackedRecord> pending;
        private Duration wait = Duration.ZERO;
        private int made;
        private boolean paused;

        LaneAttempts(List<TrackedRecord> batch) {
            this.pending = batch;
        }
    }

    /** Records an attempt left unwritten, why, and the destination's hint of when to try again. */
    private record Unwritten(List<TrackedRecord> records, String reason, Optional<Duration> retryAfter) {}

    /** What a batch left to do. */
    private static final class Outcomes {
        private final List<TrackedRecord> failed = new ArrayList<>();
        private final List<TrackedRecord> ties = new ArrayList<>();
    }
}
