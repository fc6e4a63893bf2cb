package dev.syncline.runner.deadletter;

import dev.syncline.connector.errors.RetriableConnectorException;
import dev.syncline.connector.record.SyncRecord;
import dev.syncline.connector.schema.SchemaCatalog;
import dev.syncline.connector.spi.BatchResult;
import dev.syncline.connector.spi.ConnectorMetrics;
import dev.syncline.connector.spi.ConnectorProvider;
import dev.syncline.connector.spi.Connectors;
import dev.syncline.connector.spi.RecordBatch;
import dev.syncline.connector.spi.RecordOutcome;
import dev.syncline.connector.spi.SinkConnector;
import dev.syncline.runner.config.SynclineConfig;
import dev.syncline.runner.policy.PipelinePolicy;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * Offers a pipeline's pending dead letters to its destination again, once the cause of the
 * refusal is fixed. The connector is made as the pipeline makes it: from the validated
 * configuration, through {@link Connectors} (ServiceLoader), opened with the pipeline's policy, so
 * the egress allow-list applies and a type the manifest no longer grants is not sent.
 *
 * <p>Letters are read and offered a batch at a time, in id order, so memory stays bounded
 * whatever their number. Each delivered letter is marked replayed; one refused again stays
 * pending with the new reason and one more attempt. Writes are idempotent and version-guarded, so
 * a letter whose object has since been delivered in a newer version comes back stale, which
 * counts as delivered: the destination holds a state at least as new.
 */
public final class DeadLetterReplay {
    private static final int WRITE_RETRIES = 5;

    private final SynclineConfig config;
    private final Connectors connectors;
    private final DeadLetterStore store;
    private final SchemaCatalog schemas;
    private final Clock clock;

    public DeadLetterReplay(SynclineConfig config, Connectors connectors, DeadLetterStore store, SchemaCatalog schemas, Clock clock) {
        this.config = config;
        this.connectors = connectors;
        this.store = store;
        this.schemas = schemas;
        this.clock = clock;
    }

    /**
     * Replays the pending letters of {@code pipeline} that {@code selection} selects (its pipeline,
     * status, paging and limit are set here). A pipeline without any opens no connection.
     */
    public Mono<ReplayReport> replay(SynclineConfig.Pipeline pipeline, DeadLetterQuery selection) {
        DeadLetterQuery pending = new DeadLetterQuery(Optional.of(pipeline.name()), selection.objectType(), Optional.of(DeadLetterStatus.PENDING),
                selection.since(), selection.ids(), 0, pipeline.batchSize());
        return store.list(pending.withLimit(1)).hasElements()
                .flatMap(any -> any ? deliver(pipeline, pending) : Mono.just(ReplayReport.none(pipeline.name())));
    }

    private Mono<ReplayReport> deliver(SynclineConfig.Pipeline pipeline, DeadLetterQuery pending) {
        ConnectorProvider provider = connectors.forType(pipeline.destinationType()).orElseThrow(() -> new IllegalStateException(
                "no connector for destination type '" + pipeline.destinationType() + "' of pipeline " + pipeline.name()));
        SinkConnector connector = provider.create(provider.configSpec().parse(pipeline.destinationPath(), pipeline.destination()));
        PipelinePolicy policy = config.policy().forPipeline(pipeline.name(), ConnectorMetrics.noop());
        ReplaySinkContext context = new ReplaySinkContext(pipeline.name(), schemas, clock, ConnectorMetrics.noop(), policy.http());
        return Mono.usingWhen(Mono.just(connector),
                        open -> open.open(context).then(replayFrom(open, policy, pending, ReplayReport.none(pipeline.name()))),
                        SinkConnector::close,
                        (open, error) -> open.close(),
                        SinkConnector::close)
                .doFinally(signal -> policy.close());
    }

    /** Replays the page after {@code query}'s position, then the next, until a page comes back short. */
    private Mono<ReplayReport> replayFrom(SinkConnector connector, PipelinePolicy policy, DeadLetterQuery query, ReplayReport sofar) {
        return store.list(query).collectList().flatMap(page -> page.isEmpty() ? Mono.just(sofar)
                : replayPage(connector, policy, query.pipeline().orElseThrow(), page).flatMap(report -> page.size() < query.limit()
                        ? Mono.just(sofar.plus(report))
                        : replayFrom(connector, policy, query.after(page.get(page.size() - 1).id()), sofar.plus(report))));
    }

    private Mono<ReplayReport> replayPage(SinkConnector connector, PipelinePolicy policy, String pipeline, List<DeadLetter> page) {
        List<DeadLetter> offered = new ArrayList<>();
        List<SyncRecord> records = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        long denied = 0;
        for (DeadLetter letter : page) {
            Optional<SyncRecord> permitted = policy.permit(letter.record());
            if (permitted.isPresent()) {
                offered.add(letter);
                records.add(permitted.get());
            } else {
                denied++;
                problem(problems, letter, "denied: " + policy.allows(letter.record().key().objectType()).reason());
            }
        }
        long deniedCount = denied;
        Mono<BatchResult> written = records.isEmpty() ? Mono.just(new BatchResult(List.of()))
                : connector.write(new RecordBatch(records))
                        .retryWhen(Retry.backoff(WRITE_RETRIES, Duration.ofMillis(500)).maxBackoff(Duration.ofSeconds(10)).jitter(0.5)
                                .filter(RetriableConnectorException.class::isInstance)
                                .onRetryExhaustedThrow((spec, signal) -> signal.failure()));
        return written.flatMap(result -> {
            if (result.size() != offered.size()) {
                return Mono.error(new IllegalStateException("destination of pipeline " + pipeline + " answered " + result.size()
                        + " outcomes for " + offered.size() + " records"));
            }
            List<DeadLetter> delivered = new ArrayList<>();
            List<DeadLetter> refused = new ArrayList<>();
            List<String> reasons = new ArrayList<>();
            long failed = 0;
            for (int i = 0; i < offered.size(); i++) {
                RecordOutcome outcome = result.get(i);
                DeadLetter letter = offered.get(i);
                switch (outcome.status()) {
                    case REJECTED -> {
                        refused.add(letter);
                        reasons.add(outcome.detail());
                        problem(problems, letter, "refused again: " + outcome.detail());
                    }
                    case FAILED -> {
                        failed++;
                        problem(problems, letter, "not written: " + outcome.detail());
                    }
                    default -> delivered.add(letter);
                }
            }
            long failedCount = failed;
            return store.markReplayed(delivered).flatMap(marked -> store.refusedAgain(refused, reasons)
                    .thenReturn(new ReplayReport(pipeline, marked, refused.size(), failedCount, deniedCount, delivered.size() - marked, problems)));
        });
    }

    private static void problem(List<String> problems, DeadLetter letter, String why) {
        if (problems.size() < ReplayReport.MAX_PROBLEMS) {
            problems.add("#" + letter.id() + " " + letter.record().key() + " v" + letter.record().version() + ": " + why);
        }
    }
}
