package dev.syncline.connector.salesforce;

import dev.syncline.connector.errors.RetriableConnectorException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Keeps the connector inside its share of the org's daily API allocation, which every integration
 * of the org spends from. It reads the usage Salesforce reports on each response and, before each
 * request:
 *
 * <ul>
 *   <li>below {@code max - 15} percent, sends at once;
 *   <li>in the last 15 points below {@code max}, waits longer the closer usage is, up to
 *       {@link #MAX_DELAY} per request, so Syncline yields to the org's other users;
 *   <li>at {@code max} or above, or after a {@code TotalRequests} refusal, sends nothing for
 *       {@link SalesforceErrorClassifier#DAILY_LIMIT_HOLD}, failing the batch as retriable with
 *       that wait; the first request after the hold reads a fresh figure.
 * </ul>
 *
 * Time comes from Reactor's parallel scheduler, so tests drive it in virtual time.
 */
final class ApiPacer {
    static final Duration MAX_DELAY = Duration.ofSeconds(5);
    static final int SLOW_DOWN_POINTS = 15;

    private final int maxPercent;
    private final AtomicReference<@Nullable ApiUsage> usage = new AtomicReference<>();
    private final AtomicLong holdUntil = new AtomicLong(Long.MIN_VALUE);

    ApiPacer(int maxPercent) {
        this.maxPercent = maxPercent;
    }

    /** Completes when the next request may be sent; a retriable error while holding off. */
    Mono<Void> beforeRequest() {
        return Mono.defer(() -> {
            long now = now();
            long hold = holdUntil.get();
            if (now < hold) {
                return Mono.error(holding(Duration.ofMillis(hold - now)));
            }
            ApiUsage current = usage.get();
            if (current == null) {
                return Mono.empty();
            }
            double percent = current.percent();
            if (percent >= maxPercent) {
                holdUntil.set(now + SalesforceErrorClassifier.DAILY_LIMIT_HOLD.toMillis());
                // The figure is stale once the hold ends; the next request refreshes it.
                usage.set(null);
                return Mono.error(holding(SalesforceErrorClassifier.DAILY_LIMIT_HOLD));
            }
            Duration delay = delay(percent);
            return delay.isZero() ? Mono.empty() : Mono.delay(delay).then();
        });
    }

    /** What the last response said. */
    void observe(ApiUsage reported) {
        usage.set(reported);
    }

    /** Salesforce refused a request for the daily limit. */
    void dailyLimitReached() {
        holdUntil.set(now() + SalesforceErrorClassifier.DAILY_LIMIT_HOLD.toMillis());
        usage.set(null);
    }

    @Nullable ApiUsage lastUsage() {
        return usage.get();
    }

    Duration delay(double percent) {
        double from = maxPercent - SLOW_DOWN_POINTS;
        if (percent < from) {
            return Duration.ZERO;
        }
        double share = Math.min(1.0, (percent - from) / SLOW_DOWN_POINTS);
        return Duration.ofMillis(Math.round(MAX_DELAY.toMillis() * share));
    }

    private RetriableConnectorException holding(Duration wait) {
        return new RetriableConnectorException("Salesforce API usage reached " + maxPercent
                + " % of the org's daily allocation (max-api-usage-percent); holding off for " + wait.toSeconds() + " s", null, wait);
    }

    private static long now() {
        return Schedulers.parallel().now(TimeUnit.MILLISECONDS);
    }
}
