package dev.syncline.sim.traffic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

class TrafficShaperTest {

    @Test
    void fixedLatencyHoldsTheVerdictBackForExactlyThatLong() {
        StepVerifier.withVirtualTime(() -> new TrafficShaper(
                        new Latency(Duration.ofMillis(300), Duration.ZERO), 0, Faults.none(), 1, System::nanoTime)
                        .admit("acct_a"))
                .expectSubscription()
                .expectNoEvent(Duration.ofMillis(299))
                .thenAwait(Duration.ofMillis(1))
                .expectNext(Verdict.PASS)
                .verifyComplete();
    }

    @Test
    void jitterAddsAtMostItsBoundOnTopOfTheFixedPart() {
        StepVerifier.withVirtualTime(() -> new TrafficShaper(
                        new Latency(Duration.ofMillis(100), Duration.ofMillis(50)), 0, Faults.none(), 3,
                        System::nanoTime)
                        .admit("acct_a"))
                .expectSubscription()
                .expectNoEvent(Duration.ofMillis(99))
                .thenAwait(Duration.ofMillis(51))
                .expectNext(Verdict.PASS)
                .verifyComplete();
    }

    @Test
    void latencySamplesSpreadUniformlyOverTheJitterRange() {
        Latency latency = new Latency(Duration.ofMillis(10), Duration.ofMillis(20));
        SplittableRandom random = new SplittableRandom(5);
        double sumMillis = 0;
        for (int i = 0; i < 10_000; i++) {
            Duration sample = latency.sample(random);
            assertThat(sample).isBetween(Duration.ofMillis(10), Duration.ofMillis(30));
            sumMillis += sample.toNanos() / 1e6;
        }
        assertThat(sumMillis / 10_000).isCloseTo(20.0, within(0.5));
    }

    @Test
    void withoutKnobsEveryRequestPassesAtOnce() {
        TrafficShaper shaper = TrafficShaper.none();
        assertThat(shaper.isTransparent()).isTrue();
        StepVerifier.create(shaper.admit("acct_a")).expectNext(Verdict.PASS).verifyComplete();
    }

    @Test
    void faultsHappenAtTheirConfiguredRates() {
        Faults faults = Faults.builder()
                .lockTimeout(0.05)
                .serverError(0.10)
                .connectionReset(0.15)
                .slowBody(0.20, Duration.ofSeconds(1))
                .build();
        TrafficShaper shaper = new TrafficShaper(Latency.NONE, 0, faults, 11, System::nanoTime);
        Map<Verdict.Kind, Integer> counts = new EnumMap<>(Verdict.Kind.class);
        int n = 40_000;
        for (int i = 0; i < n; i++) {
            counts.merge(shaper.decide("acct_a").kind(), 1, Integer::sum);
        }
        assertThat(counts.get(Verdict.Kind.LOCK_TIMEOUT) / (double) n).isCloseTo(0.05, within(0.005));
        assertThat(counts.get(Verdict.Kind.SERVER_ERROR) / (double) n).isCloseTo(0.10, within(0.01));
        assertThat(counts.get(Verdict.Kind.CONNECTION_RESET) / (double) n).isCloseTo(0.15, within(0.015));
        assertThat(counts.get(Verdict.Kind.SLOW_BODY) / (double) n).isCloseTo(0.20, within(0.02));
        assertThat(counts.get(Verdict.Kind.PASS) / (double) n).isCloseTo(0.50, within(0.05));
    }

    @Test
    void slowBodyVerdictsCarryTheConfiguredDuration() {
        TrafficShaper shaper = new TrafficShaper(
                Latency.NONE, 0, Faults.builder().slowBody(1.0, Duration.ofMillis(700)).build(), 1, System::nanoTime);
        assertThat(shaper.decide("acct_a")).isEqualTo(new Verdict(Verdict.Kind.SLOW_BODY, Duration.ofMillis(700)));
    }

    @Test
    void rateLimitingIsDecidedBeforeFaults() {
        TrafficShaper shaper = new TrafficShaper(
                Latency.NONE, 1, Faults.builder().serverError(1.0).build(), 1, () -> 0L);
        assertThat(shaper.decide("acct_a").kind()).isEqualTo(Verdict.Kind.SERVER_ERROR);
        assertThat(shaper.decide("acct_a").kind()).isEqualTo(Verdict.Kind.RATE_LIMITED);
    }
}
