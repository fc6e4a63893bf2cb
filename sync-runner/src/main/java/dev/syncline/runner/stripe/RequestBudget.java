package dev.syncline.runner.stripe;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The Stripe request budget of one account: a token bucket (as a virtual schedule, GCRA) that
 * every stream of that account draws from, so their sum never exceeds the configured rate.
 * Waiting is a timer, never a blocked thread.
 *
 * <p>The timer runs on its own thread ({@code stripe-budget}) by default: on a shared scheduler a
 * slot that comes due waits behind whatever that thread is doing (decoding pages, delivery), and
 * once it is late by more than the burst the slot is lost for good, so the budget goes partly
 * unused while requests are waiting for it.
 */
public final class RequestBudget {
    /** The one timer thread of every budget: granting a slot is tiny work, so one thread serves them all. */
    private static final Scheduler TIMER = Schedulers.newSingle("stripe-budget", true);

    private final int burst;
    /** Changed together by {@link #rate(double)}; a reservation reads one consistent pair. */
    private volatile Spacing spacing;
    private final Scheduler scheduler;
    private final AtomicLong theoreticalArrival;

    /**
     * @param requestsPerSecond the sustained rate
     * @param burst how many requests may go at once after an idle period
     */
    public RequestBudget(double requestsPerSecond, int burst, Scheduler scheduler) {
        if (!(requestsPerSecond > 0)) {
            throw new IllegalArgumentException("requestsPerSecond must be > 0");
        }
        this.burst = burst;
        this.spacing = Spacing.of(requestsPerSecond, burst);
        this.scheduler = scheduler;
        this.theoreticalArrival = new AtomicLong(scheduler.now(TimeUnit.NANOSECONDS));
    }

    public RequestBudget(double requestsPerSecond) {
        this(requestsPerSecond, Math.max(1, (int) Math.ceil(requestsPerSecond / 10)), TIMER);
    }

    /** The sustained rate, per second. */
    public double rate() {
        return spacing.rate();
    }

    /**
     * Changes the sustained rate from the next reservation on (slots already reserved keep their
     * time); the burst keeps its number of requests. For a budget divided among replicas whose
     * number changes.
     */
    public void rate(double requestsPerSecond) {
        if (!(requestsPerSecond > 0)) {
            throw new IllegalArgumentException("requestsPerSecond must be > 0");
        }
        spacing = Spacing.of(requestsPerSecond, burst);
    }

    /** Completes when one request may be sent. */
    public Mono<Void> acquire() {
        return Mono.defer(() -> {
            long wait = reserve();
            return wait <= 0 ? Mono.empty() : Mono.delay(Duration.ofNanos(wait), scheduler).then();
        });
    }

    /**
     * Takes the next slot of the schedule at once and says how long until it is due: for a caller
     * that decides only when the slot comes who sends in it ({@link FairBudget}).
     *
     * @return nanoseconds to wait, 0 or less when the slot is due now
     */
    long reserve() {
        long now = scheduler.now(TimeUnit.NANOSECONDS);
        long intervalNanos = spacing.intervalNanos();
        long burstNanos = spacing.burstNanos();
        // GCRA: a request may go once the theoretical arrival time is at most `burst` ahead of now.
        long previous = theoreticalArrival.getAndUpdate(tat -> Math.max(tat, now) + intervalNanos);
        return Math.max(now, previous - burstNanos) - now;
    }

    Scheduler scheduler() {
        return scheduler;
    }

    private record Spacing(double rate, long intervalNanos, long burstNanos) {
        static Spacing of(double rate, int burst) {
            long interval = Math.max(1, (long) (1_000_000_000L / rate));
            return new Spacing(rate, interval, interval * Math.max(0, burst - 1));
        }
    }
}
