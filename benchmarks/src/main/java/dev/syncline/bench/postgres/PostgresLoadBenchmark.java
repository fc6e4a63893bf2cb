package dev.syncline.bench.postgres;

import dev.syncline.bench.Benchmark;
import dev.syncline.bench.BenchmarkEnvironment;
import dev.syncline.bench.Metric;
import dev.syncline.connector.record.Origin;
import dev.syncline.connector.schema.SchemaCatalog;
import dev.syncline.connector.spi.ConnectorMetrics;
import dev.syncline.connector.spi.ConnectorProvider;
import dev.syncline.connector.spi.Connectors;
import dev.syncline.connector.spi.RecordBatch;
import dev.syncline.connector.spi.RecordOutcome;
import dev.syncline.connector.spi.SinkConnector;
import dev.syncline.connector.spi.SinkContext;
import dev.syncline.runner.catalog.StripeSchemas;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/**
 * Rows per second into Postgres through the connector's ways of writing: the bulk path backfills
 * take (a straight COPY for new rows, COPY and a merge over rows that exist), the multi-row upserts
 * live events take, and single-row upserts as the baseline.
 */
public final class PostgresLoadBenchmark implements Benchmark {
    private static final int CUSTOMERS = 1_000_000;
    private static final int QUICK_CUSTOMERS = 20_000;
    private static final int WARM_UP_CUSTOMERS = 50_000;
    private static final int BASELINE_CUSTOMERS = 20_000;
    private static final int QUICK_BASELINE_CUSTOMERS = 2_000;
    private static final int BATCH = 5_000;
    private static final long VERSION = 1_793_534_400L;

    private @Nullable EmbeddedPostgres postgres;
    private int customers;
    private int baselineCustomers;
    private boolean warmedUp;
    private final AtomicInteger schemas = new AtomicInteger();

    @Override
    public String id() {
        return "postgres-load";
    }

    @Override
    public String title() {
        return "Loading customers into Postgres";
    }

    @Override
    public String description() {
        return """
                Writes %,d realistic customers (typed columns from the stripe-java schema plus `_raw`) through the
                Postgres connector into an embedded Postgres 16 on the same machine, in batches of %,d, into a fresh
                schema each time, and divides by the wall time (record generation included):

                - **bulk path, new rows**: backfill batches (`Origin.BACKFILL`, over `bulk-threshold`), each split into
                  two parts loaded at once over two connections (`bulk-parallelism`, default 2); the table holds none of
                  their keys, so each part is one `COPY` straight into the table;
                - **bulk path, rows that exist**: the same customers again, each a version newer, into the same table:
                  a part's straight `COPY` is refused at its first key, so parts are staged, `COPY` into a temporary
                  table and one version-guarded merge statement with exact per-record outcomes (after a run of staged
                  parts a straight copy is tried again, and refused: that cost is in the figure);
                - **multi-row upserts**: the same batches as live events, written as version-guarded
                  `INSERT … ON CONFLICT` statements of 500 rows;
                - **single-row baseline**: the naive approach, the connector with `batch-size: 1`, so one
                  `INSERT … ON CONFLICT` statement per record, with the same guards. Measured on the first %,d
                  customers only, since a million would take minutes.

                Every record must come back `APPLIED`. The warm-up run uses %,d customers.
                """.formatted(CUSTOMERS, BATCH, BASELINE_CUSTOMERS, WARM_UP_CUSTOMERS);
    }

    @Override
    public List<Metric> metrics() {
        return List.of(
                Metric.atLeast("bulk", "bulk path, new rows (straight COPY)", "rows/s", 30_000),
                Metric.of("bulk_existing", "bulk path, rows that exist (COPY + merge)", "rows/s"),
                Metric.of("upsert", "multi-row upserts", "rows/s"),
                Metric.of("single", "single-row upsert baseline", "rows/s"),
                Metric.of("bulk_vs_single", "bulk path vs baseline", "×"),
                Metric.of("upsert_vs_single", "multi-row upserts vs baseline", "×"));
    }

