package dev.syncline.connector.hubspot;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * A token bucket sized so that no rolling ten-second window can hold more than 90 % of the app's
 * limit: a burst of a tenth of that budget, refilled at the rest over ten seconds. A plain bucket
 * of the whole limit refilled every ten seconds would allow twice the limit across a window
 * boundary, which is exactly the 429 storm this avoids. The 10 % headroom absorbs the clock
 * difference between this bucket and HubSpot's window.
 *
 * <p>Time comes from {@link Schedulers#parallel()}, read on every call, so tests run it in
 * virtual time. Thread-safe.
 */
final class RequestPacer {
    private final long intervalNanos;
    private final long burstNanos;
    private final int burst;
    // The theoretical arrival time of the next request (GCRA form of the token bucket).
    private long nextNanos = Long.MIN_VALUE;

    /** Paces under {@code limitPerTenSeconds} requests per rolling ten seconds. */
    RequestPacer(int limitPerTenSeconds) {
        int budget = Math.max(1, (int) Math.floor(limitPerTenSeconds * 0.9));
        this.burst = Math.max(1, budget / 10);
        int refilled = Math.max(1, budget - burst);
        this.intervalNanos = TimeUnit.SECONDS.toNanos(10) / refilled;
        this.burstNanos = (burst - 1) * intervalNanos;
    }

    /** The largest burst sent without waiting. */
    int burst() {
        return burst;
    }

    /** The steady rate, one request per this interval. */
    Duration interval() {
        return Duration.ofNanos(intervalNanos);
    }

    /** Completes when the next request may be sent. */
    Mono<Void> acquire() {
        return Mono.defer(() -> {
            Duration wait = reserve();
            return wait.isZero() ? Mono.empty() : Mono.delay(wait, Schedulers.parallel()).then();
        });
    }

    /**
     * HubSpot's own count of what is left in its window: when it says less than the bucket holds
     * (another client of the same app spends it too), the bucket gives the difference up.
     */
    synchronized void observeRemaining(int remaining) {
        long now = now();
        long available = Math.max(0, (now + burstNanos - Math.max(nextNanos, now)) / intervalNanos + 1);
        if (remaining < available) {
            nextNanos = Math.max(nextNanos, now) + (available - remaining) * intervalNanos;
        }
    }

    private synchronized Duration reserve() {
        long now = now();
        long tat = Math.max(nextNanos, now);
        long allowedAt = tat - burstNanos;
        nextNanos = tat + intervalNanos;
        return allowedAt <= now ? Duration.ZERO : Duration.ofNanos(allowedAt - now);
    }

    private static long now() {
        return Schedulers.parallel().now(TimeUnit.NANOSECONDS);
    }
}
