package dev.syncline.connector.salesforce;

import dev.syncline.connector.errors.RetriableConnectorException;
import java.time.Duration;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * How one request answered as retriable is retried: after an exponential backoff from 1 s,
 * capped at 60 s, at most {@code maxRetries} times. An error that asks for a longer wait than
 * {@link #LONGEST_WAIT} (the daily allocation used up) goes straight back to the runner's lane,
 * which holds the batch without keeping a request pending here. Other errors are not retried.
 */
final class Retries {
    static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(60);
    static final Duration LONGEST_WAIT = Duration.ofMinutes(1);

    private Retries() {}

    static Retry of(int maxRetries) {
        return Retry.from(signals -> signals.concatMap(signal -> {
            if (!(signal.failure() instanceof RetriableConnectorException retriable) || signal.totalRetries() >= maxRetries
                    || retriable.retryAfter().filter(d -> d.compareTo(LONGEST_WAIT) > 0).isPresent()) {
                return Mono.error(signal.failure());
            }
            Duration backoff = FIRST_BACKOFF.multipliedBy(1L << Math.min(signal.totalRetries(), 6));
            Duration delay = retriable.retryAfter().orElse(backoff.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff);
            return Mono.delay(delay).thenReturn(signal.totalRetries());
        }));
    }
}