    @Override
    public void setUp(BenchmarkEnvironment environment) throws Exception {
        customers = environment.quick() ? QUICK_CUSTOMERS : CUSTOMERS;
        baselineCustomers = environment.quick() ? QUICK_BASELINE_CUSTOMERS : BASELINE_CUSTOMERS;
        postgres = EmbeddedPostgres.builder()
                .setDataDirectory(environment.workDirectory().resolve("postgres"))
                .setCleanDataDirectory(true)
                .setServerConfig("listen_addresses", "127.0.0.1")
                .start();
    }

    @Override
    public Map<String, Double> run() throws Exception {
        int count = warmedUp ? customers : Math.min(customers, WARM_UP_CUSTOMERS);
        int baseline = warmedUp ? baselineCustomers : Math.min(baselineCustomers, count / 10);
        warmedUp = true;
        List<Double> bulk = load(count, Origin.BACKFILL, Map.of(), 2);
        double upsert = load(count, Origin.EVENT, Map.of("bulk-threshold", 0), 1).get(0);
        double single = load(baseline, Origin.EVENT, Map.of("bulk-threshold", 0, "batch-size", 1), 1).get(0);
        Map<String, Double> figures = new LinkedHashMap<>();
        figures.put("bulk", bulk.get(0));
        figures.put("bulk_existing", bulk.get(1));
        figures.put("upsert", upsert);
        figures.put("single", single);
        figures.put("bulk_vs_single", bulk.get(0) / single);
        figures.put("upsert_vs_single", upsert / single);
        return figures;
    }

    /**
     * Loads {@code count} customers into a fresh schema, {@code passes} times, each pass a version
     * newer than the one before; rows per second of each pass.
     */
    private List<Double> load(int count, Origin origin, Map<String, Object> options, int passes) {
        EmbeddedPostgres server = postgres;
        if (server == null) {
            throw new IllegalStateException("not set up");
        }
        Map<String, Object> destination = new LinkedHashMap<>();
        destination.put("type", "postgres");
        destination.put("url", "r2dbc:postgresql://127.0.0.1:" + server.getPort() + "/postgres");
        destination.put("username", "postgres");
        destination.put("password", "postgres");
        destination.put("schema", "bench_" + schemas.incrementAndGet());
        destination.putAll(options);
        ConnectorProvider provider = Connectors.discover().forType("postgres").orElseThrow();
        SinkConnector connector = provider.create(provider.configSpec().parse("benchmark.destination", destination));
        connector.open(context()).block(Duration.ofMinutes(1));
        try {
            // Create the table first, so the figure is about rows, not DDL.
            connector.write(new RecordBatch(CustomerRecords.batch(count, 1, VERSION, origin))).block(Duration.ofMinutes(1));
            List<Double> rates = new ArrayList<>();
            for (int pass = 0; pass < passes; pass++) {
                long version = VERSION + pass;
                AtomicLong applied = new AtomicLong();
                long started = System.nanoTime();
                Flux.range(0, (count + BATCH - 1) / BATCH)
                        .map(b -> new RecordBatch(CustomerRecords.batch(b * BATCH, Math.min(BATCH, count - b * BATCH), version, origin)))
                        // The next batch is generated while the current one is written, as a source would.
                        .subscribeOn(Schedulers.boundedElastic())
                        .concatMap(connector::write, 2)
                        .doOnNext(result -> applied.addAndGet(result.count(RecordOutcome.Status.APPLIED)))
                        .blockLast(Duration.ofMinutes(30));
                double seconds = (System.nanoTime() - started) / 1e9;
                if (applied.get() != count) {
                    throw new IllegalStateException("expected " + count + " rows applied in pass " + pass + ", got " + applied.get());
                }
                rates.add(count / seconds);
            }
            return rates;
        } finally {
            connector.close().block(Duration.ofMinutes(1));
        }
    }

    private static SinkContext context() {
        StripeSchemas schemas = new StripeSchemas();
        return new SinkContext() {
            @Override
            public String pipeline() {
                return "benchmark";
            }

            @Override
            public SchemaCatalog schemas() {
                return schemas;
            }

            @Override
            public Clock clock() {
                return Clock.systemUTC();
            }

            @Override
            public ConnectorMetrics metrics() {
                return ConnectorMetrics.noop();
            }
        };
    }

    @Override
    public void close() throws Exception {
        if (postgres != null) {
            postgres.close();
        }
    }
}
