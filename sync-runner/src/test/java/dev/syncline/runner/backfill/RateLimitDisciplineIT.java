package dev.syncline.runner.backfill;

import static org.assertj.core.api.Assertions.assertThat;

import dev.syncline.runner.catalog.StripeCatalog;
import dev.syncline.runner.config.Secret;
import dev.syncline.runner.config.SynclineConfig;
import dev.syncline.runner.pipeline.PipelineProgress;
import dev.syncline.runner.state.StateStore;
import dev.syncline.runner.stripe.RequestBudget;
import dev.syncline.runner.stripe.StripeApi;
import dev.syncline.sim.StripeSimulator;
import dev.syncline.testkit.postgres.PostgresFixture;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Against a simulator that enforces Stripe's per-second limit, a parallel backfill uses its budget
 * without tripping the limiter: under 1 % of requests answered 429, and a request rate within the
 * budget, as the simulator counted them.
 */
class RateLimitDisciplineIT {
    private static final double BUDGET = 40;

    @Test
    void parallelBackfill_staysWithinTheBudget() {
        PostgresFixture postgres = PostgresFixture.get();
        String database = postgres.createDatabase();
        try (StripeSimulator simulator = StripeSimulator.builder().seed(3).customers(20_000).objectTypes("customer")
                .latency(Duration.ofMillis(50)).rateLimit(BUDGET).start();
             StripeApi api = new StripeApi(new SynclineConfig.Stripe(new Secret("sk_live_budget"), simulator.baseUrl(), BUDGET, 8),
                     new RequestBudget(BUDGET), Clock.systemUTC());
             StateStore store = StateStore.connect("r2dbc:postgresql://" + postgres.user() + ":" + postgres.password() + "@"
                     + postgres.host() + ":" + postgres.port() + "/" + database)) {
            store.migrate().block(Duration.ofSeconds(30));
            Backfill backfill = new Backfill(api, store, "warehouse", simulator.accountId(), List.of(StripeCatalog.get("customer")),
                    new BackfillOptions(16, 0, false), new PipelineProgress("warehouse", List.of("customer")), Clock.systemUTC());
            AtomicInteger records = new AtomicInteger();

            long started = System.nanoTime();
            backfill.records().doOnNext(r -> {
                records.incrementAndGet();
                backfill.acknowledge(List.of((FetchedPage) r.position()));
            }).then(backfill.finish()).block(Duration.ofMinutes(3));
            double seconds = (System.nanoTime() - started) / 1e9;

            long total = simulator.counters().total();
            long throttled = simulator.counters().status(429);
            assertThat(records.get()).isEqualTo(20_000);
            assertThat((double) throttled / total).as("share of 429s among %d requests", total).isLessThan(0.01);
            assertThat(total / seconds).as("requests per second").isLessThanOrEqualTo(BUDGET * 1.05);
            assertThat(total / seconds).as("the budget is used, not wasted").isGreaterThan(BUDGET * 0.75);
        }
    }
}
