package dev.syncline.sim.traffic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

    private final AtomicLong nanos = new AtomicLong();

    @Test
    void sustainedOverloadGetsTheBudgetThroughAndRejectsTheRestWithinTenPercent() {
        RateLimiter limiter = new RateLimiter(25, nanos::get);
        int offered = 0;
        int accepted = 0;
        // 100 requests/s offered against a 25/s budget, for 60 simulated seconds.
        for (int i = 0; i < 6_000; i++) {
            nanos.addAndGet(10_000_000);
            offered++;
            if (limiter.tryAcquire("acct_a")) {
                accepted++;
            }
        }
        double rejectedShare = 1.0 - (double) accepted / offered;
        assertThat(rejectedShare).isCloseTo(0.75, within(0.075));
        assertThat(accepted / 60.0).isCloseTo(25.0, within(2.5));
    }

    @Test
    void clientsUnderTheBudgetAreNeverLimited() {
        RateLimiter limiter = new RateLimiter(100, nanos::get);
        for (int i = 0; i < 5_000; i++) {
            nanos.addAndGet(11_000_000);
            assertThat(limiter.tryAcquire("acct_a")).isTrue();
        }
    }

    @Test
    void aBurstOfOneSecondsBudgetPassesThenRequestsAreRejected() {
        RateLimiter limiter = new RateLimiter(10, nanos::get);
        for (int i = 0; i < 10; i++) {
            assertThat(limiter.tryAcquire("acct_a")).isTrue();
        }
        assertThat(limiter.tryAcquire("acct_a")).isFalse();
        nanos.addAndGet(100_000_000);
        assertThat(limiter.tryAcquire("acct_a")).isTrue();
    }

    @Test
    void eachAccountHasItsOwnBudget() {
        RateLimiter limiter = new RateLimiter(2, nanos::get);
        assertThat(limiter.tryAcquire("acct_a")).isTrue();
        assertThat(limiter.tryAcquire("acct_a")).isTrue();
        assertThat(limiter.tryAcquire("acct_a")).isFalse();
        assertThat(limiter.tryAcquire("acct_b")).isTrue();
    }
}
