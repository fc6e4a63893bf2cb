package dev.syncline.runner.app;

import dev.syncline.connector.spi.ConnectorProvider;
import dev.syncline.connector.spi.Connectors;
import dev.syncline.connector.spi.SinkConnector;
import dev.syncline.runner.backfill.Backfill;
import dev.syncline.runner.catalog.StripeSchemas;
import dev.syncline.runner.config.SynclineConfig;
import dev.syncline.runner.pipeline.PipelineProgress;
import dev.syncline.runner.pipeline.SyncPipeline;
import dev.syncline.runner.stripe.RequestBudget;
import dev.syncline.runner.stripe.StripeApi;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Runs every configured pipeline for the life of the application. Pipelines are independent: one
 * that fails is reported (health, progress, log) while the others go on.
 */
public final class SyncService implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(SyncService.class);

    private final SynclineConfig config;
    private final Connectors connectors;
    private final MeterRegistry registry;
    private final Clock clock = Clock.systemUTC();
    private final StripeSchemas schemas = new StripeSchemas();
    private final List<PipelineProgress> progress;
    private final Sinks.One<Void> backfilled = Sinks.one();
    private volatile StripeApi api;
    private volatile Disposable running;

    public SyncService(SynclineConfig config, Connectors connectors, MeterRegistry registry) {
        this.config = config;
        this.connectors = connectors;
        this.registry = registry;
        this.progress = config.pipelines().stream().map(p -> new PipelineProgress(p.name(), p.objects())).toList();
    }

    @Override
    public void start() {
        RequestBudget budget = new RequestBudget(config.stripe().requestsPerSecond());
        api = new StripeApi(config.stripe(), budget, clock);
        running = api.accountId()
                .doOnNext(account -> log.info("Syncing Stripe account {} through {} pipeline(s)", account, config.pipelines().size()))
                .flatMapMany(account -> Flux.range(0, config.pipelines().size()).flatMap(i -> runPipeline(i, account)))
                .then()
                .doOnError(e -> {
                    log.error("Syncline could not start syncing: {}", e.getMessage());
                    progress.forEach(p -> p.failed(e));
                })
                .doFinally(signal -> backfilled.tryEmitEmpty())
                .subscribe(v -> { }, e -> { });
    }

    private Mono<Void> runPipeline(int index, String account) {
        SynclineConfig.Pipeline settings = config.pipelines().get(index);
        PipelineProgress pipelineProgress = progress.get(index);
        ConnectorProvider provider = connectors.forType(settings.destinationType()).orElseThrow();
        SinkConnector connector = provider.create(provider.configSpec().parse(settings.destinationPath(), settings.destination()));
        MicrometerConnectorMetrics metrics = new MicrometerConnectorMetrics(registry, settings.name());
        SyncPipeline pipeline = new SyncPipeline(settings, connector, new Backfill(api, account, pipelineProgress),
                pipelineProgress, schemas, clock, metrics);
        return pipeline.run()
                .doOnSuccess(v -> log.info("Pipeline {}: backfill complete", settings.name()))
                .onErrorResume(e -> {
                    log.error("Pipeline {} failed: {}", settings.name(), e.getMessage());
                    return Mono.empty();
                });
    }

    /** Completes when every pipeline has finished its backfill (or failed). */
    public Mono<Void> backfillCompletion() {
        return backfilled.asMono();
    }

    public List<PipelineProgress> progress() {
        return progress;
    }

    /** Pipeline name to failure message, for the pipelines that failed. */
    public Map<String, String> failures() {
        return progress.stream().filter(p -> p.state() == PipelineProgress.State.FAILED)
                .collect(java.util.stream.Collectors.toMap(PipelineProgress::pipeline, PipelineProgress::failure));
    }

    @Override
    public void stop() {
        Disposable current = running;
        if (current != null) {
            current.dispose();
        }
        if (api != null) {
            api.close();
        }
    }

    @Override
    public boolean isRunning() {
        Disposable current = running;
        return current != null && !current.isDisposed();
    }
}
