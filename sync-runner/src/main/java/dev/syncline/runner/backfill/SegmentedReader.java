package dev.syncline.runner.backfill;

import dev.syncline.connector.record.Origin;
import dev.syncline.connector.record.SyncRecord;
import dev.syncline.runner.catalog.ListPass;
import dev.syncline.runner.catalog.StripeObjectType;
import dev.syncline.runner.pipeline.PipelineProgress;
import dev.syncline.runner.stripe.ListPage;
import dev.syncline.runner.stripe.StripeApiException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.FluxSink;

/**
 * Reads segments in parallel, newest first within each, and splits a segment whenever a page says
 * there is more and a reading slot is free: the older part of what is left goes to new segments
 * read alongside ({@link SplitPlan}). Segments never split below one second, and at most
 * {@code parallelism} are read at once across all streams of the pipeline; every request waits
 * for the account's budget inside the {@link PageSource} (the {@code StripeApi}).
 *
 * <p>Demand-driven: a segment reads at most {@link #PAGES_AHEAD} pages ahead of what downstream
 * has taken, so a slow destination slows the list calls and at most {@code parallelism ×
 * PAGES_AHEAD} pages wait in memory.
 */
final class SegmentedReader {
    static final int PAGE_SIZE = 100;
    /**
     * Pages a segment may hold that downstream has not taken yet. Two, not one: with one, a page
     * arriving while the destination writes a batch waits there before its segment sends the next
     * request, and a write of a few hundred milliseconds leaves the budget idle; with two, the next
     * request is already out, and only a destination slower for longer than a page's round trip
     * slows the reading.
     */
    static final int PAGES_AHEAD = 2;
    /** Parents whose child lists are read at once within one page of parents. */
    private static final int CHILD_CONCURRENCY = 8;

    private final PageSource api;
    private final String accountId;
    /** The {@code Stripe-Account} of every request: the connected account, or null for the key's own. */
    private final @Nullable String stripeAccount;
    private final int parallelism;
    private final BackfillStreams streams;
    private final PipelineProgress progress;

    SegmentedReader(PageSource api, String accountId, @Nullable String stripeAccount, int parallelism, BackfillStreams streams,
                    PipelineProgress progress) {
        this.api = api;
        this.accountId = accountId;
        this.stripeAccount = stripeAccount;
        this.parallelism = parallelism;
        this.streams = streams;
        this.progress = progress;
    }

    /** Pages of every given segment and of the segments split from them, until all are read. */
    Flux<FetchedPage> read(List<Segment> initial) {
        return Flux.defer(() -> {
            if (initial.isEmpty()) {
                return Flux.empty();
            }
            Reading reading = new Reading(initial.size());
            // Nothing is known of a segment's size before its first page (nor after a restart).
            initial.forEach(segment -> streams.expect(segment, Double.NaN));
            // FluxSink serializes next() calls from any thread, re-entrant ones included: a split may be
            // offered while the same thread is delivering another segment downstream.
            Flux<Segment> segments = Flux.create(sink -> {
                reading.queue = sink;
                initial.forEach(sink::next);
            }, FluxSink.OverflowStrategy.BUFFER);
            return segments.flatMap(segment -> pages(segment, reading)
                    .doFinally(signal -> reading.finished(segment)), parallelism, PAGES_AHEAD);
        });
    }

    private Flux<FetchedPage> pages(Segment segment, Reading reading) {
        StreamKey stream = segment.stream();
        if (streams.failed(stream)) {
            return Flux.empty();
        }
        if (!type(segment).pass(stream.pass()).filtersByCreated()) {
            // Read in one sequence: its pages tell nothing of how many are left.
            streams.expect(segment, Double.NaN);
        }
        return fetch(segment, 0, reading)
                .expand(page -> page.last() || streams.failed(stream) ? Mono.empty() : fetch(segment, page.sequence() + 1, reading))
                .onErrorResume(StripeApiException.class, e -> {
                    streams.fail(stream, e);
                    progress.of(stream.objectType()).failed(e.getMessage());
                    return Flux.empty();
                });
    }

    private Mono<FetchedPage> fetch(Segment segment, long sequence, Reading reading) {
        StripeObjectType type = streams.type(segment.stream());
        ListPass pass = type.pass(segment.stream().pass());
        return Mono.defer(() -> api.list(pass.path(), parameters(type, segment), segment.readCursor(), PAGE_SIZE, stripeAccount))
                .onErrorResume(StripeApiException.class, e -> isMissingCursor(e) && segment.restartWithoutCursor()
                        ? api.list(pass.path(), parameters(type, segment), null, PAGE_SIZE, stripeAccount)
                        : Mono.error(e))
                .flatMap(page -> (pass.perParent() ? children(type, pass, page) : Mono.just(toRecords(type, page)))
                        .map(records -> toFetchedPage(type, segment, sequence, page, records, reading)));
    }

    /**
     * The objects of every parent on the page, in parent order, each parent's list paged to its
     * end; a few parents at a time, every request under the account's budget.
     */
    private Mono<List<SyncRecord>> children(StripeObjectType type, ListPass pass, ListPage parents) {
        return Flux.fromIterable(parents.data())
                .flatMapSequential(parent -> childRecords(type, pass.childListPath(String.valueOf(parent.get("id")))), CHILD_CONCURRENCY)
                .collectList();
    }

