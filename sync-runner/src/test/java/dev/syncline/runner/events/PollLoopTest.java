package dev.syncline.runner.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

/** The poll interval loop, in virtual time. */
class PollLoopTest {
    private static final Duration MINUTE = Duration.ofMinutes(1);

    @Test
    void pollsAtStartAndAtEveryTick_andAFailedPollDoesNotEndTheLoop() {
        AtomicInteger polls = new AtomicInteger();
        List<Throwable> failures = new ArrayList<>();

        StepVerifier.withVirtualTime(() -> PollLoop.every(MINUTE, () -> {
                    int poll = polls.incrementAndGet();
                    return poll == 2 ? Mono.error(new IllegalStateException("Stripe is down")) : Mono.just((long) poll);
                }, failures::add))
                .expectSubscription()
                .expectNext(1L)
                .thenAwait(MINUTE)
                .expectNoEvent(Duration.ofSeconds(59))
                .thenAwait(Duration.ofSeconds(1))
                .expectNext(3L)
                .thenAwait(MINUTE)
                .expectNext(4L)
                .thenCancel()
                .verify(Duration.ofSeconds(5));

        assertThat(failures).singleElement().satisfies(e -> assertThat(e).hasMessage("Stripe is down"));
    }

    @Test
    void aPollSlowerThanTheInterval_isNeverJoinedByASecondOne_andTheTicksDuringItAreSkipped() {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        List<Long> startedAt = new CopyOnWriteArrayList<>();

        StepVerifier.withVirtualTime(() -> PollLoop.every(MINUTE, () -> {
                    startedAt.add(Schedulers.parallel().now(TimeUnit.SECONDS));
                    mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
                    return Mono.delay(Duration.ofSeconds(150)).thenReturn(1L).doFinally(s -> running.decrementAndGet());
                }, e -> { }))
                .expectSubscription()
                .thenAwait(Duration.ofMinutes(9))
                .expectNextCount(3)
                .thenCancel()
                .verify(Duration.ofSeconds(5));

        assertThat(mostAtOnce).hasValue(1);
        // Each poll takes 150 s: the ticks at 60, 120, 240 and 300 s fall during one and are dropped,
        // so the next poll waits for the next tick instead of starting the moment the last one ended.
        assertThat(startedAt).startsWith(0L, 180L, 360L);
    }

    @Test
    void aZeroIntervalPollsOnceAtStart_evenWhenThatPollFails() {
        List<Throwable> failures = new ArrayList<>();

        StepVerifier.create(PollLoop.every(Duration.ZERO, () -> Mono.error(new IllegalStateException("no")), failures::add))
                .verifyComplete();
        StepVerifier.create(PollLoop.every(Duration.ZERO, () -> Mono.just(7L), failures::add))
                .expectNext(7L)
                .verifyComplete();

        assertThat(failures).hasSize(1);
    }
}
