package dev.syncline.runner.stripe;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

class RequestBudgetTest {
    @Test
    void burstGoesAtOnce_thenRequestsAreSpacedByTheRate() {
        StepVerifier.withVirtualTime(() -> {
                    RequestBudget budget = new RequestBudget(10, 3, VirtualTimeScheduler.get());
                    return Flux.range(0, 5).concatMap(i -> budget.acquire().thenReturn(i));
                })
                .expectSubscription()
                .expectNext(0, 1, 2)
                .expectNoEvent(Duration.ofMillis(99))
                .thenAwait(Duration.ofMillis(1))
                .expectNext(3)
                .expectNoEvent(Duration.ofMillis(99))
                .thenAwait(Duration.ofMillis(1))
                .expectNext(4)
                .expectComplete()
                .verify(Duration.ofSeconds(10));
    }

    @Test
    void concurrentStreams_shareOneBudget() {
        StepVerifier.withVirtualTime(() -> {
                    RequestBudget budget = new RequestBudget(100, 1, VirtualTimeScheduler.get());
                    Flux<Integer> streamA = Flux.range(0, 50).concatMap(i -> budget.acquire().thenReturn(i));
                    Flux<Integer> streamB = Flux.range(0, 50).concatMap(i -> budget.acquire().thenReturn(i));
                    return Flux.merge(streamA, streamB).count();
                })
                .expectSubscription()
                // 100 requests at 100/s with no burst: the last is granted at 0.99 s, not before.
                .expectNoEvent(Duration.ofMillis(980))
                .thenAwait(Duration.ofMillis(20))
                .expectNext(100L)
                .expectComplete()
                .verify(Duration.ofSeconds(10));
    }

    @Test
    void aChangedRate_spacesTheNextRequestsByTheNewRate() {
        RequestBudget[] budget = new RequestBudget[1];
        StepVerifier.withVirtualTime(() -> {
                    budget[0] = new RequestBudget(10, 1, VirtualTimeScheduler.get());
                    return Flux.range(0, 4).concatMap(i -> budget[0].acquire().thenReturn(i));
                })
                .expectSubscription()
                .expectNext(0)
                .then(() -> budget[0].rate(5)) // a second replica joined: half the budget each
                .expectNoEvent(Duration.ofMillis(99))
                .thenAwait(Duration.ofMillis(1))
                .expectNext(1) // reserved at the old rate, before the change
                .expectNoEvent(Duration.ofMillis(99))
                .thenAwait(Duration.ofMillis(1))
                .expectNext(2) // the gap after a slot is set when the slot is reserved: 1's was at the old rate
                .expectNoEvent(Duration.ofMillis(199))
                .thenAwait(Duration.ofMillis(1))
                .expectNext(3)
                .expectComplete()
                .verify(Duration.ofSeconds(10));
        org.assertj.core.api.Assertions.assertThat(budget[0].rate()).isEqualTo(5);
    }
}
