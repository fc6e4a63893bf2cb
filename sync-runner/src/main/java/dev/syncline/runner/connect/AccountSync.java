package dev.syncline.runner.connect;

import dev.syncline.runner.backfill.Backfill;
import dev.syncline.runner.backfill.BackfillOptions;
import dev.syncline.runner.catalog.StripeObjectType;
import dev.syncline.runner.events.EventsPoller;
import dev.syncline.runner.pipeline.PipelineProgress;
import dev.syncline.runner.pipeline.SyncPipeline;
import dev.syncline.runner.pipeline.TypeProgress;
import dev.syncline.runner.state.StateStore;
import dev.syncline.runner.stripe.StripeApi;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Syncing one connected account: a backfill in every pipeline, each request carrying the
 * account's {@code Stripe-Account} and each checkpoint keyed by the account, queued behind the
 * pipeline's other accounts ({@link SyncPipeline#backfillAccount}); and, with
 * {@code stripe.connect.poll-events}, the account's own Events API poll. The account's first
 * complete sync (every pipeline delivered and checkpointed) is recorded in {@code syncline.accounts}.
 */
public final class AccountSync implements AccountWork {
    private static final Logger log = LoggerFactory.getLogger(AccountSync.class);

    private final StripeApi api;
    private final StateStore state;
    private final List<Target> targets;
    private final @Nullable EventsPoller poller;
    private final Clock clock;

    /**
     * @param poller polls each account's Events API, or null to rely on the Connect webhook endpoint
     */
    public AccountSync(StripeApi api, StateStore state, List<Target> targets, @Nullable EventsPoller poller, Clock clock) {
        this.api = api;
        this.state = state;
        // A live view: pipelines join when this replica takes their lease and leave when they stop.
        this.targets = targets;
        this.poller = poller;
        this.clock = clock;
    }

    /**
     * A pipeline the accounts are synced into.
     *
     * @param sources the object types the pipeline may read, in backfill order
     * @param options its backfill settings ({@code again} is decided per start)
     */
    public record Target(String name, SyncPipeline pipeline, List<StripeObjectType> sources, BackfillOptions options) {}

    @Override
    public Running start(String account, boolean again) {
        Sinks.One<Boolean> stop = Sinks.one();
        AtomicBoolean stopped = new AtomicBoolean();
        List<PipelineProgress> progress = new ArrayList<>();
        // The poll cursor is set before the backfill reads, so every change after it is polled.
        Mono<Void> cursor = poller == null ? Mono.empty() : poller.initialise(account).onErrorResume(e -> {
            log.warn("Connect: could not set the Events API cursor of {}: {}", account, e.getMessage());
            return Mono.empty();
        }).cache();
        List<Mono<Void>> runs = new ArrayList<>();
        for (Target target : targets) {
            PipelineProgress accountProgress = new PipelineProgress(target.name(),
                    target.sources().stream().map(StripeObjectType::name).toList());
            progress.add(accountProgress);
            BackfillOptions options = new BackfillOptions(target.options().parallelism(), target.options().since(),
                    again || target.options().again());
            Backfill backfill = new Backfill(api, state, target.name(), account, account, target.sources(), options, accountProgress, clock);
            runs.add(Mono.defer(() -> target.pipeline().backfillAccount(backfill, stop.asMono())));
        }
        Sinks.Empty<Void> ended = Sinks.empty();
        state.accounts().backfillStarted(account).then(cursor).then(Mono.when(runs))
                .then(Mono.defer(() -> stopped.get() ? Mono.empty() : recordOutcome(account, progress)))
                .doFinally(signal -> ended.tryEmitEmpty())
                .subscribe(null, e -> log.warn("Connect: backfill of {} ended: {}", account, e.getMessage()));
        Disposable polling = poller == null ? null : cursor.thenMany(poller.run(account)).subscribe(null, e -> { });
        return new Running() {
            @Override
            public void stop() {
                if (stopped.compareAndSet(false, true)) {
                    // The backfill ends on its own once what was read is delivered and checkpointed.
                    stop.tryEmitValue(Boolean.TRUE);
                    if (polling != null) {
                        polling.dispose();
                    }
                }
            }

            @Override
            public Mono<Void> done() {
                return ended.asMono();
            }
        };
    }

    /** The first complete sync, or why the account is not complete yet (its streams resume at the next start). */
    private Mono<Void> recordOutcome(String account, List<PipelineProgress> progress) {
        List<String> failures = new ArrayList<>();
        for (PipelineProgress pipeline : progress) {
            for (TypeProgress type : pipeline.types()) {
                if (!type.failure().isEmpty()) {
                    failures.add(pipeline.pipeline() + "/" + type.objectType() + ": " + type.failure());
                }
            }
        }
        if (failures.isEmpty()) {
            log.debug("Connect: account {} synced", account);
            return state.accounts().synced(account);
        }
        log.warn("Connect: backfill of {} did not complete: {}", account, failures.get(0));
        return state.accounts().failed(account, String.join("; ", failures));
    }
}
