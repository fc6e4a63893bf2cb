package dev.syncline.runner.app;

import dev.syncline.connector.spi.ConnectorProvider;
import dev.syncline.connector.spi.Connectors;
import dev.syncline.connector.spi.SinkConnector;
import dev.syncline.runner.backfill.Backfill;
import dev.syncline.runner.backfill.BackfillOptions;
import dev.syncline.runner.catalog.StripeSchemas;
import dev.syncline.runner.config.SynclineConfig;
import dev.syncline.runner.deadletter.DeadLetterMetrics;
import dev.syncline.runner.deadletter.DeadLetters;
import dev.syncline.runner.inbox.InboxStore;
import dev.syncline.runner.pipeline.PipelineProgress;
import dev.syncline.runner.pipeline.SyncPipeline;
import dev.syncline.runner.pipeline.TypeProgress;
import dev.syncline.runner.policy.PipelinePolicy;
import dev.syncline.runner.state.StateStore;
import dev.syncline.runner.stripe.RequestBudget;
import dev.syncline.runner.stripe.StripeApi;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.LinkedHashMap;
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
 * Runs the selected pipelines for the life of the application. Pipelines are independent: one
 * that fails is reported (health, progress, log) while the others go on, and within a pipeline an
 * object type whose stream fails for good (a 403, say) stops alone.
 */
public final class SyncService implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(SyncService.class);

    private final SynclineConfig config;
    private final RunOptions options;
    private final Connectors connectors;
    private final MeterRegistry registry;
    private final Clock clock = Clock.systemUTC();
    private final StripeSchemas schemas = new StripeSchemas();
    private final List<SynclineConfig.Pipeline> selected;
    private final List<PipelineProgress> progress;
    private final Sinks.One<Void> backfilled = Sinks.one();
    private final StripeApi api;
    private final StateStore state;
    private final DeadLetterMetrics deadLetterMetrics;
    private volatile Disposable running;

    public SyncService(SynclineConfig config, RunOptions options, Connectors connectors, MeterRegistry registry) {
        this.config = config;
        this.options = options;
        this.connectors = connectors;
        this.registry = registry;
        this.selected = config.pipelines().stream()
                .filter(p -> options.pipelines().isEmpty() || options.pipelines().contains(p.name()))
                .map(this::narrow)
                .filter(p -> !p.objects().isEmpty())
                .toList();
        this.progress = selected.stream().map(p -> new PipelineProgress(p.name(), p.objects())).toList();
        this.api = new StripeApi(config.stripe(), new RequestBudget(config.stripe().requestsPerSecond()), clock);
        this.state = StateStore.connect(config.state().r2dbcUrl());
        StripeMetrics.register(registry, api);
        this.deadLetterMetrics = DeadLetterMetrics.register(registry, config.pipelines().stream().map(SynclineConfig.Pipeline::name).toList(),
                state.deadLetters(), clock, java.time.Duration.ofSeconds(15));
    }

    private SynclineConfig.Pipeline narrow(SynclineConfig.Pipeline pipeline) {
        List<String> objects = options.objects().isEmpty() ? pipeline.objects()
                : pipeline.objects().stream().filter(options.objects()::contains).toList();
        SynclineConfig.Backfill backfill = new SynclineConfig.Backfill(pipeline.backfill().parallelism(),
                options.since().orElse(pipeline.backfill().since()));
        return new SynclineConfig.Pipeline(pipeline.name(), objects, pipeline.batchSize(), pipeline.writeLanes(), backfill, pipeline.destinationType(),
                pipeline.destinationPath(), pipeline.destination());
    }

    @Override
    public void start() {
        deadLetterMetrics.start();
        running = state.migrate()
                .then(api.accountId())
                .doOnNext(account -> log.info("Syncing Stripe account {} through {} pipeline(s)", account, selected.size()))
                .flatMapMany(account -> Flux.range(0, selected.size()).flatMap(i -> runPipeline(i, account)))
                .then()
                .doOnError(e -> {
                    log.error("Syncline could not start syncing: {}", e.getMessage());
                    progress.forEach(p -> p.failed(e));
                })
                .doFinally(signal -> backfilled.tryEmitEmpty())
                .subscribe(v -> { }, e -> { });
    }

    private Mono<Void> runPipeline(int index, String account) {
        SynclineConfig.Pipeline settings = selected.get(index);
        PipelineProgress pipelineProgress = progress.get(index);
        ConnectorProvider provider = connectors.forType(settings.destinationType()).orElseThrow();
        List<SinkConnector> lanes = java.util.stream.IntStream.range(0, settings.writeLanes())
                .mapToObj(lane -> provider.create(provider.configSpec().parse(settings.destinationPath(), settings.destination())))
                .toList();
        MicrometerConnectorMetrics metrics = new MicrometerConnectorMetrics(registry, settings.name());
        BackfillOptions backfillOptions = new BackfillOptions(settings.backfill().parallelism(), settings.backfill().since(), options.again());
        // Policy at the source: types the pipeline may not read are never listed; expansions are added.
        PipelinePolicy policy = config.policy().forPipeline(settings.name(), metrics);
        Backfill backfill = new Backfill(api, state, settings.name(), account, policy.sources(settings.objects()),
                backfillOptions, pipelineProgress, clock);
        ProgressMetrics.register(registry, pipelineProgress);
        DeadLetters deadLetters = new DeadLetters(settings.name(), settings.destinationType(), state.deadLetters(), metrics);
        return new SyncPipeline(settings, lanes, backfill, pipelineProgress, schemas, clock, metrics, policy, deadLetters).run()
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

    /** The inbox in the state database, where the intake and the poller store events. */
    public InboxStore inbox() {
        return state.inbox();
    }

    /** The Stripe client, for its request figures. */
    public StripeApi stripe() {
        return api;
    }

    /**
     * What failed: a pipeline name, or {@code pipeline/object_type} for one stream, to its reason.
     */
    public Map<String, String> failures() {
        Map<String, String> failures = new LinkedHashMap<>();
        for (PipelineProgress pipeline : progress) {
            if (pipeline.state() == PipelineProgress.State.FAILED) {
                failures.put(pipeline.pipeline(), pipeline.failure());
            }
            for (TypeProgress type : pipeline.types()) {
                if (!type.failure().isEmpty()) {
                    failures.put(pipeline.pipeline() + "/" + type.objectType(), type.failure());
                }
            }
        }
        return failures;
    }

    @Override
    public void stop() {
        Disposable current = running;
        if (current != null) {
            current.dispose();
        }
        deadLetterMetrics.close();
        api.close();
        state.close();
    }

    @Override
    public boolean isRunning() {
        Disposable current = running;
        return current != null && !current.isDisposed();
    }
}
