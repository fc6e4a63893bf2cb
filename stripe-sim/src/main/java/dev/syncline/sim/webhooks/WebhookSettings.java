package dev.syncline.sim.webhooks;

import java.time.Clock;
import java.time.Duration;

/**
 * How the simulator delivers webhooks. Stripe retries for days in live mode and "three times over
 * a few hours" in a sandbox (stripe-api.md §3.3); the defaults keep that shape (one attempt plus
 * three retries, doubling backoff) at a pace tests can live with.
 */
public final class WebhookSettings {

    private static final WebhookSettings DEFAULTS = builder().build();

    private final int maxAttempts;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final int concurrency;
    private final Duration timeout;
    private final WebhookFaults faults;
    private final Clock signingClock;
    private final boolean testMode;

    private WebhookSettings(Builder builder) {
        this.maxAttempts = builder.maxAttempts;
        this.initialBackoff = builder.initialBackoff;
        this.maxBackoff = builder.maxBackoff;
        this.concurrency = builder.concurrency;
        this.timeout = builder.timeout;
        this.faults = builder.faults;
        this.signingClock = builder.signingClock;
        this.testMode = builder.testMode;
    }

    public static WebhookSettings defaults() {
        return DEFAULTS;
    }

    public static Builder builder() {
        return new Builder();
    }

    public int maxAttempts() {
        return maxAttempts;
    }

    /**
     * The wait before attempt {@code attempt + 1} after attempt {@code attempt} (1-based) failed:
     * {@code initialBackoff * 2^(attempt-1)}, capped at {@code maxBackoff}.
     */
    public Duration backoff(int attempt) {
        if (attempt < 1) {
            throw new IllegalArgumentException("attempts start at 1: " + attempt);
        }
        Duration wait = initialBackoff;
        for (int i = 1; i < attempt && wait.compareTo(maxBackoff) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(maxBackoff) > 0 ? maxBackoff : wait;
    }

    public int concurrency() {
        return concurrency;
    }

    public Duration timeout() {
        return timeout;
    }

    /** Faults for endpoints that do not set their own. */
    public WebhookFaults faults() {
        return faults;
    }

    /** Supplies the {@code t=} of each attempt; see {@link Builder#signingClock(Clock)}. */
    public Clock signingClock() {
        return signingClock;
    }

    public boolean testMode() {
        return testMode;
    }

    public static final class Builder {

        private int maxAttempts = 4;
        private Duration initialBackoff = Duration.ofSeconds(1);
        private Duration maxBackoff = Duration.ofMinutes(1);
        private int concurrency = 16;
        private Duration timeout = Duration.ofSeconds(10);
        private WebhookFaults faults = WebhookFaults.none();
        private Clock signingClock = Clock.systemUTC();
        private boolean testMode = true;

        private Builder() {}

        /** Attempts per event and endpoint, the first included; default 4. */
        public Builder maxAttempts(int maxAttempts) {
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("maxAttempts must be at least 1: " + maxAttempts);
            }
            this.maxAttempts = maxAttempts;
            return this;
        }

        /** Default 1 s doubling up to 1 min; tests typically use a few milliseconds. */
        public Builder backoff(Duration initial, Duration max) {
            if (initial.isNegative() || max.compareTo(initial) < 0) {
                throw new IllegalArgumentException("need 0 <= initial <= max: " + initial + ", " + max);
            }
            this.initialBackoff = initial;
            this.maxBackoff = max;
            return this;
        }

        /** Requests in flight at once across all endpoints; default 16. */
        public Builder concurrency(int concurrency) {
            if (concurrency < 1) {
                throw new IllegalArgumentException("concurrency must be at least 1: " + concurrency);
            }
            this.concurrency = concurrency;
            return this;
        }

        /** How long a receiver may take to answer before the attempt counts as failed; default 10 s. */
        public Builder timeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("timeout must be positive: " + timeout);
            }
            this.timeout = timeout;
            return this;
        }

        public Builder faults(WebhookFaults faults) {
            this.faults = faults;
            return this;
        }

        /**
         * The wall clock by default, not the simulator's (possibly shifted) clock: receivers check
         * {@code t} against their own clock with a 5-minute tolerance.
         */
        public Builder signingClock(Clock clock) {
            this.signingClock = clock;
            return this;
        }

        /** Whether to add Stripe's fake {@code v0} test-mode signature; default true (the simulator is test mode). */
        public Builder testMode(boolean testMode) {
            this.testMode = testMode;
            return this;
        }

        public WebhookSettings build() {
            return new WebhookSettings(this);
        }
    }
}
