package dev.syncline.runner.backfill;

import static org.assertj.core.api.Assertions.assertThat;

import dev.syncline.connector.record.SyncRecord;
import dev.syncline.runner.catalog.StripeCatalog;
import dev.syncline.runner.pipeline.PipelineProgress;
import dev.syncline.runner.stripe.ListPage;
import dev.syncline.runner.stripe.RequestBudget;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongUnaryOperator;
import org.jspecify.annotations.Nullable;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

/**
 * The reader against an in-memory list with Stripe's latency and rate limit, in virtual time: how
 * fast it brings the budget to full use, that it reads everything once, and how it splits.
 */
class SegmentedReaderTest {
    private static final StreamKey STREAM = new StreamKey("customer", 0);
    private static final Duration LATENCY = Duration.ofMillis(300);
    private static final double BUDGET = 100;
    private static final int PARALLELISM = 48;
    private static final long SINCE = 1_600_000_000L;
    private static final long NOW = 1_790_000_000L;

    @Test
    void keepsTheBudgetBusy_andReadsEveryObjectOnce() {
        // 30,000 objects spread evenly over a year: 300 full pages, 3 s at 100 requests/s.
        SimulatedList list = new SimulatedList(30_000, i -> SINCE + i * 1_051L);
        Run run = read(list, SINCE, SINCE + 30_000 * 1_051L);

        assertThat(run.ids()).hasSize(30_000).doesNotHaveDuplicates();
        assertThat(list.maxInFlight.get()).as("requests in flight: budget × latency is 30").isGreaterThanOrEqualTo(30);
        assertThat(list.requests.get()).as("few partly filled pages").isLessThanOrEqualTo(300 + PARALLELISM);
        // The first page (0.3 s), then every request under the budget, then the last answer (0.3 s).
        assertThat(list.lastAnswerNanos).isLessThan(Duration.ofMillis(300 + list.requests.get() * 10 + 400).toNanos());
    }

    @Test
    void aSkewedRange_isStolenFromSoTheBudgetStaysBusy() {
        // 90 % of the objects in the newest 1 % of a year: the even split leaves most segments
        // with little to read, and the ones in the dense part must split again as the others finish.
        long year = 31_536_000L;
        SimulatedList list = new SimulatedList(20_000, i -> i < 2_000 ? SINCE + i * (year / 2_000) : SINCE + year - year / 100 + (i - 2_000) * (year / 100) / 18_000);
        Run run = read(list, SINCE, SINCE + year);

        assertThat(run.ids()).hasSize(20_000).doesNotHaveDuplicates();
        long fullPages = 200;
        assertThat(list.lastAnswerNanos).as("close to the budget's pace, not one segment paging alone")
                .isLessThan(Duration.ofMillis(fullPages * 10 * 3 / 2 + 700).toNanos());
    }

