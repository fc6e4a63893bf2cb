package dev.syncline.runner.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.syncline.runner.config.SynclineConfig;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LaneRetryTest {
    private static final SynclineConfig.Delivery FIVE_ATTEMPTS = new SynclineConfig.Delivery(5, Duration.ofSeconds(4),
            SynclineConfig.OnFailure.PAUSE);

    @Test
    void backoffDoublesUpToTheMaximum() {
        LaneRetry retry = new LaneRetry(FIVE_ATTEMPTS, () -> 1.0);

        assertThat(retry.backoff(1, Optional.empty())).isEqualTo(Duration.ofMillis(250));
        assertThat(retry.backoff(2, Optional.empty())).isEqualTo(Duration.ofMillis(500));
        assertThat(retry.backoff(4, Optional.empty())).isEqualTo(Duration.ofSeconds(2));
        assertThat(retry.backoff(5, Optional.empty())).isEqualTo(Duration.ofSeconds(4));
        assertThat(retry.backoff(500, Optional.empty())).as("paused for long").isEqualTo(Duration.ofSeconds(4));
    }

    @Test
    void jitterShortensTheWaitByAtMostHalf() {
        assertThat(new LaneRetry(FIVE_ATTEMPTS, () -> 0.0).backoff(5, Optional.empty())).isEqualTo(Duration.ofSeconds(2));
        assertThat(new LaneRetry(FIVE_ATTEMPTS).backoff(5, Optional.empty())).isBetween(Duration.ofSeconds(2), Duration.ofSeconds(4));
    }

    @Test
    void theDestinationsHintWins_shorterOrLonger_withinABound() {
        LaneRetry retry = new LaneRetry(FIVE_ATTEMPTS, () -> 1.0);

        assertThat(retry.backoff(1, Optional.of(Duration.ofSeconds(20)))).isEqualTo(Duration.ofSeconds(20));
        assertThat(retry.backoff(5, Optional.of(Duration.ofMillis(100)))).isEqualTo(Duration.ofMillis(100));
        assertThat(retry.backoff(1, Optional.of(Duration.ofDays(1)))).isEqualTo(LaneRetry.LONGEST_HINT);
    }

    @Test
    void attemptsAreUsedUpAtTheConfiguredCount() {
        LaneRetry retry = new LaneRetry(FIVE_ATTEMPTS);

        assertThat(retry.exhausted(4)).isFalse();
        assertThat(retry.exhausted(5)).isTrue();
    }
}
