package dev.syncline.runner.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;
import reactor.test.publisher.TestPublisher;

class BatchesTest {
    private static final Duration WAIT = Duration.ofSeconds(1);

    @Test
    void fullBatchesThenTheRestOnCompletion() {
        StepVerifier.create(Batches.of(Flux.range(1, 25), 10, WAIT))
                .expectNext(range(1, 10), range(11, 20), range(21, 25))
                .verifyComplete();
    }

    @Test
    void aBatchThatDoesNotFillIsEmittedItsWaitAfterItsFirstElement() {
        StepVerifier.withVirtualTime(() -> Batches.of(
                        Flux.concat(Flux.range(1, 3), Mono.delay(Duration.ofMillis(400)).thenMany(Flux.range(4, 2)), Flux.never()), 10, WAIT))
                .expectSubscription()
                .expectNoEvent(Duration.ofMillis(999))
                .thenAwait(Duration.ofMillis(1))
                .expectNext(range(1, 5))
                .expectNoEvent(Duration.ofSeconds(5))
                .thenCancel()
                .verify(Duration.ofSeconds(10));
    }

    @Test
    void readsOnlyForTheBatchesAskedFor() {
        AtomicLong requested = new AtomicLong();
        Flux<Integer> source = Flux.range(1, 10_000).doOnRequest(requested::addAndGet);
        StepVerifier.create(Batches.of(source, 100, WAIT), 0)
                .expectSubscription()
                .then(() -> assertThat(requested).hasValue(0))
                .thenRequest(1)
                .expectNext(range(1, 100))
                .then(() -> assertThat(requested).hasValue(100))
                .thenRequest(2)
                .expectNext(range(101, 200), range(201, 300))
                .then(() -> assertThat(requested).hasValue(300))
                .thenCancel()
                .verify(Duration.ofSeconds(10));
    }

    @Test
    void anOverdueBatchWithoutDemandWaitsAndNothingMoreIsRead() {
        TestPublisher<Integer> source = TestPublisher.create();
        StepVerifier.withVirtualTime(() -> Batches.of(source.flux(), 10, WAIT), 1)
                .expectSubscription()
                .then(() -> source.next(1, 2, 3))
                .thenAwait(WAIT)
                .expectNext(List.of(1, 2, 3))
                // The rest of what the first batch asked for arrives with no demand: it waits its time, then as a batch.
                .then(() -> source.next(4, 5, 6, 7))
                .thenAwait(Duration.ofSeconds(5))
                .then(() -> source.assertMinRequested(3).assertMaxRequested(3))
                .thenRequest(1)
                .expectNext(List.of(4, 5, 6, 7))
                .then(() -> source.assertMinRequested(3).assertMaxRequested(3))
                .then(source::complete)
                .expectComplete()
                .verify(Duration.ofSeconds(10));
    }

    @Test
    void anErrorIsPassedOnAndCancellingCancelsUpstream() {
        StepVerifier.create(Batches.of(Flux.concat(Flux.range(1, 3), Flux.error(new IllegalStateException("boom"))), 10, WAIT))
                .verifyErrorMessage("boom");

        AtomicBoolean cancelled = new AtomicBoolean();
        StepVerifier.create(Batches.of(Flux.<Integer>never().doOnCancel(() -> cancelled.set(true)), 10, WAIT))
                .thenCancel()
                .verify(Duration.ofSeconds(10));
        assertThat(cancelled).isTrue();
    }

    @Test
    void everyElementOnceAndInOrderWithUpstreamDownstreamAndTimerOnTheirOwnThreads() {
        List<Integer> received = new CopyOnWriteArrayList<>();
        int count = 200_000;
        Flux<Integer> source = Flux.range(0, count)
                .publishOn(Schedulers.boundedElastic(), 64)
                // Gaps now and then, so some batches leave on the timer rather than full.
                .concatMap(i -> i % 5_000 == 0 ? Mono.delay(Duration.ofMillis(3)).thenReturn(i) : Mono.just(i), 0);
        StepVerifier.create(Batches.of(source, 500, Duration.ofMillis(1))
                        .concatMap(batch -> Mono.fromRunnable(() -> received.addAll(batch)).subscribeOn(Schedulers.parallel())
                                .thenReturn(batch.size()), 0))
                .thenConsumeWhile(size -> size > 0 && size <= 500)
                .expectComplete()
                .verify(Duration.ofSeconds(60));
        assertThat(received).containsExactlyElementsOf(IntStream.range(0, count).boxed().toList());
    }

    private static List<Integer> range(int first, int last) {
        return IntStream.rangeClosed(first, last).boxed().toList();
    }
}
