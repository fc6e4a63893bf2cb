package dev.syncline.runner.backfill;

import dev.syncline.runner.catalog.StripeObjectType;
import dev.syncline.runner.pipeline.PipelineProgress;
import dev.syncline.runner.pipeline.TrackedRecord;
import dev.syncline.runner.state.StateStore;
import dev.syncline.runner.stripe.StripeApi;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * One pipeline's backfill through Stripe's list API: plans the streams (new, resumed from their
 * saved segments, or already complete), reads them in parallel segments, and saves each segment's
 * progress only as far as the destination has acknowledged it.
 *
 * <p>Use: subscribe to {@link #records()}, call {@link #acknowledge} for every record the
 * destination acknowledged, and subscribe to {@link #finish()} once delivery is done.
 */
public final class Backfill {
    private static final Logger log = LoggerFactory.getLogger(Backfill.class);
    /** 2010-01-01T00:00:00Z, before any Stripe object was created. */
    static final long STRIPE_EPOCH = 1_262_304_000L;

    private final StripeApi api;
    private final StateStore store;
    private final String pipeline;
    private final String account;
    private final @Nullable String stripeAccount;
    private final List<StripeObjectType> types;
    private final BackfillOptions options;
    private final PipelineProgress progress;
    private final Clock clock;
    private final BackfillStreams streams;
    private final BackfillTracker tracker;
    private final CheckpointCommitter committer;

    /** The backfill of the API key's own account. */
    public Backfill(StripeApi api, StateStore store, String pipeline, String account, List<StripeObjectType> types,
                    BackfillOptions options, PipelineProgress progress, Clock clock) {
        this(api, store, pipeline, account, null, types, options, progress, clock);
    }

    /**
     * @param account the account the records and checkpoints belong to
     * @param stripeAccount the {@code Stripe-Account} every request carries: {@code account} for a
     *     connected account, null for the key's own
     */
    public Backfill(StripeApi api, StateStore store, String pipeline, String account, @Nullable String stripeAccount,
                    List<StripeObjectType> types, BackfillOptions options, PipelineProgress progress, Clock clock) {
        this.api = api;
        this.store = store;
        this.pipeline = pipeline;
        this.account = account;
        this.stripeAccount = stripeAccount;
        this.types = List.copyOf(types);
        this.options = options;
        this.progress = progress;
        this.clock = clock;
        this.streams = new BackfillStreams(type -> progress.of(type).readComplete());
        this.tracker = new BackfillTracker(streams);
        this.committer = new CheckpointCommitter(store, pipeline, account, streams);
    }

    /** Every object still to backfill, as records tracked back to their pages. */
    public Flux<TrackedRecord> records() {
        SegmentedReader reader = new SegmentedReader(api::list, account, stripeAccount, options.parallelism(), streams, progress);
        return plan()
                .flatMapMany(reader::read)
                .doOnNext(tracker::register)
                .concatMapIterable(page -> page.records().stream().map(r -> new TrackedRecord(r, page)).toList(), 1)
                .doOnCancel(committer::close);
    }

    /** The destination acknowledged one record of each of these pages (a page once per record): one tracker pass, one commit request. */
    public void acknowledge(List<FetchedPage> pages) {
        if (pages.isEmpty()) {
            return;
        }
        tracker.acknowledge(pages);
        committer.request();
    }

    /** Saves the final checkpoints; completes once they are durable. */
    public Mono<Void> finish() {
        return committer.finish();
    }

    /**
     * Plans every stream from their saved state, read at once, and saves the fresh ones in one
     * transaction before the first request: a restart then resumes them with the same bounds.
     */
    private Mono<List<Segment>> plan() {
        long until = clock.instant().getEpochSecond() + 1;
        return store.loadAll(pipeline, account).flatMap(saved -> {
            List<Segment> all = new ArrayList<>();
            List<StateStore.StreamState> fresh = new ArrayList<>();
            for (StripeObjectType type : types) {
                for (int pass = 0; pass < type.passes().size(); pass++) {
                    StreamKey key = new StreamKey(type.name(), pass);
                    StateStore.StoredStream stored = saved.get(key);
                    all.addAll(planStream(type, key, until, Optional.ofNullable(stored)));
                    if (stored == null || (stored.complete() && options.again())) {
                        fresh.add(new StateStore.StreamState(key, streams.since(key), until, streams.openSnapshots(key), false));
                    }
                }
            }
            return store.saveAll(pipeline, account, fresh).thenReturn(all);
        });
    }

    private List<Segment> planStream(StripeObjectType type, StreamKey key, long until, Optional<StateStore.StoredStream> saved) {
        progress.of(type.name()).coverage(() -> streams.coverage(type.name()));
        progress.of(type.name()).unreadObjects(() -> streams.unreadObjects(type.name(), SegmentedReader.PAGE_SIZE));
        if (saved.isPresent() && saved.get().complete() && !options.again()) {
            progress.of(type.name()).readComplete();
            log.info("{}: backfill of {} already complete", pipeline, key);
            return List.of();
        }
        if (saved.isPresent() && !saved.get().complete()) {
            StateStore.StoredStream stream = saved.get();
            List<Segment> segments = stream.segments().stream()
                    .map(s -> new Segment(key, s.id(), s.gte(), s.lt(), s.cursorId(), s.cursorCreated())).toList();
            streams.add(key, type, stream.since(), stream.until(), segments);
            if (segments.isEmpty()) {
                // Every segment was acknowledged before the last run could record completion.
                streams.markDirty(key);
            }
            log.info("{}: resuming backfill of {} with {} open segment(s)", pipeline, key, segments.size());
            return segments;
        }
        // Nothing on Stripe is older than Stripe: a range from 1970 would only cost empty pages and skew the ETA.
        long since = type.pass(key.pass()).filtersByCreated() ? Math.max(options.since(), STRIPE_EPOCH) : 0;
        List<Segment> fresh = List.of(new Segment(key, 0, since, until, null, 0));
        streams.add(key, type, since, until, fresh);
        return fresh;
    }
}
