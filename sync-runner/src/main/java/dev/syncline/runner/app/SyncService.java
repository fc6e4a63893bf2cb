package dev.syncline.runner.app;

import dev.syncline.connector.spi.ConnectorProvider;
import dev.syncline.connector.policy.PermissionCatalog;
import dev.syncline.runner.catalog.StripeObjectType;
import dev.syncline.runner.connect.AccountSync;
import dev.syncline.runner.connect.ConnectedAccounts;
import dev.syncline.runner.events.EventsPoller;
import dev.syncline.runner.policy.EventPolicy;
import org.jspecify.annotations.Nullable;
import dev.syncline.runner.inbox.CdcInboxSource;
import dev.syncline.runner.inbox.InboxSource;
import dev.syncline.runner.inbox.PollingInboxSource;
import dev.syncline.runner.live.LiveEvents;
import dev.syncline.runner.ownership.FairShare;
import dev.syncline.runner.ownership.Ownership;
import dev.syncline.runner.ownership.ReplicaHeartbeat;
import dev.syncline.runner.pipeline.Refetcher;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Set;
import java.util.stream.Collectors;
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
    /** Completes when everything {@link #start} subscribed to has ended, drained or not. */
    private final Sinks.Empty<Void> ended = Sinks.empty();
    private final Sinks.One<Boolean> stopPolling = Sinks.one();
    private volatile boolean streamInbox;
    private final List<SyncPipeline> pipelines = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final @Nullable EventsPoller poller;
    private final Ownership ownership;
    /** The connected accounts synced, with {@code stripe.accounts: connected} or a list; null for {@code self}. */
    private volatile @Nullable ConnectedAccounts connected;
    private final List<AccountSync.Target> accountTargets = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** With connected accounts: per pipeline, the lanes this replica delivers its own accounts' backfills through. */
    private final List<SyncPipeline> accountPipelines = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** The one budget of the key, this replica's part of it: the configured rate divided by the replicas reading Stripe. */
    private final RequestBudget budget;
    private final ReplicaHeartbeat heartbeat;
    private final Duration leasePeriod;

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
        this.budget = new RequestBudget(config.stripe().requestsPerSecond());
        this.api = new StripeApi(config.stripe(), budget, clock);
        this.state = StateStore.connect(config.state().r2dbcUrl());
        EventPolicy events = config.policy().events(new MicrometerConnectorMetrics(registry, "intake"));
        this.poller = options.live() && events.eventsGranted()
                ? new EventsPoller(api, state.inbox(), events, config.events(), clock, registry, this::rebackfill)
                : null;
        this.leasePeriod = Duration.ofSeconds(config.ownership().leaseSeconds());
        this.ownership = new Ownership(state.leases(), replicaId(config), leasePeriod);
        this.heartbeat = new ReplicaHeartbeat(state.leases(), ownership.replicaId(), leasePeriod, this::shareBudget,
                config.stripe().accounts().connect());
        StripeMetrics.register(registry, api);
        io.micrometer.core.instrument.Gauge.builder("syncline.replicas.live", heartbeat, ReplicaHeartbeat::liveReplicas)
                .description("Live replicas sharing the connected accounts, this one included, as last counted").register(registry);
        io.micrometer.core.instrument.Gauge.builder("syncline.connect.accounts.owned", this, service -> {
                    ConnectedAccounts accounts = service.connected;
                    return accounts == null ? 0 : accounts.synced().size();
                })
                .description("Connected accounts whose work runs on this replica (their account: leases)").register(registry);
        this.deadLetterMetrics = DeadLetterMetrics.register(registry, config.pipelines().stream().map(SynclineConfig.Pipeline::name).toList(),
                state.deadLetters(), clock, Duration.ofSeconds(15));
    }

    /**
     * The configured replica id, else one per process. With the embedded state database there is
     * only ever one process (its data directory admits one server, and a new run stops a killed
     * run's orphan first), so its id is fixed: a restart after {@code kill -9} takes its work back
     * at once instead of waiting for the dead process's leases to expire.
     */
    private static String replicaId(SynclineConfig config) {
        if (!config.ownership().replicaId().isEmpty()) {
            return config.ownership().replicaId();
        }
        return config.state().embedded() ? "embedded" : Ownership.defaultReplicaId();
    }

    private SynclineConfig.Pipeline narrow(SynclineConfig.Pipeline pipeline) {
        List<String> objects = options.objects().isEmpty() ? pipeline.objects()
                : pipeline.objects().stream().filter(options.objects()::contains).toList();
        SynclineConfig.Backfill backfill = new SynclineConfig.Backfill(pipeline.backfill().parallelism(),
                options.since().orElse(pipeline.backfill().since()));
        return new SynclineConfig.Pipeline(pipeline.name(), objects, pipeline.batchSize(), pipeline.writeLanes(), pipeline.delivery(), backfill, pipeline.destinationType(),
                pipeline.destinationPath(), pipeline.destination());
    }

    @Override
    public void start() {
        deadLetterMetrics.start();
        Sinks.Empty<Void> workEnded = Sinks.empty();
        running = state.migrate()
                // Counted before the first request, so a replica joining never starts at the whole budget.
                .then(heartbeat.first())
                .then(Mono.defer(() -> connect() ? connectedAccounts().loadKnown() : Mono.empty()))
                .then(api.accountId())
                .doOnNext(account -> log.info(connect() ? "Syncing the connected accounts of platform {} through {} pipeline(s)"
                        : "Syncing Stripe account {} through {} pipeline(s)", account, selected.size()))
                .flatMap(account -> prepareLive().then(initialisePoller()).thenReturn(account))
                .flatMapMany(account -> {
                    Refetcher refetcher = new Refetcher(api, account);
                    List<Mono<Void>> runs = new ArrayList<>();
                    List<Mono<Void>> backfills = new ArrayList<>();
                    // With connected accounts and no live events the pipelines' own runs would have nothing to read:
                    // the accounts' leases alone keep two processes from running the same work.
                    int leased = connect() && !options.live() ? 0 : selected.size();
                    for (int i = 0; i < leased; i++) {
                        int index = i;
                        // Each time this replica takes the pipeline's lease it runs the pipeline afresh.
                        Sinks.Empty<Void> firstBackfill = Sinks.empty();
                        runs.add(ownership.whileOwned("pipeline:" + selected.get(i).name(), () -> {
                            PipelineRun run = pipelineRun(index, account, refetcher);
                            run.backfilled().subscribe(null, e -> firstBackfill.tryEmitEmpty(), firstBackfill::tryEmitEmpty);
                            return run.run();
                        }, progress.get(i)::standby));
                        backfills.add(firstBackfill.asMono());
                    }
                    Flux<Void> accounts = Flux.empty();
                    Flux<Void> keepAccounts = Flux.empty();
                    if (connect()) {
                        ConnectedAccounts found = connected;
                        // Every replica delivers the accounts it owns through its own lanes, whoever holds the
                        // pipelines' leases (and with them the inbox); accounts start once those lanes are built.
                        List<Mono<Void>> accountRuns = new ArrayList<>();
                        List<Mono<Void>> accountRunsEnded = new ArrayList<>();
                        for (int i = 0; i < selected.size(); i++) {
                            Sinks.Empty<Void> runEnded = Sinks.empty();
                            accountRuns.add(accountPipeline(i, account, refetcher).doFinally(signal -> runEnded.tryEmitEmpty()));
                            accountRunsEnded.add(runEnded.asMono());
                        }
                        // Subscribed first: the pipeline's state on the status page is then its inbox run's.
                        runs.addAll(0, accountRuns);
                        // Without live events the pipelines end once the accounts found at start are backfilled.
                        Mono<Void> started = found.start().doFinally(signal -> {
                            if (!options.live()) {
                                accountPipelines.forEach(SyncPipeline::accountsComplete);
                            }
                        }).cache();
                        backfills = options.live() ? List.of(started) : List.of(Mono.when(accountRunsEnded));
                        // Discovery never ends by itself; a stop ends it, or draining would wait out the grace period.
                        accounts = started.thenMany(options.live() ? found.run().takeUntilOther(stopPolling.asMono()) : Flux.empty());
                        keepAccounts = found.keepOwnership(options.live());
                    }
                    Mono.when(backfills).subscribe(null, e -> backfilled.tryEmitEmpty(), backfilled::tryEmitEmpty);
                    Flux<Void> work = Flux.merge(runs).mergeWith(pollEvents()).mergeWith(accounts)
                            .doFinally(signal -> workEnded.tryEmitEmpty());
                    // The heartbeat and the account leases are kept for as long as there is work.
                    Flux<Void> keep = Flux.merge(heartbeat.run(), keepAccounts).takeUntilOther(workEnded.asMono());
                    return work.mergeWith(keep);
                })
                .then()
                .doOnError(e -> {
                    log.error("Syncline could not start syncing: {}", e.getMessage());
                    progress.forEach(p -> p.failed(e));
                })
                .doFinally(signal -> {
                    backfilled.tryEmitEmpty();
                    ended.tryEmitEmpty();
                })
                .subscribe(v -> { }, e -> { });
    }

    /** This replica's part of the one Stripe budget, for {@code replicas} replicas reading Stripe. */
    private void shareBudget(int replicas) {
        double rate = FairShare.rate(config.stripe().requestsPerSecond(), replicas);
        if (rate != budget.rate()) {
            log.info("Stripe budget on this replica: {} requests/s, the configured {} divided among {} replica(s) reading Stripe",
                    rate, config.stripe().requestsPerSecond(), replicas);
        }
        budget.rate(rate);
    }

    /** Whether connected accounts are synced rather than the key's own account. */
    private boolean connect() {
        return config.stripe().accounts().connect();
    }

    /** Connected accounts' work goes into every pipeline; each account is started through {@link ConnectedAccounts#startAccount}. */
    private ConnectedAccounts connectedAccounts() {
        EventsPoller accountPoller = config.stripe().accounts().pollEvents() ? poller : null;
        ConnectedAccounts accounts = new ConnectedAccounts(api, state.accounts(), state.inbox(), config.stripe().accounts(),
                new AccountSync(api, state, accountTargets, accountPoller, clock), state.leases(), ownership.replicaId(), leasePeriod,
                heartbeat::liveReplicas);
        connected = accounts;
        return accounts;
    }

    /**
     * Whether live events of an account are applied: the key's own with {@code self}; else any
     * selected connected account not known to have deauthorized, whichever replica runs its backfill.
     */
    private boolean synced(String platform, String account) {
        ConnectedAccounts accounts = connected;
        return connect() ? accounts != null && !platform.equals(account) && accounts.isSynced(account) : platform.equals(account);
    }

    /**
     * Sets the Events API cursor before any backfill reads: the backfill covers what exists now,
     * the poller every change after it.
     */
    private Mono<Void> initialisePoller() {
        return poller == null || connect() ? Mono.empty() : poller.initialise(null);
    }

    /** Reads missed events into the inbox for as long as the process runs. */
    private Flux<Void> pollEvents() {
        return poller == null || connect() ? Flux.empty()
                : ownership.whileOwned("events:platform", () -> poller.run(null).then()).thenMany(Flux.<Void>empty()).takeUntilOther(stopPolling.asMono());
    }

    /** Events may have been missed beyond Stripe's 30 days: every live pipeline reads its streams again. */
    private void rebackfill(@Nullable String account, String reason) {
        log.warn("Backfilling again ({}): {}", account == null ? "platform" : account, reason);
        ConnectedAccounts accounts = connected;
        if (account != null && accounts != null) {
            accounts.rebackfill(account);
            return;
        }
        pipelines.forEach(pipeline -> pipeline.rebackfill(reason));
    }

    /** Whether pipelines consume the inbox: webhooks arrive, or the Events API may be read. */
    private boolean liveEnabled() {
        return options.live() && (config.webhooks().enabled() || config.policy().access().granted().contains(PermissionCatalog.EVENT_READ));
    }

    /** Picks how pipelines read the inbox, and drops the replication slots of pipelines that no longer exist. */
    private Mono<Void> prepareLive() {
        if (!liveEnabled() || config.inbox().mode() != SynclineConfig.InboxMode.CDC) {
            return Mono.empty();
        }
        InboxStore inbox = state.inbox();
        Set<String> slots = config.pipelines().stream().map(p -> CdcInboxSource.slotName(p.name())).collect(Collectors.toSet());
        return inbox.walLevel().flatMap(level -> {
            if (!"logical".equals(level)) {
                log.warn("The state database has wal_level={}, not logical: pipelines poll the inbox instead of streaming it"
                        + " (set wal_level=logical, or inbox.mode: poll to silence this)", level);
                return Mono.empty();
            }
            streamInbox = true;
            return inbox.dropStaleSlots(CdcInboxSource.SLOT_PREFIX, slots)
                    .doOnNext(slot -> log.info("Dropped replication slot {}: no configured pipeline reads it", slot))
                    .then();
        });
    }

    private InboxSource inboxSource(String pipeline) {
        InboxStore inbox = state.inbox();
        return streamInbox
                ? new CdcInboxSource(inbox, config.state().r2dbcUrl(), pipeline)
                : new PollingInboxSource(inbox, Duration.ofMillis(config.inbox().pollIntervalMillis()));
    }

    private PipelineRun pipelineRun(int index, String account, Refetcher refetcher) {
        PipelineParts parts = parts(index);
        SynclineConfig.Pipeline settings = parts.settings();
        // With connected accounts the key's own account is not synced: its backfill has nothing to read.
        List<StripeObjectType> ownSources = connect() ? List.of() : parts.sources();
        Backfill backfill = new Backfill(api, state, settings.name(), account, ownSources, parts.backfillOptions(), parts.progress(), clock);
        LiveEvents live = liveEnabled()
                ? new LiveEvents(settings.name(), inboxSource(settings.name()), state.inbox(),
                        parts.sources().stream().map(StripeObjectType::name).collect(Collectors.toSet()), Set.copyOf(config.events().refetch()),
                        account, refetcher, eventAccount -> synced(account, eventAccount))
                : null;
        BackfillOptions again = new BackfillOptions(settings.backfill().parallelism(), settings.backfill().since(), true);
        SyncPipeline pipeline = new SyncPipeline(settings, parts.lanes(), backfill,
                reason -> new Backfill(api, state, settings.name(), account, ownSources, again, parts.progress(), clock),
                live, refetcher, parts.progress(), schemas, clock, parts.metrics(), parts.policy(), parts.deadLetters());
        pipelines.add(pipeline);
        Sinks.Empty<Void> ended = Sinks.empty();
        Mono<Void> run = pipeline.run()
                .doFinally(signal -> pipelines.remove(pipeline))
                .onErrorResume(e -> {
                    log.error("Pipeline {} failed: {}", settings.name(), e.getMessage());
                    return Mono.empty();
                })
                .doFinally(signal -> ended.tryEmitEmpty());
        Mono<Void> backfilled = Mono.firstWithSignal(
                pipeline.backfillCompletion().doOnSuccess(v -> log.info("Pipeline {}: backfill complete", settings.name())),
                ended.asMono());
        return new PipelineRun(run, backfilled.onErrorResume(e -> Mono.empty()));
    }

    /**
     * The lanes this replica delivers its connected accounts' backfills through, one set per
     * pipeline, for as long as the service runs: built whether or not this replica holds the
     * pipeline's lease, since the accounts are spread over every replica while the inbox is read by
     * one (ADR 0010). It reads nothing itself; {@link AccountSync} hands it each account's backfill.
     */
    private Mono<Void> accountPipeline(int index, String account, Refetcher refetcher) {
        PipelineParts parts = parts(index);
        SynclineConfig.Pipeline settings = parts.settings();
        // The key's own account is not synced with connected accounts: nothing of its own to read.
        Backfill nothing = new Backfill(api, state, settings.name(), account, List.of(), parts.backfillOptions(), parts.progress(), clock);
        SyncPipeline pipeline = new SyncPipeline(settings, parts.lanes(), nothing, reason -> nothing, null, refetcher, parts.progress(), schemas,
                clock, parts.metrics(), parts.policy(), parts.deadLetters());
        pipeline.connectAccounts(config.stripe().accounts().concurrentBackfills());
        AccountSync.Target target = new AccountSync.Target(settings.name(), pipeline, parts.sources(), parts.backfillOptions());
        accountPipelines.add(pipeline);
        accountTargets.add(target);
        return pipeline.run()
                .doFinally(signal -> {
                    accountPipelines.remove(pipeline);
                    accountTargets.remove(target);
                })
                .onErrorResume(e -> {
                    log.error("Pipeline {} failed delivering connected accounts: {}", settings.name(), e.getMessage());
                    return Mono.empty();
                });
    }

    /** What a pipeline's run and its connected accounts' lanes are both built from; its progress metrics are registered. */
    private record PipelineParts(SynclineConfig.Pipeline settings, PipelineProgress progress, List<SinkConnector> lanes,
                                 MicrometerConnectorMetrics metrics, BackfillOptions backfillOptions, PipelinePolicy policy,
                                 List<StripeObjectType> sources, DeadLetters deadLetters) {}

    private PipelineParts parts(int index) {
        SynclineConfig.Pipeline settings = selected.get(index);
        ConnectorProvider provider = connectors.forType(settings.destinationType()).orElseThrow();
        List<SinkConnector> lanes = java.util.stream.IntStream.range(0, settings.writeLanes())
                .mapToObj(lane -> provider.create(provider.configSpec().parse(settings.destinationPath(), settings.destination())))
                .toList();
        MicrometerConnectorMetrics metrics = new MicrometerConnectorMetrics(registry, settings.name());
        BackfillOptions backfillOptions = new BackfillOptions(settings.backfill().parallelism(), settings.backfill().since(), options.again());
        // Policy at the source: types the pipeline may not read are never listed; expansions are added.
        PipelinePolicy policy = config.policy().forPipeline(settings.name(), metrics);
        ProgressMetrics.register(registry, progress.get(index));
        return new PipelineParts(settings, progress.get(index), lanes, metrics, backfillOptions, policy, policy.sources(settings.objects()),
                new DeadLetters(settings.name(), settings.destinationType(), state.deadLetters(), metrics));
    }

    /** A pipeline's run, and when its backfill is done (delivered and checkpointed, or the pipeline ended). */
    private record PipelineRun(Mono<Void> run, Mono<Void> backfilled) {}

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

    /** The pending dead letters per pipeline, as last read. */
    public DeadLetterMetrics deadLetterFigures() {
        return deadLetterMetrics;
    }

    /** This replica's leases on the work. */
    public Ownership ownership() {
        return ownership;
    }

    /** Every lease this replica holds now: pipelines, the Events API poller and connected accounts. */
    public Set<String> leases() {
        Set<String> held = new java.util.TreeSet<>(ownership.held());
        ConnectedAccounts accounts = connected;
        if (accounts != null) {
            held.addAll(accounts.leases());
        }
        return held;
    }

    /** The live replicas sharing the connected accounts, as last counted. */
    public int liveReplicas() {
        return heartbeat.liveReplicas();
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

    /**
     * Stops gracefully: every pipeline stops reading, writes the batches it holds and saves its
     * checkpoints, within {@code shutdown.grace-period-seconds}; whatever is still running then
     * (a paused lane, a destination slower than the grace period) is cancelled, and the next start
     * reads it again from the saved checkpoints. Webhooks are still accepted meanwhile: the web
     * server stops after this.
     */
    @Override
    public void stop() {
        Disposable current = running;
        if (current != null && !current.isDisposed()) {
            Duration grace = config.shutdown().gracePeriod();
            log.info("Stopping: finishing in-flight batches and saving checkpoints (grace period {} s)", grace.toSeconds());
            stopPolling.tryEmitValue(Boolean.TRUE);
            pipelines.forEach(SyncPipeline::drain);
            accountPipelines.forEach(SyncPipeline::drain);
            boolean drained = !(pipelines.isEmpty() && accountPipelines.isEmpty()) && Boolean.TRUE.equals(ended.asMono().thenReturn(Boolean.TRUE)
                    .timeout(grace, Mono.just(Boolean.FALSE)).onErrorReturn(Boolean.FALSE).block());
            if (drained) {
                log.info("Stopped within the grace period: in-flight batches written, checkpoints saved");
            } else {
                log.warn("Not drained within the grace period of {} s; cancelling what is left, which the next start reads again",
                        grace.toSeconds());
            }
            current.dispose();
        }
        ConnectedAccounts accounts = connected;
        if (accounts != null) {
            accounts.close(Ownership.RELEASE_SETTLE);
        }
        ownership.releaseAll(Duration.ofSeconds(2));
        // Leaves the count last, so no replica takes a larger share before this one's leases are let go.
        heartbeat.release().timeout(Duration.ofSeconds(2), Mono.empty()).onErrorResume(e -> Mono.empty()).block();
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
