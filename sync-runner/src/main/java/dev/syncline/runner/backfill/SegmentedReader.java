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
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.FluxSink;

/**
 * Reads segments in parallel, newest first within each, and splits a segment whenever a page says
 * there is more: the older half of what is left goes to a new segment read alongside. Segments
 * never split below one second, and at most {@code parallelism} are read at once across all
 * streams of the pipeline; every request waits for the account's budget inside the
 * {@link PageSource} (the {@code StripeApi}).
 *
 * <p>Demand-driven: a segment asks for its next page only when downstream wants more, so a slow
 * destination slows the list calls.
 */
final class SegmentedReader {
    static final int PAGE_SIZE = 100;
    /** Parents whose child lists are read at once within one page of parents. */
    private static final int CHILD_CONCURRENCY = 8;
    /** New segments one page may start. */
    private static final int MAX_SPLIT = 8;
    /** Pages a new segment is expected to fill, at the density of the page that splits it. */
    private static final int PAGES_PER_NEW_SEGMENT = 4;

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
            AtomicInteger live = new AtomicInteger(initial.size());
            AtomicReference<FluxSink<Segment>> queue = new AtomicReference<>();
            // FluxSink serializes next() calls from any thread, re-entrant ones included: a split may be
            // offered while the same thread is delivering another segment downstream.
            Flux<Segment> segments = Flux.create(sink -> {
                queue.set(sink);
                initial.forEach(sink::next);
            }, FluxSink.OverflowStrategy.BUFFER);
            return segments.flatMap(segment -> pages(segment, queue.get(), live)
                    .doFinally(signal -> {
                        if (live.decrementAndGet() == 0) {
                            queue.get().complete();
                        }
                    }), parallelism, 1);
        });
    }

    private Flux<FetchedPage> pages(Segment segment, FluxSink<Segment> queue, AtomicInteger live) {
        StreamKey stream = segment.stream();
        if (streams.failed(stream)) {
            return Flux.empty();
        }
        return fetch(segment, 0, queue, live)
                .expand(page -> page.last() || streams.failed(stream) ? Mono.empty() : fetch(segment, page.sequence() + 1, queue, live))
                .onErrorResume(StripeApiException.class, e -> {
                    streams.fail(stream, e);
                    progress.of(stream.objectType()).failed(e.getMessage());
                    return Flux.empty();
                });
    }

    private Mono<FetchedPage> fetch(Segment segment, long sequence, FluxSink<Segment> queue, AtomicInteger live) {
        StripeObjectType type = streams.type(segment.stream());
        ListPass pass = type.pass(segment.stream().pass());
        return Mono.defer(() -> api.list(pass.path(), parameters(type, segment), segment.readCursor(), PAGE_SIZE, stripeAccount))
                .onErrorResume(StripeApiException.class, e -> isMissingCursor(e) && segment.restartWithoutCursor()
                        ? api.list(pass.path(), parameters(type, segment), null, PAGE_SIZE, stripeAccount)
                        : Mono.error(e))
                .flatMap(page -> (pass.perParent() ? children(type, pass, page) : Mono.just(toRecords(type, page)))
                        .map(records -> toFetchedPage(type, segment, sequence, page, records, queue, live)));
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
                                      FluxSink<Segment> queue, AtomicInteger live) {
        progress.of(type.name()).pageRead(records.size());
        if (page.data().isEmpty() || !page.hasMore()) {
            Map<String, @Nullable Object> lastObject = page.data().isEmpty() ? null : page.data().get(page.data().size() - 1);
            return new FetchedPage(segment, sequence, records, lastObject == null ? null : page.lastId(),
                    lastObject == null ? 0 : created(lastObject), true);
        }
        String lastId = page.lastId();
        long lastCreated = created(page.data().get(page.data().size() - 1));
        segment.read(lastId, lastCreated);
        if (type.pass(segment.stream().pass()).filtersByCreated()) {
            maybeSplit(segment, created(page.data().get(0)), lastCreated, page.data().size(), queue, live);
        }
        return new FetchedPage(segment, sequence, records, lastId, lastCreated, false);
    }

    /**
     * Hands the older part of the segment's unread range to new segments, as many as there are free
     * reading slots (at most {@link #MAX_SPLIT} at once), but only as many as the page's density says
     * will each fill {@link #PAGES_PER_NEW_SEGMENT} pages: a split costs at least one partly filled
     * page, so splitting sparse ranges would spend the budget on near-empty pages. Each new range is
     * at least one second wide.
     */
    private void maybeSplit(Segment segment, long firstCreated, long lastCreated, int objects, FluxSink<Segment> queue, AtomicInteger live) {
        long gte = segment.gte();
        int room = parallelism - live.get();
        double perSecond = objects / (double) Math.max(1, firstCreated - lastCreated + 1);
        long expectedPages = (long) (perSecond * (lastCreated - gte) / PAGE_SIZE);
        long parts = Math.min(Math.min(Math.min(room, MAX_SPLIT) + 1L, lastCreated - gte), expectedPages / PAGES_PER_NEW_SEGMENT);
        if (room <= 0 || parts < 2) {
            return;
        }
        long width = (lastCreated - gte) / parts;
        // From the newest boundary down: the segment keeps the part next to its cursor, and each new
        // segment hands its own older part on before any of them starts reading.
        List<Segment> started = new ArrayList<>();
        Segment current = segment;
        for (long part = parts - 1; part >= 1; part--) {
            current = streams.split(current, gte + part * width);
            started.add(current);
        }
        live.addAndGet(started.size());
        started.forEach(queue::next);
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

    private static boolean isMissingCursor(StripeApiException e) {
        return e.status() == 404 && "resource_missing".equals(e.code()) && "starting_after".equals(e.param());
    }
}
