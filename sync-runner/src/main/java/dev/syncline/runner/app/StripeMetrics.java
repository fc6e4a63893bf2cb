package dev.syncline.runner.app;

import dev.syncline.runner.stripe.StripeApi;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/** Stripe requests against the budget, as metrics. */
final class StripeMetrics {
    private StripeMetrics() {}

    static void register(MeterRegistry registry, StripeApi api) {
        FunctionCounter.builder("syncline.stripe.requests", api, StripeApi::requestCount)
                .description("Stripe API requests answered, retries included").register(registry);
        FunctionCounter.builder("syncline.stripe.throttled", api, StripeApi::throttledCount)
                .description("Stripe API requests answered 429").register(registry);
        Gauge.builder("syncline.stripe.budget", api, StripeApi::budget)
                .description("This replica's part of the Stripe request budget per second: the configured budget divided by the replicas reading Stripe").baseUnit("requests/s").register(registry);
    }
}
