package dev.syncline.connector.hubspot;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

/** The pacer in virtual time: its burst, its steady rate, and no ten-second window above 90 % of the limit. */
class RequestPacerTest {
    @Test
    void aStarterAppBurstsNineThenSendsEvery123Milliseconds() {
        StepVerifier.withVirtualTime(() -> {
                    RequestPacer pacer = new RequestPacer(100);
                    return Flux.range(0, 11).concatMap(i -> pacer.acquire().thenReturn(i));
                })
                .expectSubscription()
                .expectNext(0, 1, 2, 3, 4, 5, 6, 7, 8)
                .expectNoEvent(Duration.ofMillis(122))
                .thenAwait(Duration.ofMillis(2))
                .expectNext(9)
                .expectNoEvent(Duration.ofMillis(121))
                .thenAwait(Duration.ofMillis(3))
                .expectNext(10)
                .verifyComplete();
    }

    @Test
    void noRollingTenSecondsHoldMoreThanNinetyPercentOfTheTiersLimit() {
        for (Tier tier : Tier.values()) {
            List<Long> sentAt = new ArrayList<>();
            StepVerifier.withVirtualTime(() -> {
                        RequestPacer pacer = new RequestPacer(tier.perTenSeconds());
                        return Flux.range(0, tier.perTenSeconds() * 4)
                                .concatMap(i -> pacer.acquire().doOnSuccess(v -> sentAt.add(Schedulers.parallel().now(TimeUnit.MILLISECONDS))));
                    })
                    .thenAwait(Duration.ofMinutes(2))
                    .verifyComplete();
            int worst = 0;
            for (int i = 0; i < sentAt.size(); i++) {
                int j = i;
                while (j < sentAt.size() && sentAt.get(j) - sentAt.get(i) < 10_000) {
                    j++;
                }
                worst = Math.max(worst, j - i);
            }
            assertThat(worst).as("most requests in ten seconds, %s", tier).isLessThanOrEqualTo((int) (tier.perTenSeconds() * 0.9));
            assertThat(worst).as("the budget is used, %s", tier).isGreaterThanOrEqualTo((int) (tier.perTenSeconds() * 0.85));
        }
    }

    @Test
    void whenHubSpotSaysLessIsLeftTheBucketGivesUpTheDifference() {
        StepVerifier.withVirtualTime(() -> {
                    RequestPacer pacer = new RequestPacer(100);
                    pacer.observeRemaining(2);
                    return Flux.range(0, 3).concatMap(i -> pacer.acquire().thenReturn(i));
                })
                .expectSubscription()
                .expectNext(0, 1)
                .expectNoEvent(Duration.ofMillis(100))
                .thenAwait(Duration.ofSeconds(1))
                .expectNext(2)
                .verifyComplete();
    }
}
