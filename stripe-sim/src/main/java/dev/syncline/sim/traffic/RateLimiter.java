package dev.syncline.sim.traffic;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Stripe's basic rate limiter: a budget of requests per second per account. A token bucket
 * holding one second of budget refills continuously, so a client that stays under the budget is
 * never limited while a sustained overload gets exactly the budget through and 429s for the rest.
 */
public final class RateLimiter {

    private final double perSecond;
    private final double capacity;
    private final LongSupplier nanoClock;
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    /** @param nanoClock monotonic nanoseconds, {@link System#nanoTime} outside tests */
    public RateLimiter(double perSecond, LongSupplier nanoClock) {
        if (!(perSecond > 0)) {
            throw new IllegalArgumentException("rate limit must be positive: " + perSecond);
        }
        this.perSecond = perSecond;
        this.capacity = Math.max(1.0, perSecond);
        this.nanoClock = nanoClock;
    }

    public double perSecond() {
        return perSecond;
    }

    /** Takes one request from the account's budget; false means answer 429. */
    public boolean tryAcquire(String account) {
        return buckets.computeIfAbsent(account, a -> new Bucket(capacity, nanoClock.getAsLong())).take();
    }

    private final class Bucket {
        private double tokens;
        private long refilledAt;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.refilledAt = now;
        }

        synchronized boolean take() {
            long now = nanoClock.getAsLong();
            tokens = Math.min(capacity, tokens + (now - refilledAt) * perSecond / 1e9);
            refilledAt = now;
            if (tokens >= 1.0) {
                tokens -= 1.0;
                return true;
            }
            return false;
        }
    }
}
