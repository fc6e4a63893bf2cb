package dev.syncline.sim.traffic;

import java.time.Duration;

/**
 * Probabilities (0..1, per request) of the failures a client of Stripe must survive. They are
 * drawn in this order and at most one applies to a request: a lock-timeout 429
 * ({@code Stripe-Should-Retry: true}), a 500 {@code api_error}, a connection reset before any
 * response byte, and a slow body that trickles the normal response out over {@link #slowBodyDuration()}.
 */
public final class Faults {

    private static final Faults NONE = builder().build();

    private final double lockTimeoutRate;
    private final double serverErrorRate;
    private final double connectionResetRate;
    private final double slowBodyRate;
    private final Duration slowBodyDuration;

    private Faults(Builder builder) {
        this.lockTimeoutRate = builder.lockTimeoutRate;
        this.serverErrorRate = builder.serverErrorRate;
        this.connectionResetRate = builder.connectionResetRate;
        this.slowBodyRate = builder.slowBodyRate;
        this.slowBodyDuration = builder.slowBodyDuration;
    }

    public static Faults none() {
        return NONE;
    }

    public static Builder builder() {
        return new Builder();
    }

    public double lockTimeoutRate() {
        return lockTimeoutRate;
    }

    public double serverErrorRate() {
        return serverErrorRate;
    }

    public double connectionResetRate() {
        return connectionResetRate;
    }

    public double slowBodyRate() {
        return slowBodyRate;
    }

    public Duration slowBodyDuration() {
        return slowBodyDuration;
    }

    public boolean isNone() {
        return lockTimeoutRate == 0 && serverErrorRate == 0 && connectionResetRate == 0 && slowBodyRate == 0;
    }

    @Override
    public String toString() {
        return "Faults[lockTimeout=" + lockTimeoutRate + ", serverError=" + serverErrorRate + ", connectionReset="
                + connectionResetRate + ", slowBody=" + slowBodyRate + " over " + slowBodyDuration + "]";
    }

    /** All rates default to 0. */
    public static final class Builder {

        private double lockTimeoutRate;
        private double serverErrorRate;
        private double connectionResetRate;
        private double slowBodyRate;
        private Duration slowBodyDuration = Duration.ofSeconds(2);

        private Builder() {}

        public Builder lockTimeout(double rate) {
            this.lockTimeoutRate = rate(rate);
            return this;
        }

        public Builder serverError(double rate) {
            this.serverErrorRate = rate(rate);
            return this;
        }

        public Builder connectionReset(double rate) {
            this.connectionResetRate = rate(rate);
            return this;
        }

        /** The whole body takes {@code duration} to arrive, in ten evenly spaced chunks. */
        public Builder slowBody(double rate, Duration duration) {
            if (duration.isNegative()) {
                throw new IllegalArgumentException("slow body duration must not be negative: " + duration);
            }
            this.slowBodyRate = rate(rate);
            this.slowBodyDuration = duration;
            return this;
        }

        public Faults build() {
            if (lockTimeoutRate + serverErrorRate + connectionResetRate + slowBodyRate > 1.0 + 1e-9) {
                throw new IllegalArgumentException("fault rates add up to more than 1");
            }
            return new Faults(this);
        }

        private static double rate(double rate) {
            if (!(rate >= 0 && rate <= 1)) {
                throw new IllegalArgumentException("rate must be within 0..1: " + rate);
            }
            return rate;
        }
    }
}
