package dev.syncline.connector.hubspot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.syncline.connector.errors.PermanentConnectorException;
import dev.syncline.connector.errors.RetriableConnectorException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** The retry policy in virtual time. */
class HubSpotRetriesTest {
    private final AtomicInteger attempts = new AtomicInteger();

    private Mono<String> failingTimes(int failures, @Nullable Duration hint) {
        return Mono.defer(() -> attempts.incrementAndGet() <= failures
                ? Mono.error(new RetriableConnectorException("HubSpot answered 429", null, hint))
                : Mono.just("written"));
    }

    @Test
    void aTenSecondlyLimitIsRetriedAfterTheWindowExactly() {
        StepVerifier.withVirtualTime(() -> failingTimes(1, Duration.ofSeconds(10)).retryWhen(HubSpotRetries.of(6)))
                .expectSubscription()
                .expectNoEvent(Duration.ofMillis(9_999))
                .thenAwait(Duration.ofMillis(1))
                .expectNext("written")
                .verifyComplete();
    }

    @Test
    void aLockIsRetriedAfterTwoSeconds() {
        StepVerifier.withVirtualTime(() -> failingTimes(2, HubSpotErrorClassifier.LOCK_PAUSE).retryWhen(HubSpotRetries.of(6)))
                .expectSubscription()
                .expectNoEvent(Duration.ofMillis(3_999))
                .thenAwait(Duration.ofMillis(1))
                .expectNext("written")
                .verifyComplete();
    }

    @Test
    void withoutAHintTheBackoffDoublesFromHalfASecondWithAtMostTwentyPercentJitter() {
        // 0.5 + 1 + 2 s, each up to 20 % longer.
        StepVerifier.withVirtualTime(() -> failingTimes(3, null).retryWhen(HubSpotRetries.of(6)))
                .expectSubscription()
                .expectNoEvent(Duration.ofMillis(3_499))
                .thenAwait(Duration.ofMillis(3_500 / 5 + 2))
                .expectNext("written")
                .verifyComplete();
    }

    @Test
    void afterMaxRetriesTheErrorGoesBackToTheRunner() {
        StepVerifier.withVirtualTime(() -> failingTimes(10, Duration.ofSeconds(1)).retryWhen(HubSpotRetries.of(2)))
                .expectSubscription()
                .thenAwait(Duration.ofSeconds(2))
                .expectError(RetriableConnectorException.class)
                .verify();
        assertThat(attempts).hasValue(3);
    }

    @Test
    void aPermanentErrorIsNotRetried() {
        StepVerifier.withVirtualTime(() -> Mono.defer(() -> {
                    attempts.incrementAndGet();
                    return Mono.<String>error(new PermanentConnectorException("DAILY"));
                }).retryWhen(HubSpotRetries.of(6)))
                .expectError(PermanentConnectorException.class)
                .verify();
        assertThat(attempts).hasValue(1);
    }
}
