package dev.syncline.bench;

import dev.syncline.bench.MarkedCustomerEvents.SignedEvent;
import dev.syncline.runner.policy.DemoManifest;
import dev.syncline.sim.StripeSimulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How long a webhook takes to become a row an analyst can query, at a steady 500 webhooks/s:
 * {@code syncline run} in its own process with the embedded Postgres, once streaming the inbox
 * through Debezium ({@code inbox.mode: cdc}) and once polling it ({@code inbox.mode: poll}).
 */
public final class WebhookLatencyBenchmark implements Benchmark {
    private static final String SECRET = "whsec_benchmark_latency";
    private static final double RATE = 500;
    private static final double TARGET_P99_MS = 250;
    private static final int CUSTOMERS = 1_000;
    private static final Duration WATCH_INTERVAL = Duration.ofMillis(10);

    private StripeSimulator simulator;
    private MarkedCustomerEvents events;
    private Target cdc;
    private Target poll;
    private Duration runLength;
    private int probes;

    @Override
    public String id() {
        return "webhook-latency";
    }

    @Override
    public String title() {
        return "Webhook latency: from received to visible in the warehouse";
    }

    @Override
    public String description() {
        return """
                `syncline run` (the runner's executable jar, its own process, default heap) syncs %s simulator customers into the
                embedded Postgres (backfilled before the runs) and serves the webhook intake. For %d s a client on the same 2-core
                machine posts signed `customer.updated` snapshot events at a steady %.0f/s on a fixed schedule (open loop, so a slow
                Syncline cannot slow the load down), round the customers so each is updated every %.0f s, each event setting a
                unique marker in `metadata.bench` and carrying a `created` that never repeats a second for a customer (no
                same-second ties, whose refetch would measure something else). A watcher with its own JDBC connection reads every
                customer's marker from `stripe.customers` every %d ms; an event's latency runs from just before its POST to the
                start of the first query that sees its marker (or a later marker of the same customer), so it includes the intake's
                durable inbox commit, the inbox stream, the pipeline's batching and the warehouse transaction. Latencies are upper
                bounds, exact to one watcher period, whose measured mean is reported (with the query's own time). Every event must
                be answered 200 stored and seen within 30 s, or the run fails. The comparison: the same load with `inbox.mode: poll`
                (its default `poll-interval-ms: 200`), the fallback for databases without logical replication. Both modes run in
                their own `syncline run` process, side by side; the one not measured is idle. Logical decoding sends a commit only
                once its WAL is flushed: with asynchronous commits (the embedded server's library default, turned off since) every
                streamed event waited for the WAL writer's 200 ms round, which put the `cdc` p99 at 253 ms (p50 150 ms).
                """.formatted(String.format(Locale.ROOT, "%,d", CUSTOMERS), runLength.toSeconds(), RATE, CUSTOMERS / RATE,
                WATCH_INTERVAL.toMillis());
    }

    @Override
    public List<Metric> metrics() {
        return List.of(
                Metric.of("cdc_p50", "received to visible, p50 (`inbox.mode: cdc`)", "ms"),
                Metric.atMost("cdc_p99", "received to visible, p99 (`inbox.mode: cdc`)", "ms", TARGET_P99_MS),
                Metric.of("cdc_ratio", "p99 relative to the 250 ms target (`cdc`)", "×"),
                Metric.atLeast("cdc_rate", "webhooks sent and stored (`cdc`)", "webhooks/s", RATE * 0.99),
                Metric.of("poll_p50", "received to visible, p50 (`inbox.mode: poll`)", "ms"),
                Metric.of("poll_p99", "received to visible, p99 (`inbox.mode: poll`)", "ms"),
                Metric.of("poll_ratio", "p99 relative to the 250 ms target (`poll`)", "×"),
                Metric.of("poll_rate", "webhooks sent and stored (`poll`)", "webhooks/s"),
                Metric.of("resolution", "watcher period: the latencies' resolution (mean)", "ms"),
                Metric.of("query", "watcher query time (mean)", "ms"));
    }

    @Override
    public void setUp(BenchmarkEnvironment environment) throws Exception {
        runLength = Duration.ofSeconds(environment.quick() ? 3 : 20);
        simulator = StripeSimulator.builder().seed(21).customers(CUSTOMERS).objectTypes("customer").start();
        events = new MarkedCustomerEvents(simulator.groundTruth().objects("customer"), SECRET);
        cdc = start(environment.workDirectory().resolve("cdc"), "cdc");
        poll = start(environment.workDirectory().resolve("poll"), "poll");
        // The first events must be dated after the second the backfill read the customers in, or they would tie with it.
        Thread.sleep(1_100);
    }

