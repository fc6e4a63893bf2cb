package dev.syncline.connector.salesforce;

import static org.assertj.core.api.Assertions.assertThat;

import dev.syncline.connector.errors.RetriableConnectorException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** Pacing, retries and Bulk polling, in virtual time. */
class VirtualTimeTest {
    private final AtomicInteger attempts = new AtomicInteger();

    private Mono<String> failingTimes(int failures, @Nullable Duration retryAfter) {
        return Mono.defer(() -> attempts.incrementAndGet() <= failures
                ? Mono.error(new RetriableConnectorException("503 SERVER_UNAVAILABLE", null, retryAfter))
                : Mono.just("written"));
    }

    @Test
    void serverErrorsAreRetriedWithABackoffDoublingFromOneSecond() {
        StepVerifier.withVirtualTime(() -> failingTimes(3, null).retryWhen(Retries.of(5)))
                .expectSubscription()
                .expectNoEvent(Duration.ofMillis(6_999))
                .thenAwait(Duration.ofMillis(1))
                .expectNext("written")
                .verifyComplete();
        assertThat(attempts).hasValue(4);
    }

    @Test
    void afterMaxRetriesTheErrorGoesBackToTheLane() {
        StepVerifier.withVirtualTime(() -> failingTimes(10, null).retryWhen(Retries.of(2)))
                .expectSubscription()
                .thenAwait(Duration.ofSeconds(3))
                .expectError(RetriableConnectorException.class)
                .verify();
        assertThat(attempts).hasValue(3);
    }

    @Test
    void theDailyLimitIsNotWaitedOutHere_theLaneHoldsTheBatch() {
        StepVerifier.withVirtualTime(() -> failingTimes(1, Duration.ofMinutes(10)).retryWhen(Retries.of(5)))
                .expectSubscription()
                .expectError(RetriableConnectorException.class)
                .verify();
        assertThat(attempts).hasValue(1);
    }

    @Test
    void thePacerSendsAtOnceBelowTheSlowDownZone_andWaitsLongerCloserToTheMaximum() {
        ApiPacer pacer = new ApiPacer(90);
        pacer.observe(new ApiUsage(70_000, 100_000));
        StepVerifier.withVirtualTime(pacer::beforeRequest).expectSubscription().verifyComplete();

        pacer.observe(new ApiUsage(82_500, 100_000));
        assertThat(pacer.delay(82.5)).isEqualTo(Duration.ofMillis(2_500));
        StepVerifier.withVirtualTime(pacer::beforeRequest)
                .expectSubscription()
                .expectNoEvent(Duration.ofMillis(2_499))
                .thenAwait(Duration.ofMillis(1))
                .verifyComplete();
        assertThat(pacer.delay(89.99)).isLessThanOrEqualTo(ApiPacer.MAX_DELAY);
    }

    @Test
    void atTheMaximumThePacerHoldsOffTenMinutes_thenLetsOneRequestReadAFreshFigure() {
        StepVerifier.withVirtualTime(() -> {
                    ApiPacer pacer = new ApiPacer(90);
                    pacer.observe(new ApiUsage(90_000, 100_000));
                    return pacer.beforeRequest()
                            .onErrorResume(RetriableConnectorException.class, e -> {
                                assertThat(e.retryAfter()).contains(Duration.ofMinutes(10));
                                return pacer.beforeRequest().onErrorResume(RetriableConnectorException.class, again -> Mono.delay(Duration.ofMinutes(10))
                                        .then(pacer.beforeRequest()));
                            })
                            .thenReturn("sent");
                })
                .expectSubscription()
                .expectNoEvent(Duration.ofMinutes(10).minusMillis(1))
                .thenAwait(Duration.ofMillis(1))
                .expectNext("sent")
                .verifyComplete();
    }

    @Test
    void bulkJobsArePolledWithWaitsDoublingToTenSeconds() {
        List<Long> polls = new ArrayList<>();
        AtomicInteger left = new AtomicInteger(6);
        StepVerifier.withVirtualTime(() -> BulkPolling.untilDone(() -> Mono.fromCallable(() -> {
                    polls.add(reactor.core.scheduler.Schedulers.parallel().now(java.util.concurrent.TimeUnit.MILLISECONDS));
                    return Map.<String, @Nullable Object>of("state", left.decrementAndGet() > 0 ? "InProgress" : "JobComplete");
                }), Duration.ofMillis(1_000)))
                .expectSubscription()
                .thenAwait(Duration.ofMinutes(2))
                .assertNext(info -> assertThat(info).containsEntry("state", "JobComplete"))
                .verifyComplete();
        // 1 s, 2 s, 4 s, 8 s, then capped at 10 s.
        assertThat(polls).containsExactly(1_000L, 3_000L, 7_000L, 15_000L, 25_000L, 35_000L);
    }
}
