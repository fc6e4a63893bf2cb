package dev.syncline.bench;

import dev.syncline.connector.spi.Connectors;
import dev.syncline.runner.app.SynclineRuntime;
import dev.syncline.runner.config.ConfigReader;
import dev.syncline.runner.config.SynclineConfig;
import dev.syncline.runner.config.YamlSource;
import dev.syncline.runner.policy.DemoManifest;
import dev.syncline.sim.StripeSimulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Connect fairness: 1,000 connected accounts of very different sizes share one platform budget;
 * how soon does each finish its first complete sync, by size, while the largest is still syncing?
 */
public final class ConnectFairnessBenchmark implements Benchmark {
    private static final double BUDGET = 100;
    private static final Duration BOUND = Duration.ofMinutes(3);
    private static final List<String> OBJECTS = List.of("customer", "product", "price", "subscription", "invoice");
    /** Upper bounds (exclusive) of the size buckets, in objects; the last bucket is everything above. */
    private static final long[] BUCKETS = {100, 1_000, 10_000};
    private static final String[] BUCKET_KEYS = {"small", "medium", "large", "huge"};

    private @Nullable StripeSimulator simulator;
    private int largest;
    /** Accounts backfilled at once; {@code -Dsyncline.bench.concurrent-backfills} to compare settings. */
    private final int concurrent = Integer.getInteger("syncline.bench.concurrent-backfills", 64);
    private Path work;
    private int accounts;
    private int run;
    private final Map<String, Long> sizes = new HashMap<>();
    private final long[] bucketCounts = new long[BUCKET_KEYS.length];
    /** The fewest list requests the accounts below 100 objects need, and all accounts. */
    private long smallRequests;
    private long allRequests;

    @Override
    public String id() {
        return "connect-fairness";
    }

    @Override
    public String title() {
        return "Connect: time to first complete sync per account size, under one platform budget";
    }

    @Override
    public String description() {
        return """
                The simulator holds %,d connected accounts (live-mode limits: 100 requests/s, every answer after 300 ms); their
                sizes go from a few dozen objects to one account of %,d objects (customers, products, prices, subscriptions,
                invoices): %s accounts below 100 objects, %s of 100–1,000, %s of 1,000–10,000 and %s above. Syncline runs in
                this process with `stripe.accounts: connected`, one budget of 100 requests/s for the platform (every
                `Stripe-Account` request counts against it), `stripe.connect.concurrent-backfills: %d` and a warehouse pipeline
                into the embedded Postgres. Each run starts from an empty state and warehouse and is bounded to %d minutes; the
                time to first complete sync of an account is from the start of the runtime until
                `syncline.accounts.first_synced_at` (every stream delivered and checkpointed). At the end every account's ids of
                every type in the warehouse are compared with the simulator's, both ways. Budget slots go round robin to the
                accounts with a request waiting, so the largest account gets one share while the others turn over; the simple
                approach, every account's requests first come first served, gives an account backfilling 48 segments at once
                48 times the share of one with a single request waiting. The accounts below 100 objects need %,d list requests
                at the least (a page per stream: customers, products, active and inactive prices, subscriptions, invoices), so
                with the whole budget 95 %% of them could not be done before %.0f s; all accounts together need at least %,d
                requests, %.0f s of the budget. Requests per second are counted over the whole run, the part where only the
                largest accounts are left included: there the warehouse writes (both lanes busy, the machine's two cores shared
                with the simulator and Postgres) hold the list calls back, not the budget.
                """.formatted(accounts, sizes.values().stream().mapToLong(Long::longValue).max().orElse(0), bucketCounts[0], bucketCounts[1],
                bucketCounts[2], bucketCounts[3], concurrent, BOUND.toMinutes(), smallRequests, 0.95 * smallRequests / BUDGET, allRequests,
                allRequests / BUDGET);
    }

    @Override
    public List<Metric> metrics() {
        return List.of(
                Metric.of("completed", "accounts with a complete sync within the bound", "accounts"),
                Metric.atMost("diverged", "accounts whose warehouse ids differ from the simulator's at the end (missing or extra, any type)",
                        "accounts", 0),
                Metric.atMost("p95_small", "p95 time to first complete sync, < 100 objects", "s", 60),
                Metric.of("p95_medium", "p95 time to first complete sync, 100–1,000 objects", "s"),
                Metric.of("p95_large", "p95 time to first complete sync, 1,000–10,000 objects", "s"),
                Metric.of("huge", "time to first complete sync of the largest account (the bound if it did not finish)", "s"),
                Metric.of("huge_read", "share of the largest account's objects in the warehouse at the end", "%"),
                Metric.of("rate", "Stripe requests per second", "requests/s"),
                Metric.atLeast("budget", "share of the 100 requests/s budget used", "%", 90),
                Metric.atMost("throttled", "requests answered 429", "%", 1.0),
                Metric.of("load", "the machine's load average during the run (2 cores; above 2 other processes compete)", ""));
    }

