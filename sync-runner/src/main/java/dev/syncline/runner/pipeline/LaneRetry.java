package dev.syncline.runner.pipeline;

import dev.syncline.runner.config.SynclineConfig;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * How long a lane waits before it writes a batch again, and when its attempts are used up.
 *
 * <p>Exponential from {@link #FIRST}, capped at the pipeline's {@code retry.max-backoff-seconds}
 * and jittered down by up to half, so lanes (and replicas) that failed together do not retry
 * together. A destination's own hint ({@code Retry-After}) wins over the computed wait, whether
 * shorter or longer: the destination knows when it can take the batch. It is bounded by
 * {@link #LONGEST_HINT} so that a bogus hint cannot stall a lane for a day.
 */
final class LaneRetry {
    static final Duration FIRST = Duration.ofMillis(250);
    static final Duration LONGEST_HINT = Duration.ofMinutes(15);

    private final SynclineConfig.Delivery delivery;
    private final DoubleSupplier random;

    LaneRetry(SynclineConfig.Delivery delivery) {
        this(delivery, () -> ThreadLocalRandom.current().nextDouble());
    }

    LaneRetry(SynclineConfig.Delivery delivery, DoubleSupplier random) {
        this.delivery = delivery;
        this.random = random;
    }

    /** Whether {@code attempts} writes used up the pipeline's attempts. */
    boolean exhausted(int attempts) {
        return attempts >= delivery.attempts();
    }

    /**
     * The wait after {@code attempts} failed writes (1 after the first).
     *
     * @param hint when the destination asked to be tried again, if it did
     */
    Duration backoff(int attempts, Optional<Duration> hint) {
        if (hint.isPresent() && !hint.get().isNegative()) {
            return hint.get().compareTo(LONGEST_HINT) > 0 ? LONGEST_HINT : hint.get();
        }
        long max = delivery.maxBackoff().toMillis();
        long exponential = FIRST.toMillis() << Math.min(Math.max(attempts - 1, 0), 20);
        long capped = Math.min(max, exponential);
        return Duration.ofMillis(Math.round(capped * (0.5 + 0.5 * random.getAsDouble())));
    }
}
