package dev.syncline.bench;

import dev.syncline.runner.policy.DemoManifest;
import dev.syncline.runner.state.EmbeddedPostgresServer;
import dev.syncline.sim.StripeSimulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import reactor.core.publisher.Mono;

/**
 * Backpressure from a slow destination back to the list API: a Postgres warehouse that takes
 * about 500 rows/s, while {@code syncline run} backfills 100,000 customers. The slowness is in the
 * destination: a row trigger on the warehouse table sleeps 2 ms under one advisory lock, so the
 * database accepts ~500 rows/s in total, however many write lanes Syncline opens.
 */
public final class SlowDestinationBenchmark implements Benchmark {
    private static final double DESTINATION_ROWS_PER_SECOND = 500;
    private static final int HEAP_BOUND_MIB = 160;

    private StripeSimulator simulator;
    private EmbeddedPostgresServer postgres;
    private Path work;
    private int customers;
    private Duration measured;
    private int run;

    @Override
    public String id() {
        return "slow-destination";
    }

    @Override
    public String title() {
        return "Slow destination: the list calls slow down to its pace, the heap stays flat";
    }

    @Override
    public String description() {
        return """
                `syncline run` (the runner's executable jar, its own process, `-Xmx256m`) backfills %s customers from the
                simulator (budget 100 requests/s, `backfill.parallelism: 16`, `batch-size: 500`, two write lanes) into a
                Postgres warehouse that accepts at most %.0f rows/s: a `BEFORE INSERT` row trigger on `stripe.customers` takes one
                advisory lock and sleeps 2 ms, so the throttle is in the destination, not in Syncline (with the insert's own cost it
                takes about 380 rows/s). The run is measured for
                %d s; rates are taken over its second half (the steady state), from the warehouse's row count and the
                simulator's `GET /v1/customers` count. A page holds 100 customers, so matching list calls to the destination
                means requests/s × 100 ≈ rows/s. Peak heap is the highest `jvm.memory.used` (area heap, garbage included)
                read from `/actuator/metrics` once a second. Without backpressure the list calls would run at the budget
                (100 requests/s, 10,000 objects/s) and the heap would fill with pages the warehouse cannot take.
                """.formatted(String.format("%,d", customers), DESTINATION_ROWS_PER_SECOND, measured == null ? 60 : measured.toSeconds());
    }

    @Override
    public List<Metric> metrics() {
        return List.of(
                Metric.of("rows", "rows/s the destination accepted", "rows/s"),
                Metric.of("requests", "list requests/s the simulator saw", "requests/s"),
                Metric.of("match", "list requests/s × 100 ÷ destination rows/s", "×"),
                Metric.atMost("heap", "peak heap with -Xmx256m", "MiB", HEAP_BOUND_MIB),
                Metric.of("heapLate", "peak heap in the second half", "MiB"));
    }

    @Override
    public void setUp(BenchmarkEnvironment environment) throws Exception {
        work = environment.workDirectory();
        customers = environment.quick() ? 20_000 : 100_000;
        measured = environment.quick() ? Duration.ofSeconds(20) : Duration.ofSeconds(60);
        simulator = StripeSimulator.builder().seed(9).customers(customers).objectTypes("customer").start();
        postgres = EmbeddedPostgresServer.start(work.resolve("postgres"), BackfillCeilingBenchmark.freePort());
    }

