package dev.syncline.sim.webhooks;

import java.time.Duration;

/**
 * Probabilities (0..1, drawn per event and endpoint) of the delivery misbehaviour Stripe warns
 * about (stripe-api.md §3.3, §3.4): an event delivered twice, an event held back and delivered
 * after a later one, a delivery delayed by {@code fixed + uniform[0, jitter]}, and an event never
 * delivered at all (it still shows in {@code /v1/events}, with {@code delivery_success=false}).
 */
public final class WebhookFaults {

    private static final WebhookFaults NONE = builder().build();

    private final double duplicateRate;
    private final double reorderRate;
    private final Duration reorderMaxHold;
    private final double delayRate;
    private final Duration delay;
    private final Duration delayJitter;
    private final double dropRate;

    private WebhookFaults(Builder builder) {
        this.duplicateRate = builder.duplicateRate;
        this.reorderRate = builder.reorderRate;
        this.reorderMaxHold = builder.reorderMaxHold;
        this.delayRate = builder.delayRate;
        this.delay = builder.delay;
        this.delayJitter = builder.delayJitter;
        this.dropRate = builder.dropRate;
    }

    public static WebhookFaults none() {
        return NONE;
    }

    public static Builder builder() {
        return new Builder();
    }

    public double duplicateRate() {
        return duplicateRate;
    }

    public double reorderRate() {
        return reorderRate;
    }

    /** A held-back event goes out after the next event to the same endpoint, or after this long if none comes. */
    public Duration reorderMaxHold() {
        return reorderMaxHold;
    }

    public double delayRate() {
        return delayRate;
    }

    public Duration delay() {
        return delay;
    }

    public Duration delayJitter() {
        return delayJitter;
    }

    public double dropRate() {
        return dropRate;
    }

    public boolean isNone() {
        return duplicateRate == 0 && reorderRate == 0 && delayRate == 0 && dropRate == 0;
    }

    @Override
    public String toString() {
        return "WebhookFaults[duplicate=" + duplicateRate + ", reorder=" + reorderRate + ", delay=" + delayRate
                + " (" + delay + " + [0, " + delayJitter + "]), drop=" + dropRate + "]";
    }

    /** All knobs default to 0. */
    public static final class Builder {

        private double duplicateRate;
        private double reorderRate;
        private Duration reorderMaxHold = Duration.ofSeconds(1);
        private double delayRate;
        private Duration delay = Duration.ZERO;
        private Duration delayJitter = Duration.ZERO;
        private double dropRate;

        private Builder() {}

        public Builder duplicate(double probability) {
            this.duplicateRate = probability(probability);
            return this;
        }

        public Builder reorder(double probability) {
            this.reorderRate = probability(probability);
            return this;
        }

        public Builder reorder(double probability, Duration maxHold) {
            this.reorderMaxHold = positive(maxHold);
            return reorder(probability);
        }

        public Builder delay(double probability, Duration fixed, Duration jitter) {
            this.delayRate = probability(probability);
            this.delay = notNegative(fixed);
            this.delayJitter = notNegative(jitter);
            return this;
        }

        public Builder drop(double probability) {
            this.dropRate = probability(probability);
            return this;
        }

        public WebhookFaults build() {
            return new WebhookFaults(this);
        }

        private static double probability(double p) {
            if (!(p >= 0 && p <= 1)) {
                throw new IllegalArgumentException("probability must be in [0, 1]: " + p);
            }
            return p;
        }

        private static Duration notNegative(Duration d) {
            if (d.isNegative()) {
                throw new IllegalArgumentException("duration must not be negative: " + d);
            }
            return d;
        }

        private static Duration positive(Duration d) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("duration must be positive: " + d);
            }
            return d;
        }
    }
}
