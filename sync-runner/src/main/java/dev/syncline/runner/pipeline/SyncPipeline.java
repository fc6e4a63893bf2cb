package dev.syncline.runner.pipeline;

import dev.syncline.connector.errors.RetriableConnectorException;
import dev.syncline.connector.schema.SchemaCatalog;
import dev.syncline.connector.spi.BatchResult;
import dev.syncline.connector.spi.ConnectorMetrics;
import dev.syncline.connector.spi.RecordBatch;
import dev.syncline.connector.spi.RecordOutcome;
import dev.syncline.connector.spi.SinkConnector;
import dev.syncline.runner.backfill.Backfill;
import dev.syncline.runner.backfill.TrackedRecord;
import dev.syncline.runner.config.SynclineConfig;
import dev.syncline.runner.deadletter.DeadLetters;
import dev.syncline.runner.deadletter.Rejection;
import dev.syncline.runner.policy.PipelinePolicy;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * One pipeline, assembled in one place from named stages:
 *
 * <pre>
 *   backfill  (parallel created-range segments, paged on demand)
 *     → permit   (policy: drop types the pipeline may not receive, cut denied nested objects to ids)
 *     → lanes    (records partitioned by key over the destination's write lanes)
 *     → batch    (per lane, by size and time)
 *     → deliver  (the lane's connector write, retried until every record is acknowledged)
 *     → acknowledge (advances the backfill's checkpoints over what the destination holds)
 * </pre>
 *
 * <p>Each lane has its own connector instance and writes one batch at a time, so lanes overlap
 * encoding, network and the database's work, while every object (and a parent with its embedded
 * children) always goes through the same lane: writes of one key never race. Demand flows from
 * the lanes back to the list calls, so the chain holds at most a few batches per lane and the
 * pages in flight, whatever the data volume.
 */
public final class SyncPipeline {
    private static final Logger log = LoggerFactory.getLogger(SyncPipeline.class);
    private static final int MAX_DELIVERY_ATTEMPTS = 10;
    private static final Duration BATCH_WINDOW = Duration.ofSeconds(1);

    private final SynclineConfig.Pipeline settings;
    private final List<SinkConnector> lanes;
    private final Backfill backfill;
    private final PipelineProgress progress;
    private final RunnerSinkContext context;
    private final ConnectorMetrics metrics;
    private final PipelinePolicy policy;
    private final DeadLetters deadLetters;

    /**
     * @param lanes one unopened connector per write lane
     * @param deadLetters where the records the destination refuses are stored before they are acknowledged
     */
    public SyncPipeline(SynclineConfig.Pipeline settings, List<SinkConnector> lanes, Backfill backfill, PipelineProgress progress,
                        SchemaCatalog schemas, Clock clock, ConnectorMetrics metrics, PipelinePolicy policy, DeadLetters deadLetters) {
        this.settings = settings;
        this.lanes = List.copyOf(lanes);
        this.backfill = backfill;
        this.progress = progress;
        this.metrics = metrics;
        this.policy = policy;
        this.deadLetters = deadLetters;
        this.context = new RunnerSinkContext(settings.name(), schemas, clock, metrics, policy.http());
    }

    /** Opens the destination, backfills into it and closes it; completes when all is delivered and checkpointed. */
    public Mono<Void> run() {
        return Mono.usingWhen(
                        Flux.fromIterable(lanes).concatMap(lane -> lane.open(context).thenReturn(lane)).collectList(),
                        open -> backfill.records()
                                .name("syncline.backfill").tag("pipeline", settings.name())
                                .transform(this::permit)
                                .transform(this::deliverThroughLanes)
                                .then(backfill.finish()),
                        SyncPipeline::closeAll,
                        (open, error) -> closeAll(open),
                        SyncPipeline::closeAll)
                .doOnSubscribe(s -> progress.state(PipelineProgress.State.BACKFILLING))
                .doOnSuccess(v -> progress.state(PipelineProgress.State.IDLE))
                .doOnError(progress::failed)
                .doOnCancel(() -> progress.state(PipelineProgress.State.STOPPED))
                .doFinally(signal -> policy.close());
    }

    /** A dropped record is handled (denied, counted), so it is acknowledged like a delivered one. */
    private Flux<TrackedRecord> permit(Flux<TrackedRecord> records) {
        return records.<TrackedRecord>handle((tracked, sink) -> policy.permit(tracked.record()).ifPresentOrElse(
                        permitted -> sink.next(permitted == tracked.record() ? tracked : new TrackedRecord(permitted, tracked.page())),
                        () -> backfill.acknowledge(tracked)))
                .name("syncline.permit").tag("pipeline", settings.name());
    }

    private static Mono<Void> closeAll(List<SinkConnector> open) {
        return Flux.fromIterable(open).concatMap(SinkConnector::close).then();
    }

    /** Partitions records by key over the lanes; each lane batches and writes one batch at a time. */
    private Flux<BatchResult> deliverThroughLanes(Flux<TrackedRecord> records) {
        if (lanes.size() == 1) {
            return records.transform(this::batches).concatMap(batch -> deliver(lanes.get(0), batch, 1), 1);
        }
        // The int is groupBy's prefetch; the lanes are as many as the keys lane() returns.
        return records.groupBy(this::lane, Math.max(256, settings.batchSize()))
                .flatMap(lane -> lane.transform(this::batches).concatMap(batch -> deliver(lanes.get(lane.key()), batch, 1), 1), lanes.size())
                .checkpoint("deliver " + settings.name());
    }

    /** The lane of a record: by account and id, so one object always takes the same lane. */
    private int lane(TrackedRecord tracked) {
        return Math.floorMod(31 * tracked.record().key().accountId().hashCode() + tracked.record().key().id().hashCode(), lanes.size());
    }

    private Flux<List<TrackedRecord>> batches(Flux<TrackedRecord> records) {
        return records.bufferTimeout(settings.batchSize(), BATCH_WINDOW, true);
    }

    /** Writes a batch, then again only the records that failed, until every record is acknowledged. */
    private Mono<BatchResult> deliver(SinkConnector connector, List<TrackedRecord> batch, int attempt) {
        return connector.write(new RecordBatch(batch.stream().map(TrackedRecord::record).toList()))
                .retryWhen(Retry.backoff(MAX_DELIVERY_ATTEMPTS, Duration.ofMillis(500)).maxBackoff(Duration.ofSeconds(30)).jitter(0.5)
                        .filter(RetriableConnectorException.class::isInstance)
                        .onRetryExhaustedThrow((spec, signal) -> signal.failure()))
                .flatMap(result -> deadLetter(batch, result).flatMap(deadLettered -> {
                    List<TrackedRecord> failed = acknowledge(batch, result, deadLettered);
                    if (failed.isEmpty()) {
                        return Mono.just(result);
                    }
                    if (attempt >= MAX_DELIVERY_ATTEMPTS) {
                        return Mono.error(new IllegalStateException(settings.name() + ": " + failed.size()
                                + " records still not written after " + attempt + " attempts, first: " + failed.get(0).record()
                                + " (" + result.outcomes().stream().filter(o -> !o.acknowledged()).findFirst().map(RecordOutcome::detail).orElse("") + ")"));
                    }
                    Duration backoff = Duration.ofMillis(Math.min(30_000, 250L << Math.min(attempt, 7)));
                    return Mono.delay(backoff).then(deliver(connector, failed, attempt + 1));
                }));
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
     * Counts and acknowledges each handled record; returns the ones that must be written again.
     *
     * @param deadLettered whether the refused records are in the dead letters; if not, they are written again
     */
    private List<TrackedRecord> acknowledge(List<TrackedRecord> batch, BatchResult result, boolean deadLettered) {
        if (result.size() != batch.size()) {
            throw new IllegalStateException("destination " + settings.destinationType() + " answered " + result.size()
                    + " outcomes for " + batch.size() + " records");
        }
        List<TrackedRecord> failed = new ArrayList<>();
        List<TrackedRecord> handled = new ArrayList<>(batch.size());
        // Counted per object type and outcome once per batch, not once per record.
        Map<String, Map<RecordOutcome.Status, Long>> counts = new HashMap<>();
        for (int i = 0; i < batch.size(); i++) {
            TrackedRecord tracked = batch.get(i);
            RecordOutcome outcome = result.get(i);
            if (!outcome.acknowledged() || (outcome.status() == RecordOutcome.Status.REJECTED && !deadLettered)) {
                failed.add(tracked);
                continue;
            }
            String type = tracked.record().key().objectType();
            progress.of(type).outcome(outcome);
            counts.computeIfAbsent(type, t -> new EnumMap<>(RecordOutcome.Status.class)).merge(outcome.status(), 1L, Long::sum);
            if (outcome.status() == RecordOutcome.Status.REJECTED) {
                log.warn("{}: destination rejected {}: {}", settings.name(), tracked.record(), outcome.detail());
            }
            handled.add(tracked);
        }
        counts.forEach((type, byStatus) -> byStatus.forEach((status, count) -> metrics.increment("syncline.records.delivered", count,
                "object_type", type, "outcome", status.name().toLowerCase(Locale.ROOT))));
        backfill.acknowledge(handled);
        return failed;
    }
}