    @Override
    public Map<String, Double> run() throws Exception {
        run++;
        String warehouse = "slow" + run;
        String state = "state" + run;
        try (Connection admin = postgres.connect("postgres"); Statement sql = admin.createStatement()) {
            sql.execute("CREATE DATABASE " + warehouse);
            sql.execute("CREATE DATABASE " + state);
        }
        throttle(warehouse);
        int httpPort = BackfillCeilingBenchmark.freePort();
        Path config = work.resolve("slow-" + run + ".yaml");
        Files.writeString(config, config(warehouse, state, httpPort));
        simulator.counters().reset();

        List<double[]> samples = new ArrayList<>();
        try (SynclineServerProcess runner = SynclineServerProcess.start(config, work.resolve("slow-" + run + ".log"), httpPort, "256m")) {
            runner.awaitReady(() -> Mono.fromCallable(() -> runner.metric("jvm.memory.used?tag=area:heap", "VALUE") > 0), Duration.ofMinutes(2));
            long start = System.nanoTime();
            long end = start + measured.toNanos();
            while (System.nanoTime() < end) {
                Thread.sleep(1_000);
                double seconds = (System.nanoTime() - start) / 1e9;
                samples.add(new double[] {seconds, rows(warehouse), simulator.counters().endpoint("GET /v1/customers"),
                        runner.metric("jvm.memory.used?tag=area:heap", "VALUE") / (1 << 20)});
            }
        }
        double[] middle = samples.get(samples.size() / 2);
        double[] last = samples.get(samples.size() - 1);
        double seconds = last[0] - middle[0];
        double rowsPerSecond = (last[1] - middle[1]) / seconds;
        double requestsPerSecond = (last[2] - middle[2]) / seconds;
        Map<String, Double> figures = new LinkedHashMap<>();
        figures.put("rows", rowsPerSecond);
        figures.put("requests", requestsPerSecond);
        figures.put("match", requestsPerSecond * 100 / rowsPerSecond);
        figures.put("heap", samples.stream().mapToDouble(s -> s[3]).max().orElse(0));
        figures.put("heapLate", samples.subList(samples.size() / 2, samples.size()).stream().mapToDouble(s -> s[3]).max().orElse(0));
        return figures;
    }

    private String config(String warehouse, String state, int httpPort) {
        Path manifest = DemoManifest.write(work, List.of("customer"));
        return String.format(Locale.ROOT, """
                manifest: "%s"
                stripe: { api-key: sk_live_benchmark, api-base: "%s", rate-limit: { requests-per-second: 100 } }
                state: { url: "%s" }
                server: { address: 127.0.0.1, port: %d }
                egress: { allow: ["r2dbc:postgresql://127.0.0.1:%d/"] }
                pipelines:
                  - name: warehouse
                    objects: [customer]
                    batch-size: 500
                    backfill: { parallelism: 16 }
                    destination: { type: postgres, url: "%s", schema: stripe }
                """, manifest, simulator.baseUrl(), postgres.r2dbcUrl(state), httpPort, postgres.port(), postgres.r2dbcUrl(warehouse));
    }

    /** The table with its key and system columns (the connector adds the rest) and the trigger that makes it slow. */
    private void throttle(String warehouse) throws SQLException {
        try (Connection connection = postgres.connect(warehouse); Statement sql = connection.createStatement()) {
            sql.execute("""
                    CREATE SCHEMA stripe;
                    CREATE TABLE stripe.customers (_account_id text NOT NULL, id text NOT NULL, _raw jsonb NOT NULL,
                      _synced_at timestamptz NOT NULL, _version bigint NOT NULL, _deleted boolean NOT NULL DEFAULT false,
                      PRIMARY KEY (_account_id, id));
                    CREATE FUNCTION stripe.slow_row() RETURNS trigger LANGUAGE plpgsql AS $$
                    BEGIN
                      PERFORM pg_advisory_xact_lock(500);
                      PERFORM pg_sleep(0.002);
                      RETURN NEW;
                    END $$;
                    CREATE TRIGGER slow_row BEFORE INSERT ON stripe.customers FOR EACH ROW EXECUTE FUNCTION stripe.slow_row();""");
        }
    }

    private long rows(String warehouse) throws SQLException {
        try (Connection connection = postgres.connect(warehouse); Statement sql = connection.createStatement();
             ResultSet row = sql.executeQuery("SELECT count(*) FROM stripe.customers")) {
            row.next();
            return row.getLong(1);
        }
    }

    @Override
    public void close() {
        if (postgres != null) {
            postgres.close();
        }
        if (simulator != null) {
            simulator.close();
        }
    }
}
