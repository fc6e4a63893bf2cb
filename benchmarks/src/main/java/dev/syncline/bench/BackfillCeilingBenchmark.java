package dev.syncline.bench;

import dev.syncline.sim.StripeSimulator;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Backfill against Stripe's rate-limit ceiling: 300 ms per request and 100 requests/s, the
 * live-mode limit, so at most 100 pages of 100 objects per second: 10,000 objects/s.
 */
public final class BackfillCeilingBenchmark implements Benchmark {
    private static final double BUDGET = 100;
    private static final double CEILING = BUDGET * 100;

    private StripeSimulator simulator;
    private Path work;
    private int customers;
    private long sliceSince;

    @Override
    public String id() {
        return "backfill-ceiling";
    }

    @Override
    public String title() {
        return "Backfill at the Stripe rate-limit ceiling";
    }

    @Override
    public String description() {
        return """
                `./syncline backfill` (its own process, with the launcher's JVM settings for a backfill (ADR 0013) and `-Xmx1g`) copies %s customers from the
                simulator into the embedded Postgres. The simulator answers every request after 300 ms and allows 100
                requests/s per account (429 above it), like live-mode Stripe; Syncline's budget is set to the same 100/s.
                The ceiling is 100 pages of 100 objects per second: 10,000 objects/s. The simple approach, one cursor paged
                sequentially (`backfill.parallelism: 1`), is measured on the newest ~2.5 %% of the same customers
                (`--since`), because over all of them it would take over ten minutes per run. Each backfill starts from an
                empty warehouse and state (a fresh data directory), as an account's first backfill does.
                """.formatted(String.format("%,d", customers));
    }

    @Override
    public List<Metric> metrics() {
        return List.of(
                Metric.of("objects", "objects per second", "objects/s"),
                Metric.atLeast("fraction", "share of the 10,000 objects/s ceiling", "", 0.9),
                Metric.of("requests", "Stripe requests per second", "requests/s"),
                Metric.atMost("throttled", "requests answered 429", "%", 1.0),
                Metric.of("sequential", "simple sequential paging", "objects/s"),
                Metric.of("speedup", "speed-up over sequential paging", "×"));
    }

    @Override
    public void setUp(BenchmarkEnvironment environment) throws Exception {
        work = environment.workDirectory();
        customers = environment.quick() ? 20_000 : 200_000;
        Instant now = Instant.now();
        simulator = StripeSimulator.builder().seed(5).customers(customers).objectTypes("customer").now(now)
                .latency(Duration.ofMillis(300)).rateLimit(BUDGET).start();
        List<Map<String, Object>> newestFirst = simulator.groundTruth().objects("customer");
        sliceSince = ((Number) newestFirst.get(newestFirst.size() / 40).get("created")).longValue();
    }

    @Override
    public Map<String, Double> run() throws Exception {
        Path data = BenchmarkSuite.emptyDirectory(work.resolve("data"));
        int port = freePort();
        Path parallel = work.resolve("parallel.yaml");
        Files.writeString(parallel, RunnerProcess.config(simulator.baseUrl().toString(), data, port, BUDGET, 48));
        simulator.counters().reset();
        RunnerProcess.Result full = RunnerProcess.backfill(parallel, work.resolve("parallel.log"), "1g");
        long total = simulator.counters().total();
        long rejected = simulator.counters().status(429);

        data = BenchmarkSuite.emptyDirectory(work.resolve("data"));
        Path sequential = work.resolve("sequential.yaml");
        Files.writeString(sequential, RunnerProcess.config(simulator.baseUrl().toString(), data, port, BUDGET, 1));
        RunnerProcess.Result slice = RunnerProcess.backfill(sequential, work.resolve("sequential.log"), "1g", "--since", Long.toString(sliceSince));

        Map<String, Double> figures = new LinkedHashMap<>();
        figures.put("objects", full.objectsPerSecond());
        figures.put("fraction", full.objectsPerSecond() / CEILING);
        figures.put("requests", full.requestsPerSecond());
        figures.put("throttled", total == 0 ? 0 : 100.0 * rejected / total);
        figures.put("sequential", slice.objectsPerSecond());
        figures.put("speedup", full.objectsPerSecond() / slice.objectsPerSecond());
        return figures;
    }

    static int freePort() throws java.io.IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() {
        if (simulator != null) {
            simulator.close();
        }
    }
}