    /**
     * A fresh stream starts at 2010, but accounts start later and grow. Cutting the first page's
     * sixteen years evenly sends most parts into years with nothing in them, and leaves the few with
     * data to split again a round trip later; a segment left with two or three pages at the end
     * pages through them alone. 30,000 objects are 300 full pages: 3.6 s at best, with the first
     * and the last round trip.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("accountHistories")
    void aFreshStreamsHistory_ofAnyShape_keepsTheBudgetBusy_withFewEmptyPages(String shape, LongUnaryOperator createdOfIndex) {
        SimulatedList list = new SimulatedList(30_000, createdOfIndex);
        Run run = read(list, Backfill.STRIPE_EPOCH, NOW + 1);

        assertThat(run.ids()).hasSize(30_000).doesNotHaveDuplicates();
        assertThat(list.requests.get()).as("empty and partly filled pages").isLessThanOrEqualTo(365);
        assertThat(list.lastAnswerNanos).as("the budget busy from the first page to the last").isLessThan(Duration.ofMillis(4_250).toNanos());
    }

    static Stream<Arguments> accountHistories() {
        long year = 31_536_000L;
        return Stream.of(
                Arguments.of("even over the last three years", (LongUnaryOperator) i -> NOW - 3 * year + i * (3 * year / 30_000)),
                Arguments.of("even over the last ten years", (LongUnaryOperator) i -> NOW - 10 * year + i * (10 * year / 30_000)),
                Arguments.of("growing over five years", (LongUnaryOperator) i -> NOW - (long) (5 * year * Math.log(1 + (30_000 - i) / 30_000.0 * (Math.E - 1)))),
                Arguments.of("two months old", (LongUnaryOperator) i -> NOW - year / 6 + i * (year / 6 / 30_000)),
                Arguments.of("all in 2012", (LongUnaryOperator) i -> Backfill.STRIPE_EPOCH + 2 * year + i * (year / 30_000)));
    }

    @Test
    void progress_countsObjects_notTheEmptyYearsOfTheRange() {
        // 30,000 objects in the last three years of a range from 2010: a second in, the empty
        // thirteen years are read, over 80 % of the range, but not 80 % of the objects. (The range
        // share is what the progress showed before; an ETA of one second for a twenty-second backfill.)
        long threeYears = 3 * 31_536_000L;
        SimulatedList list = new SimulatedList(30_000, i -> NOW - threeYears + i * (threeYears / 30_000));
        PipelineProgress progress = new PipelineProgress("test", List.of("customer"));
        double[] early = new double[2];
        StepVerifier.withVirtualTime(() -> {
                    list.budget = new RequestBudget(BUDGET, (int) (BUDGET / 10), VirtualTimeScheduler.get());
                    BackfillStreams streams = new BackfillStreams(type -> { });
                    Segment first = new Segment(STREAM, 0, Backfill.STRIPE_EPOCH, NOW + 1, null, 0);
                    streams.add(STREAM, StripeCatalog.get("customer"), Backfill.STRIPE_EPOCH, NOW + 1, List.of(first));
                    progress.of("customer").coverage(() -> streams.coverage("customer"));
                    progress.of("customer").unreadObjects(() -> streams.unreadObjects("customer", SegmentedReader.PAGE_SIZE));
                    return new SegmentedReader(list, "acct_test", null, PARALLELISM, streams, progress).read(List.of(first));
                })
                .then(() -> early[0] = progress.of("customer").completion())
                .thenAwait(Duration.ofMillis(1_500))
                .then(() -> early[1] = progress.of("customer").completion())
                .thenAwait(Duration.ofMinutes(10))
                .thenConsumeWhile(page -> true)
                .verifyComplete();

        assertThat(early[0]).as("before the first page").isZero();
        // At 1.5 s about 90 of the 300 pages are read; the estimate still counts some empty parts unread.
        assertThat(early[1]).as("the objects read at 1.5 s").isBetween(0.15, 0.6);
        assertThat(progress.of("customer").completion()).isEqualTo(1);
    }

    @Test
    void segmentsNeverSplitBelowOneSecond() {
        // 5,000 objects in 5 seconds: 1,000 objects a second.
        SimulatedList list = new SimulatedList(5_000, i -> SINCE + i / 1_000);
        Run run = read(list, SINCE, SINCE + 5);

        assertThat(run.ids()).hasSize(5_000).doesNotHaveDuplicates();
        assertThat(run.segments()).hasSizeLessThanOrEqualTo(5).allSatisfy(segment -> assertThat(segment.lt() - segment.gte()).isGreaterThanOrEqualTo(1));
    }

    @Test
    void anEmptyRange_costsOneRequest() {
        SimulatedList list = new SimulatedList(0, i -> SINCE);
        Run run = read(list, SINCE, SINCE + 1_000);

        assertThat(run.ids()).isEmpty();
        assertThat(list.requests.get()).isEqualTo(1);
    }

    private record Run(List<FetchedPage> pages) {
        List<String> ids() {
            return pages.stream().flatMap(p -> p.records().stream()).map(r -> r.key().id()).toList();
        }

        Set<Segment> segments() {
            Set<Segment> segments = new HashSet<>();
            pages.forEach(p -> segments.add(p.segment()));
            return segments;
        }
    }

    private static Run read(SimulatedList list, long gte, long lt) {
        List<FetchedPage> pages = new ArrayList<>();
        StepVerifier.withVirtualTime(() -> {
                    list.budget = new RequestBudget(BUDGET, (int) (BUDGET / 10), VirtualTimeScheduler.get());
                    BackfillStreams streams = new BackfillStreams(type -> { });
                    Segment first = new Segment(STREAM, 0, gte, lt, null, 0);
                    streams.add(STREAM, StripeCatalog.get("customer"), gte, lt, List.of(first));
                    SegmentedReader reader = new SegmentedReader(list, "acct_test", null, PARALLELISM, streams,
                            new PipelineProgress("test", List.of("customer")));
                    return reader.read(List.of(first)).doOnNext(pages::add);
                })
                .thenAwait(Duration.ofMinutes(10))
                .thenConsumeWhile(page -> true)
                .verifyComplete();
        return new Run(pages);
    }

    /**
     * A list like Stripe's: newest first, {@code created[gte]}/{@code created[lt]} filters, the
     * {@code starting_after} cursor, each answer after the latency and each request under the
     * budget, as the real client sends them.
     */
    private static final class SimulatedList implements PageSource {
        private final List<Map<String, @Nullable Object>> newestFirst = new ArrayList<>();
        private final Map<String, Integer> position = new ConcurrentHashMap<>();
        private final AtomicInteger inFlight = new AtomicInteger();
        private final AtomicInteger maxInFlight = new AtomicInteger();
        private final AtomicInteger requests = new AtomicInteger();
        private volatile long lastAnswerNanos;
        private RequestBudget budget;

