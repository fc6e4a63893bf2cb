package dev.syncline.connector.httpsink;

import dev.syncline.connector.errors.RetriableConnectorException;
import java.time.Duration;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * How the connector retries a batch the endpoint answered as retriable: exactly after the
 * endpoint's {@code Retry-After} when it sent one (it knows its own load), otherwise after an
 * exponential backoff from 0.5 s, capped at 30 s. Other errors are not retried.
 */
final class Retries {
    static final Duration FIRST_BACKOFF = Duration.ofMillis(500);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    private Retries() {}

    static Retry of(int maxRetries) {
        return Retry.from(signals -> signals.concatMap(signal -> {
            if (!(signal.failure() instanceof RetriableConnectorException retriable) || signal.totalRetries() >= maxRetries) {
                return Mono.error(signal.failure());
            }
            Duration backoff = FIRST_BACKOFF.multipliedBy(1L << Math.min(signal.totalRetries(), 6));
            Duration delay = retriable.retryAfter().orElse(backoff.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff);
            return Mono.delay(delay).thenReturn(signal.totalRetries());
        }));
    }
}
