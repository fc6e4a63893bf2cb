package dev.syncline.runner.pipeline;

import dev.syncline.connector.errors.RetriableConnectorException;
import dev.syncline.connector.record.SyncRecord;
import dev.syncline.connector.schema.SchemaCatalog;
import dev.syncline.connector.spi.BatchResult;
import dev.syncline.connector.spi.ConnectorMetrics;
import dev.syncline.connector.spi.RecordBatch;
import dev.syncline.connector.spi.RecordOutcome;
import dev.syncline.connector.spi.SinkConnector;
import dev.syncline.runner.backfill.Backfill;
import dev.syncline.runner.catalog.StripeCatalog;
import dev.syncline.runner.config.SynclineConfig;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * One pipeline, assembled in one place from named stages:
 *
 * <pre>
 *   backfill (per object type, paged on demand)
 *     → batches (by size and time)
 *     → deliver (connector write, retried until every record is acknowledged)
 * </pre>
 *
 * <p>Each stage is a {@code Function<Flux<A>, Flux<B>>} applied with {@code transform}, so demand
 * flows from the destination back to the list calls: the whole chain holds at most a few batches.
 */
public final class SyncPipeline {
    private static final Logger log = LoggerFactory.getLogger(SyncPipeline.class);
    /** Object types read at once; each pages sequentially in this first version. */
    private static final int TYPE_CONCURRENCY = 4;
    private static final int MAX_DELIVERY_ATTEMPTS = 10;
    private static final Duration BATCH_WINDOW = Duration.ofSeconds(1);

    private final SynclineConfig.Pipeline settings;
    private final SinkConnector connector;
    private final Backfill backfill;
    private final PipelineProgress progress;
    private final RunnerSinkContext context;
    private final ConnectorMetrics metrics;

    public SyncPipeline(SynclineConfig.Pipeline settings, SinkConnector connector, Backfill backfill, PipelineProgress progress,
                        SchemaCatalog schemas, Clock clock, ConnectorMetrics metrics) {
        this.settings = settings;
        this.connector = connector;
        this.backfill = backfill;
        this.progress = progress;
        this.metrics = metrics;
        this.context = new RunnerSinkContext(settings.name(), schemas, clock, metrics);
    }

    /** Opens the destination, backfills every object type into it and closes it; completes when all is delivered. */
    public Mono<Void> run() {
        return Mono.usingWhen(
                        connector.open(context).thenReturn(connector),
                        open -> backfillRecords().transform(this::batches).transform(this::deliver).then(),
                        SinkConnector::close,
                        (open, error) -> open.close(),
                        SinkConnector::close)
                .doOnSubscribe(s -> progress.state(PipelineProgress.State.BACKFILLING))
                .doOnSuccess(v -> progress.state(PipelineProgress.State.IDLE))
                .doOnError(progress::failed)
                .doOnCancel(() -> progress.state(PipelineProgress.State.STOPPED))
                .name("syncline.pipeline")
                .tag("pipeline", settings.name());
    }

    private Flux<SyncRecord> backfillRecords() {
        return Flux.fromIterable(settings.objects())
                .map(StripeCatalog::get)
                .flatMap(backfill::records, TYPE_CONCURRENCY, 1)
                .name("syncline.backfill")
                .checkpoint("backfill " + settings.name());
    }

    private Flux<RecordBatch> batches(Flux<SyncRecord> records) {
        return records.bufferTimeout(settings.batchSize(), BATCH_WINDOW, true).map(RecordBatch::new);
    }

    private Flux<BatchResult> deliver(Flux<RecordBatch> batches) {
        return batches.concatMap(batch -> deliver(batch, 1), 1).checkpoint("deliver " + settings.name());
    }

    /** Writes a batch, then again only the records that failed, until every record is acknowledged. */
    private Mono<BatchResult> deliver(RecordBatch batch, int attempt) {
        return connector.write(batch)
                .retryWhen(Retry.backoff(MAX_DELIVERY_ATTEMPTS, Duration.ofMillis(500)).maxBackoff(Duration.ofSeconds(30)).jitter(0.5)
                        .filter(RetriableConnectorException.class::isInstance)
                        .onRetryExhaustedThrow((spec, signal) -> signal.failure()))
                .flatMap(result -> {
                    List<SyncRecord> failed = account(batch, result);
                    if (failed.isEmpty()) {
                        return Mono.just(result);
                    }
                    if (attempt >= MAX_DELIVERY_ATTEMPTS) {
                        return Mono.error(new IllegalStateException(settings.name() + ": " + failed.size()
                                + " records still not written after " + attempt + " attempts, first: " + failed.get(0)
                                + " (" + result.outcomes().stream().filter(o -> !o.acknowledged()).findFirst().map(RecordOutcome::detail).orElse("") + ")"));
                    }
                    Duration backoff = Duration.ofMillis(Math.min(30_000, 250L << Math.min(attempt, 7)));
                    return Mono.delay(backoff).then(deliver(new RecordBatch(failed), attempt + 1));
                });
    }

    /** Counts each acknowledged outcome and returns the records that must be written again. */
    private List<SyncRecord> account(RecordBatch batch, BatchResult result) {
        if (result.size() != batch.size()) {
            throw new IllegalStateException("destination " + settings.destinationType() + " answered " + result.size()
                    + " outcomes for " + batch.size() + " records");
        }
        List<SyncRecord> failed = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            SyncRecord record = batch.records().get(i);
            RecordOutcome outcome = result.get(i);
            if (!outcome.acknowledged()) {
                failed.add(record);
                continue;
            }
            progress.of(record.key().objectType()).outcome(outcome);
            metrics.increment("syncline.records.delivered", 1, "object_type", record.key().objectType(),
                    "outcome", outcome.status().name().toLowerCase(java.util.Locale.ROOT));
            if (outcome.status() == RecordOutcome.Status.REJECTED) {
                log.warn("{}: destination rejected {}: {}", settings.name(), record, outcome.detail());
            }
        }
        return failed;
    }
}