        SimulatedList(int objects, LongUnaryOperator createdOfIndex) {
            for (int i = 0; i < objects; i++) {
                Map<String, @Nullable Object> object = new LinkedHashMap<>();
                object.put("id", String.format("cus_%08d", i));
                object.put("object", "customer");
                object.put("created", createdOfIndex.applyAsLong(i));
                newestFirst.add(object);
            }
            newestFirst.sort(Comparator.comparing((Map<String, @Nullable Object> o) -> (Long) o.get("created"))
                    .thenComparing(o -> (String) o.get("id")).reversed());
            for (int i = 0; i < newestFirst.size(); i++) {
                position.put((String) newestFirst.get(i).get("id"), i);
            }
        }

        @Override
        public Mono<ListPage> list(String path, Map<String, String> params, @Nullable String startingAfter, int limit,
                                   @Nullable String account) {
            return budget.acquire()
                    .then(Mono.fromRunnable(() -> {
                        requests.incrementAndGet();
                        maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                    }))
                    .then(Mono.delay(LATENCY))
                    .map(tick -> {
                        inFlight.decrementAndGet();
                        lastAnswerNanos = VirtualTimeScheduler.get().now(TimeUnit.NANOSECONDS);
                        return page(Long.parseLong(params.get("created[gte]")), Long.parseLong(params.get("created[lt]")), startingAfter, limit);
                    });
        }

        private ListPage page(long gte, long lt, @Nullable String startingAfter, int limit) {
            int from = startingAfter == null ? 0 : position.get(startingAfter) + 1;
            List<Map<String, @Nullable Object>> data = new ArrayList<>();
            boolean more = false;
            for (int i = from; i < newestFirst.size(); i++) {
                long created = (Long) newestFirst.get(i).get("created");
                if (created >= lt) {
                    continue;
                }
                if (created < gte) {
                    break;
                }
                if (data.size() == limit) {
                    more = true;
                    break;
                }
                data.add(newestFirst.get(i));
            }
            return new ListPage(data, more, 0);
        }
    }
}
