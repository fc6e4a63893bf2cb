package dev.syncline.runner.backfill;

import static org.assertj.core.api.Assertions.assertThat;

import dev.syncline.connector.record.RecordKey;
import dev.syncline.runner.catalog.StripeCatalog;
import dev.syncline.runner.catalog.StripeObjectType;
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
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The backfill against the simulator, with its checkpoints in a real Postgres. */
class BackfillIT {
    private static final List<String> TYPES = List.of("customer", "price", "subscription", "invoice");
    private static StripeSimulator simulator;
    private static StripeApi api;

    private StateStore store;

    @BeforeAll
    static void startSimulator() {
        simulator = StripeSimulator.builder().seed(7).customers(2_000).start();
        api = new StripeApi(new SynclineConfig.Stripe(new Secret("sk_test_backfill"), simulator.baseUrl(), 1_000, 2),
                new RequestBudget(1_000), Clock.systemUTC());
    }

    @AfterAll
    static void stopSimulator() {
        api.close();
        simulator.close();
    }

    @BeforeEach
    void freshStateDatabase() {
        PostgresFixture postgres = PostgresFixture.get();
        String database = postgres.createDatabase();
        store = StateStore.connect("r2dbc:postgresql://" + postgres.user() + ":" + postgres.password() + "@" + postgres.host() + ":"
                + postgres.port() + "/" + database);
        store.migrate().block(Duration.ofSeconds(30));
    }

    @Test
    void readsEveryObjectOnce_inParallelSegments_andRecordsCompletion() {
        Run run = run(backfill(TYPES, false), Integer.MAX_VALUE);

        for (String type : TYPES) {
            assertThat(run.ids(type)).as(type).isEqualTo(groundTruth(type));
        }
        assertThat(run.records.get()).as("a fresh run reads each object once").isEqualTo(totalObjects());
        assertThat(run.segmentsSeen).as("pages with more split their segment").hasSizeGreaterThan(TYPES.size());
        assertThat(run(backfill(TYPES, false), Integer.MAX_VALUE).records.get()).as("a completed backfill is not read again").isZero();
        assertThat(run(backfill(List.of("customer"), true), Integer.MAX_VALUE).records.get())
                .as("unless asked to run again").isEqualTo(simulator.groundTruth().count("customer"));
    }

    @Test
    void interruptedRun_resumesFromItsCheckpoints_rereadingAtMostThePagesInFlight() {
        int parallelism = 8;
        Run first = run(backfill(TYPES, false, parallelism), 3_000);
        Run second = run(backfill(TYPES, false, parallelism), Integer.MAX_VALUE);

        for (String type : TYPES) {
            Set<String> union = new HashSet<>(first.ids(type));
            union.addAll(second.ids(type));
            assertThat(union).as(type).isEqualTo(groundTruth(type));
        }
        int reread = first.records.get() + second.records.get() - totalObjects();
        assertThat(reread).as("records read twice").isLessThanOrEqualTo(parallelism * 3 * 100);
        assertThat(run(backfill(TYPES, false, parallelism), Integer.MAX_VALUE).records.get()).isZero();
    }

    @Test
    void perCustomerLists_fanOutOverEveryCustomer_andTaxIdsIncludeTheAccountsOwn() {
        Run run = run(backfill(List.of("payment_method", "tax_id"), false), Integer.MAX_VALUE);

        assertThat(run.ids("payment_method")).isEqualTo(groundTruth("payment_method"));
        assertThat(simulator.groundTruth().objects("tax_id")).as("both customers' and the account's own tax IDs")
                .anyMatch(t -> t.get("customer") != null).anyMatch(t -> t.get("customer") == null);
        assertThat(run.ids("tax_id")).isEqualTo(groundTruth("tax_id"));
        assertThat(simulator.counters().endpoint("GET /v1/customers/{id}/payment_methods"))
                .as("one request per customer").isGreaterThanOrEqualTo(simulator.groundTruth().count("customer"));
    }

    @Test
    void aStreamStripeRefuses_failsAloneWhileTheOthersComplete() {
        PipelineProgress progress = new PipelineProgress("p", List.of("customer", "transfer"));
        Backfill backfill = new Backfill(api, store, "p", simulator.accountId(),
                List.of(StripeCatalog.get("customer"), StripeCatalog.get("transfer")), new BackfillOptions(8, 0, false), progress, Clock.systemUTC());

        Run run = run(backfill, Integer.MAX_VALUE);

        assertThat(run.ids("customer")).isEqualTo(groundTruth("customer"));
        assertThat(progress.of("transfer").failure()).contains("GET /v1/transfers failed with 404");
        assertThat(progress.of("customer").failure()).isEmpty();
        assertThat(progress.of("customer").isReadComplete()).isTrue();
        assertThat(progress.of("transfer").isReadComplete()).isFalse();
    }

    private Backfill backfill(List<String> types, boolean again) {
        return backfill(types, again, 16);
    }

    private Backfill backfill(List<String> types, boolean again, int parallelism) {
        List<StripeObjectType> objectTypes = types.stream().map(StripeCatalog::get).toList();
        return new Backfill(api, store, "warehouse", simulator.accountId(), objectTypes, new BackfillOptions(parallelism, 0, again),
                new PipelineProgress("warehouse", types), Clock.systemUTC());
    }

    /** Acknowledges every record it reads, stops after {@code limit} records, then saves the checkpoints. */
    private static Run run(Backfill backfill, int limit) {
        Run run = new Run();
        backfill.records()
                .take(limit)
                .doOnNext(tracked -> {
                    run.keys.add(tracked.record().key());
                    run.records.incrementAndGet();
                    run.segmentsSeen.add(((FetchedPage) tracked.position()).segment().stream() + "/" + ((FetchedPage) tracked.position()).segment().id());
                    backfill.acknowledge(List.of((FetchedPage) tracked.position()));
                })
                .then(backfill.finish())
                .block(Duration.ofMinutes(2));
        return run;
    }

    private static Set<String> groundTruth(String type) {
        Set<String> ids = new HashSet<>();
        simulator.groundTruth().objects(type).forEach(o -> ids.add((String) o.get("id")));
        return ids;
    }

    private static int totalObjects() {
        return TYPES.stream().mapToInt(t -> simulator.groundTruth().count(t)).sum();
    }

    private static final class Run {
        final Set<RecordKey> keys = ConcurrentHashMap.newKeySet();
        final AtomicInteger records = new AtomicInteger();
        final Set<String> segmentsSeen = ConcurrentHashMap.newKeySet();

        Set<String> ids(String type) {
            Set<String> ids = new HashSet<>();
            keys.stream().filter(k -> k.objectType().equals(type)).forEach(k -> ids.add(k.id()));
            return ids;
        }
    }
}