    private Flux<SyncRecord> childRecords(StripeObjectType type, String path) {
        return api.list(path, Map.of(), null, PAGE_SIZE, stripeAccount)
                .expand(page -> page.hasMore() && !page.data().isEmpty() ? api.list(path, Map.of(), page.lastId(), PAGE_SIZE, stripeAccount) : Mono.empty())
                .concatMapIterable(page -> toRecords(type, page))
                // A parent deleted since it was listed took its children with it.
                .onErrorResume(StripeApiException.class, e -> e.status() == 404 ? Flux.empty() : Flux.error(e));
    }

    private List<SyncRecord> toRecords(StripeObjectType type, ListPage page) {
        return page.data().stream().map(object -> toRecord(type, object, page.readAt())).toList();
    }

    private FetchedPage toFetchedPage(StripeObjectType type, Segment segment, long sequence, ListPage page, List<SyncRecord> records,
                                      Reading reading) {
        progress.of(type.name()).pageRead(records.size());
        if (page.data().isEmpty() || !page.hasMore()) {
            streams.expect(segment, 0);
            Map<String, @Nullable Object> lastObject = page.data().isEmpty() ? null : page.data().get(page.data().size() - 1);
            return new FetchedPage(segment, sequence, records, lastObject == null ? null : page.lastId(),
                    lastObject == null ? 0 : created(lastObject), true);
        }
        String lastId = page.lastId();
        long lastCreated = created(page.data().get(page.data().size() - 1));
        segment.read(lastId, lastCreated);
        if (type.pass(segment.stream().pass()).filtersByCreated()) {
            maybeSplit(segment, created(page.data().get(0)), lastCreated, page.data().size(), reading);
        }
        return new FetchedPage(segment, sequence, records, lastId, lastCreated, false);
    }

    /**
     * Hands the older part of the segment's unread range to new segments, as {@link SplitPlan}
     * decides from the free reading slots and the segment's share of the work left. From the newest
     * boundary down: the segment keeps the part next to its cursor, and each new segment hands its
     * own older part on before any of them starts reading.
     */
    private void maybeSplit(Segment segment, long firstCreated, long lastCreated, int objects, Reading reading) {
        SplitPlan plan;
        List<Segment> started = new ArrayList<>();
        // One split decision at a time: two pages arriving together must not both take the same free slots.
        synchronized (reading) {
            plan = SplitPlan.of(segment.gte(), streams.until(segment.stream()), segment.gte() <= Backfill.STRIPE_EPOCH,
                    firstCreated, lastCreated, objects, PAGE_SIZE, reading.load(segment));
            streams.expect(segment, plan.ownPages());
            Segment current = segment;
            long[] boundaries = plan.boundaries();
            for (int i = 0; i < boundaries.length; i++) {
                current = streams.split(current, boundaries[i]);
                started.add(current);
                streams.expect(current, plan.pagesBelow(i));
            }
            reading.live.addAndGet(started.size());
        }
        started.forEach(reading.queue::next);
    }

    private Map<String, String> parameters(StripeObjectType type, Segment segment) {
        ListPass pass = type.pass(segment.stream().pass());
        Map<String, String> params = new LinkedHashMap<>(pass.params());
        if (pass.filtersByCreated()) {
            params.put("created[gte]", Long.toString(segment.gte()));
            params.put("created[lt]", Long.toString(segment.lt()));
        }
        return params;
    }

    private SyncRecord toRecord(StripeObjectType type, Map<String, @Nullable Object> object, long version) {
        String id = String.valueOf(object.get("id"));
        return Boolean.TRUE.equals(object.get("deleted"))
                ? SyncRecord.delete(accountId, type.name(), id, version, Origin.BACKFILL, object)
                : SyncRecord.upsert(accountId, type.name(), id, version, Origin.BACKFILL, object);
    }

    private static long created(Map<String, @Nullable Object> object) {
        return object.get("created") instanceof Number n ? n.longValue() : 0;
    }

    private StripeObjectType type(Segment segment) {
        return streams.type(segment.stream());
    }

    /**
     * The state of one {@link #read}: where new segments go, and how many are live (started, or
     * queued for a slot, and not finished). The pages each is expected to fill still are kept in
     * the {@link BackfillStreams}, where the progress reads them too.
     */
    private final class Reading {
        private final AtomicInteger live;
        private volatile FluxSink<Segment> queue;

        Reading(int initial) {
            this.live = new AtomicInteger(initial);
        }

        SplitPlan.Load load(Segment splitting) {
            return new SplitPlan.Load(parallelism, live.get(), streams.expectedPagesExcept(splitting));
        }

        void finished(Segment segment) {
            streams.readingEnded(segment);
            if (live.decrementAndGet() == 0) {
                queue.complete();
            }
        }
    }

    private static boolean isMissingCursor(StripeApiException e) {
        return e.status() == 404 && "resource_missing".equals(e.code()) && "starting_after".equals(e.param());
    }
}