    @Override
    public void setUp(BenchmarkEnvironment environment) throws Exception {
        work = environment.workDirectory();
        accounts = environment.quick() ? 100 : 1_000;
        int largest = environment.quick() ? 2_000 : 32_000;
        // A few large accounts, many small: the largest alone holds about 100,000 objects.
        this.largest = largest;
        simulator = simulator();
        for (String account : simulator.connectedAccountIds()) {
            long size = OBJECTS.stream().mapToLong(type -> simulator.groundTruth(account).count(type)).sum();
            sizes.put(account, size);
            bucketCounts[bucket(size)]++;
            long requests = minimumRequests(account);
            allRequests += requests;
            if (bucket(size) == 0) {
                smallRequests += requests;
            }
        }
    }

    /** The list requests an account needs at the least: a page per 100 objects of every stream, one for an empty stream. */
    private long minimumRequests(String account) {
        long requests = 0;
        for (String type : OBJECTS) {
            List<Map<String, Object>> objects = simulator.groundTruth(account).objects(type);
            if (type.equals("price")) {
                // Prices are listed in two passes, active and inactive.
                long active = objects.stream().filter(o -> Boolean.TRUE.equals(o.get("active"))).count();
                requests += pages(active) + pages(objects.size() - active);
            } else {
                requests += pages(objects.size());
            }
        }
        return requests;
    }

    private static long pages(long objects) {
        return Math.max(1, (objects + 99) / 100);
    }

    /**
     * The same accounts every time (one seed). A new simulator per run: stopping the runtime in
     * this process also stops the shared Reactor Netty resources the previous simulator served on.
     */
    private StripeSimulator simulator() {
        // A few large accounts, many small: the largest alone holds about 100,000 objects.
        return StripeSimulator.builder().seed(9).customers(5)
                .connectedAccounts(accounts, i -> i == 0 ? largest : i < 4 ? largest / (10 * i) : i < 40 ? 40 + i * 3 : 3 + i % 12)
                .latency(Duration.ofMillis(300)).rateLimit(BUDGET).start();
    }

