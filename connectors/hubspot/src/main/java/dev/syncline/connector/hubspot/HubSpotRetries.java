package dev.syncline.connector.hubspot;

import dev.syncline.connector.errors.RetriableConnectorException;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.util.retry.Retry;

/**
 * How one request answered as retriable is retried: after HubSpot's own hint when it gave one
 * (the rest of the ten-second window for a 429, at least 2 s for a 423, {@code Retry-After}),
 * otherwise after an exponential backoff from 0.5 s, capped at 30 s, with up to 20 % jitter so
 * that replicas that failed together do not retry together. Hints get no jitter: waiting longer
 * than the window only wastes budget, and the pacer already spreads what follows.
 */
final class HubSpotRetries {
    static final Duration FIRST_BACKOFF = Duration.ofMillis(500);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    private HubSpotRetries() {}

    static Retry of(int maxRetries) {
        return Retry.from(signals -> signals.concatMap(signal -> {
            if (!(signal.failure() instanceof RetriableConnectorException retriable) || signal.totalRetries() >= maxRetries) {
                return Mono.error(signal.failure());
            }
            Duration delay = retriable.retryAfter().orElseGet(() -> backoff(signal.totalRetries()));
            return Mono.delay(delay, Schedulers.parallel()).thenReturn(signal.totalRetries());
        }));
    }

    static Duration backoff(long retriesSoFar) {
        Duration base = FIRST_BACKOFF.multipliedBy(1L << Math.min(retriesSoFar, 6));
        Duration capped = base.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : base;
        return capped.plusMillis(ThreadLocalRandom.current().nextLong(capped.toMillis() / 5 + 1));
    }
}