    @Override
    public Map<String, Double> run() throws Exception {
        Map<String, Double> figures = new LinkedHashMap<>();
        Measured streamed = measure(cdc);
        Measured polled = measure(poll);
        figures.put("cdc_p50", streamed.p50());
        figures.put("cdc_p99", streamed.p99());
        figures.put("cdc_ratio", streamed.p99() / TARGET_P99_MS);
        figures.put("cdc_rate", streamed.rate());
        figures.put("poll_p50", polled.p50());
        figures.put("poll_p99", polled.p99());
        figures.put("poll_ratio", polled.p99() / TARGET_P99_MS);
        figures.put("poll_rate", polled.rate());
        figures.put("resolution", (streamed.resolution() + polled.resolution()) / 2);
        figures.put("query", (streamed.query() + polled.query()) / 2);
        return figures;
    }

    /** One mode's figures over one run. */
    private record Measured(double p50, double p99, double rate, double resolution, double query) {}

    private Measured measure(Target target) throws Exception {
        long firstSeq = events.nextSeq();
        int count = (int) Math.ceil(RATE * runLength.toSeconds()) + 1;
        SignedEvent[] signed = events.next(count, Instant.now(), RATE);
        MarkerWatcher watcher = new MarkerWatcher(target.warehouseJdbcUrl(), firstSeq, count, events.customers(), WATCH_INTERVAL);
        watcher.start();
        SteadySender.Result sent;
        try {
            sent = target.sender.send(signed, RATE, runLength);
            if (!watcher.awaitSeen(sent.sent(), Duration.ofSeconds(30))) {
                throw new IllegalStateException(target.mode + ": " + (sent.sent() - watcher.seen()) + " of " + sent.sent()
                        + " markers were not visible in the warehouse 30 s after the last was sent; see " + target.process.log());
            }
        } finally {
            watcher.close();
        }
        long[] visibleAt = watcher.visibleAt();
        double[] latencies = new double[sent.sent()];
        for (int i = 0; i < latencies.length; i++) {
            latencies[i] = (visibleAt[i] - sent.sentAt()[i]) / 1e6;
        }
        Arrays.sort(latencies);
        return new Measured(percentile(latencies, 0.50), percentile(latencies, 0.99), sent.rate(), watcher.pollPeriodMillis(),
                watcher.queryMillis());
    }

    private static double percentile(double[] sorted, double p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }

    @Override
    public void close() throws Exception {
        for (Target target : new Target[] {cdc, poll}) {
            if (target != null) {
                target.close();
            }
        }
        if (simulator != null) {
            simulator.close();
        }
    }

    /** Starts {@code syncline run} with this inbox mode, and waits until its intake answers and its backfill is in the warehouse. */
    private Target start(Path work, String mode) throws Exception {
        Path data = Files.createDirectories(work.resolve("data"));
        int postgresPort = BackfillCeilingBenchmark.freePort();
        int httpPort = BackfillCeilingBenchmark.freePort();
        Path manifest = DemoManifest.write(data, List.of("customer"));
        Path config = work.resolve("syncline.yaml");
        Files.writeString(config, String.format(Locale.ROOT, """
                manifest: "%s"
                stripe:
                  api-key: sk_test_benchmark
                  api-base: "%s"
                  webhook: { secrets: [%s] }
                inbox: { mode: %s }
                state: { data-dir: "%s", embedded-port: %d }
                server: { address: 127.0.0.1, port: %d }
                pipelines:
                  - name: warehouse
                    objects: [customer]
                    destination: { type: postgres, url: embedded }
                """, manifest, simulator.baseUrl(), SECRET, mode, data, postgresPort, httpPort));
        SynclineServerProcess process = SynclineServerProcess.start(config, work.resolve("syncline.log"), httpPort);
        Target target = new Target(mode, process, postgresPort, new SteadySender(httpPort));
        try {
            process.awaitReady(() -> reactor.core.publisher.Mono.fromCallable(
                    () -> target.sender.sendOne(events.probe("evt_latency_probe" + probes++))), Duration.ofMinutes(2));
            process.awaitReady(() -> reactor.core.publisher.Mono.fromCallable(() -> target.customersInWarehouse() == CUSTOMERS),
                    Duration.ofMinutes(2));
        } catch (Exception e) {
            target.close();
            throw e;
        }
        return target;
    }

    /** One {@code syncline run} process under test, and the client loading it. */
    private record Target(String mode, SynclineServerProcess process, int postgresPort, SteadySender sender) implements AutoCloseable {
        String warehouseJdbcUrl() {
            return "jdbc:postgresql://127.0.0.1:" + postgresPort + "/warehouse";
        }

        long customersInWarehouse() throws SQLException {
            try (Connection connection = DriverManager.getConnection(warehouseJdbcUrl(), "postgres", "");
                 Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery("SELECT count(*) FROM stripe.customers")) {
                rows.next();
                return rows.getLong(1);
            } catch (SQLException e) {
                // Before the backfill's first write the table does not exist yet.
                return -1;
            }
        }

        @Override
        public void close() throws InterruptedException {
            sender.close();
            process.close();
        }
    }
}
