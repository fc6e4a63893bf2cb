package dev.syncline.sim.traffic;

import java.time.Duration;
import java.util.Random;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * Decides, per request, whether it is rate limited or hit by a fault, and delays the verdict by
 * the configured latency. The delay is a {@link Mono#delay} on Reactor's parallel scheduler, so
 * the event loop never sleeps and tests can run it in virtual time.
 */
public final class TrafficShaper {

    private final Latency latency;
    private final @Nullable RateLimiter rateLimiter;
    private final Faults faults;
    private final Random random;

    public TrafficShaper(Latency latency, double rateLimitPerSecond, Faults faults, long seed, LongSupplier nanoClock) {
        this.latency = latency;
        this.rateLimiter = rateLimitPerSecond > 0 ? new RateLimiter(rateLimitPerSecond, nanoClock) : null;
        this.faults = faults;
        this.random = new Random(seed);
    }

    public static TrafficShaper none() {
        return new TrafficShaper(Latency.NONE, 0, Faults.none(), 0, System::nanoTime);
    }

    /** True when every request passes at once, so the server can skip the reactive detour. */
    public boolean isTransparent() {
        return latency.isNone() && rateLimiter == null && faults.isNone();
    }

    /** Decided on arrival (that is when Stripe's limiter counts a request), delivered after the latency. */
    public Mono<Verdict> admit(String account) {
        Verdict verdict = decide(account);
        Duration delay = latency.isNone() ? Duration.ZERO : latency.sample(random);
        if (delay.isZero()) {
            return Mono.just(verdict);
        }
        return Mono.delay(delay).thenReturn(verdict);
    }

    Verdict decide(String account) {
        if (rateLimiter != null && !rateLimiter.tryAcquire(account)) {
            return new Verdict(Verdict.Kind.RATE_LIMITED, Duration.ZERO);
        }
        if (faults.isNone()) {
            return Verdict.PASS;
        }
        double draw = random.nextDouble();
        if ((draw -= faults.lockTimeoutRate()) < 0) {
            return new Verdict(Verdict.Kind.LOCK_TIMEOUT, Duration.ZERO);
        }
        if ((draw -= faults.serverErrorRate()) < 0) {
            return new Verdict(Verdict.Kind.SERVER_ERROR, Duration.ZERO);
        }
        if ((draw -= faults.connectionResetRate()) < 0) {
            return new Verdict(Verdict.Kind.CONNECTION_RESET, Duration.ZERO);
        }
        if (draw - faults.slowBodyRate() < 0) {
            return new Verdict(Verdict.Kind.SLOW_BODY, faults.slowBodyDuration());
        }
        return Verdict.PASS;
    }
}
