package dev.syncline.sim.traffic;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Added to every response: {@code fixed} plus a uniform draw from {@code [0, jitter]}, which is
 * how a far-away API looks from a client's side (a floor set by distance, a tail set by load).
 */
public record Latency(Duration fixed, Duration jitter) {

    public static final Latency NONE = new Latency(Duration.ZERO, Duration.ZERO);

    public Latency {
        if (fixed.isNegative() || jitter.isNegative()) {
            throw new IllegalArgumentException("latency must not be negative: " + fixed + " + " + jitter);
        }
    }

    public boolean isNone() {
        return fixed.isZero() && jitter.isZero();
    }

    public Duration sample(RandomGenerator random) {
        if (jitter.isZero()) {
            return fixed;
        }
        return fixed.plusNanos(random.nextLong(jitter.toNanos() + 1));
    }
}