    @Override
    public Map<String, Double> run() throws Exception {
        if (run > 0) {
            // Released before the next is built: two 1,000-account simulators do not fit in 3 GiB together.
            simulator.close();
            simulator = null;
            simulator = simulator();
        }
        Path data = Files.createDirectories(work.resolve("run-" + run++));
        Path manifest = DemoManifest.write(data, List.of("customer", "product", "price", "subscription", "invoice", "account"));
        SynclineConfig config = ConfigReader.read(YamlSource.parse("""
                manifest: "%s"
                stripe:
                  api-key: sk_live_connect_fairness
                  api-base: "%s"
                  rate-limit: { requests-per-second: %s }
                  accounts: connected
                  connect: { discovery-interval-seconds: 0, concurrent-backfills: %d }
                  events: { poll-interval-seconds: 0 }
                inbox: { mode: poll }
                state: { data-dir: "%s", embedded-port: %d }
                server: { address: 127.0.0.1, port: 0 }
                pipelines:
                  - name: warehouse
                    objects: [customer, product, price, subscription, invoice]
                    destination: { type: postgres, url: embedded, schema: stripe }
                """.formatted(manifest, simulator.baseUrl(), BUDGET, concurrent, data.resolve("state"), BackfillCeilingBenchmark.freePort()), "bench"),
                Connectors.discover(), Map.<String, String>of()::get);
        simulator.counters().reset();
        Map<String, Double> completedAfter = new HashMap<>();
        // Other work on the machine slows the warehouse writes and so the run: the load average says how much there was.
        List<Double> load = new ArrayList<>();
        long hugeRows;
        double elapsed;
        int diverged;
        long started = System.nanoTime();
        try (SynclineRuntime runtime = SynclineRuntime.start(config, Connectors.discover(), true)) {
            long deadline = started + BOUND.toNanos();
            while (System.nanoTime() < deadline && completedAfter.size() < accounts) {
                Thread.sleep(500);
                completedAfter.putAll(firstSyncs(runtime, started));
                load.add(java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
            }
            elapsed = (System.nanoTime() - started) / 1e9;
            hugeRows = rows(runtime, largestAccount());
            diverged = diverged(runtime);
        }
        long total = simulator.counters().total();
        long throttled = simulator.counters().status(429);

        Map<String, Double> figures = new LinkedHashMap<>();
        figures.put("completed", (double) completedAfter.size());
        figures.put("diverged", (double) diverged);
        for (int bucket = 0; bucket < 3; bucket++) {
            figures.put("p95_" + BUCKET_KEYS[bucket], p95(bucket, completedAfter));
        }
        figures.put("huge", completedAfter.getOrDefault(largestAccount(), (double) BOUND.toSeconds()));
        figures.put("huge_read", 100.0 * hugeRows / sizes.get(largestAccount()));
        figures.put("rate", total / elapsed);
        figures.put("budget", 100.0 * total / elapsed / BUDGET);
        figures.put("throttled", total == 0 ? 0 : 100.0 * throttled / total);
        figures.put("load", load.stream().mapToDouble(Double::doubleValue).average().orElse(0));
        return figures;
    }

    /** The p95 over the bucket's accounts; one that did not complete counts as the bound. */
    private double p95(int bucket, Map<String, Double> completedAfter) {
        List<Double> times = new ArrayList<>();
        sizes.forEach((account, size) -> {
            if (bucket(size) == bucket) {
                times.add(completedAfter.getOrDefault(account, (double) BOUND.toSeconds()));
            }
        });
        if (times.isEmpty()) {
            return 0;
        }
        times.sort(Double::compare);
        return times.get((int) Math.ceil(0.95 * times.size()) - 1);
    }

    private String largestAccount() {
        return sizes.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
    }

    private static int bucket(long size) {
        for (int i = 0; i < BUCKETS.length; i++) {
            if (size < BUCKETS[i]) {
                return i;
            }
        }
        return BUCKETS.length;
    }

    /** Seconds from {@code started} to each account's first complete sync. */
    private static Map<String, Double> firstSyncs(SynclineRuntime runtime, long started) throws Exception {
        Map<String, Double> synced = new HashMap<>();
        long startedMillis = System.currentTimeMillis() - (System.nanoTime() - started) / 1_000_000;
        try (Connection connection = runtime.embeddedPostgres().orElseThrow().connect("syncline");
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT account_id, extract(epoch FROM first_synced_at) * 1000 FROM syncline.accounts"
                     + " WHERE first_synced_at IS NOT NULL")) {
            while (rows.next()) {
                synced.put(rows.getString(1), (rows.getDouble(2) - startedMillis) / 1000.0);
            }
        } catch (java.sql.SQLException notYet) {
            // the state tables appear once the runtime has migrated
        }
        return synced;
    }

    /**
     * The set difference per account: every account's ids of every type in the warehouse against
     * the simulator's live objects, both ways. An account that did not finish within the bound
     * usually differs too.
     */
    private int diverged(SynclineRuntime runtime) throws Exception {
        Map<String, Set<String>> stored = new HashMap<>();
        try (Connection connection = runtime.embeddedPostgres().orElseThrow().connect("warehouse");
             Statement statement = connection.createStatement()) {
            for (String type : OBJECTS) {
                try (ResultSet rows = statement.executeQuery("SELECT _account_id, id FROM stripe." + type + "s")) {
                    while (rows.next()) {
                        stored.computeIfAbsent(rows.getString(1), a -> new java.util.HashSet<>()).add(type + "/" + rows.getString(2));
                    }
                } catch (java.sql.SQLException missing) {
                    // a table not written yet
                }
            }
        }
        int diverged = 0;
        for (String account : simulator.connectedAccountIds()) {
            Set<String> expected = OBJECTS.stream()
                    .flatMap(type -> simulator.groundTruth(account).objects(type).stream().map(o -> type + "/" + o.get("id")))
                    .collect(Collectors.toSet());
            if (!expected.equals(stored.getOrDefault(account, Set.of()))) {
                diverged++;
            }
        }
        return diverged;
    }

    private static long rows(SynclineRuntime runtime, String account) throws Exception {
        long count = 0;
        try (Connection connection = runtime.embeddedPostgres().orElseThrow().connect("warehouse");
             Statement statement = connection.createStatement()) {
            for (String table : List.of("customers", "products", "prices", "subscriptions", "invoices")) {
                try (ResultSet rows = statement.executeQuery("SELECT count(*) FROM stripe." + table + " WHERE _account_id = '" + account + "'")) {
                    rows.next();
                    count += rows.getLong(1);
                } catch (java.sql.SQLException missing) {
                    // a table not written yet
                }
            }
        }
        return count;
    }

    @Override
    public void close() {
        if (simulator != null) {
            simulator.close();
        }
    }
}
