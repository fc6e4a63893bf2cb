package dev.syncline.connector.httpsink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.syncline.connector.errors.PermanentConnectorException;
import dev.syncline.connector.errors.RetriableConnectorException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

class RetriesTest {
    private final AtomicInteger attempts = new AtomicInteger();

    private Mono<String> failingTimes(int failures, @Nullable Duration retryAfter) {
        return Mono.defer(() -> attempts.incrementAndGet() <= failures
                ? Mono.error(new RetriableConnectorException("HTTP 429", null, retryAfter))
                : Mono.just("written"));
    }

    @Test
    void aRetryAfterIsHonouredExactly() {
        StepVerifier.withVirtualTime(() -> failingTimes(2, Duration.ofSeconds(120)).retryWhen(Retries.of(5)))
                .expectSubscription()
                .expectNoEvent(Duration.ofSeconds(239))
                .thenAwait(Duration.ofSeconds(1))
                .expectNext("written")
                .verifyComplete();
    }

    @Test
    void withoutAHintTheBackoffDoublesFromHalfASecond() {
        StepVerifier.withVirtualTime(() -> failingTimes(3, null).retryWhen(Retries.of(5)))
                .expectSubscription()
                .expectNoEvent(Duration.ofMillis(3_499))
                .thenAwait(Duration.ofMillis(1))
                .expectNext("written")
                .verifyComplete();
    }

    @Test
    void afterMaxRetriesTheLastErrorGoesBackToTheRunner() {
        StepVerifier.withVirtualTime(() -> failingTimes(10, Duration.ofSeconds(1)).retryWhen(Retries.of(2)))
                .expectSubscription()
                .thenAwait(Duration.ofSeconds(2))
                .expectError(RetriableConnectorException.class)
                .verify();
    }

    @Test
    void aPermanentErrorIsNotRetried() {
        StepVerifier.withVirtualTime(() -> Mono.defer(() -> {
                    attempts.incrementAndGet();
                    return Mono.<String>error(new PermanentConnectorException("HTTP 401"));
                }).retryWhen(Retries.of(5)))
                .expectError(PermanentConnectorException.class)
                .verify();
        assertThat(attempts).hasValue(1);
    }
}
