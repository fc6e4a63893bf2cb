package dev.syncline.bench.salesforce;

import dev.syncline.bench.Benchmark;
import dev.syncline.bench.BenchmarkEnvironment;
import dev.syncline.bench.Metric;
import dev.syncline.connector.http.GuardedHttpClient;
import dev.syncline.connector.policy.EgressAllowList;
import dev.syncline.connector.record.Origin;
import dev.syncline.connector.record.SyncRecord;
import dev.syncline.connector.schema.SchemaCatalog;
import dev.syncline.connector.spi.ConnectorMetrics;
import dev.syncline.connector.spi.ConnectorProvider;
import dev.syncline.connector.spi.Connectors;
import dev.syncline.connector.spi.RecordBatch;
import dev.syncline.connector.spi.RecordOutcome;
import dev.syncline.connector.spi.SinkConnector;
import dev.syncline.connector.spi.SinkContext;
import dev.syncline.sim.StripeSimulator;
import dev.syncline.testkit.http.TestCertificate;
import dev.syncline.testkit.salesforce.Endpoint;
import dev.syncline.testkit.salesforce.FakeSalesforce;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A 20,000-customer backfill into the fake Salesforce org through the connector, in the batches a
 * pipeline hands it, checked record by record afterwards: every customer present once as an
 * Account and a Contact with its mapped fields, and the org's request counts.
 */
public final class SalesforceBackfillBenchmark implements Benchmark {
    private static final int CUSTOMERS = 20_000;
    private static final int QUICK_CUSTOMERS = 3_000;
    private static final long VERSION = 1_767_000_000L;
    private static final String CLIENT_ID = "3MVG9_bench_consumer_key";
    private static final String CLIENT_SECRET = "bench-consumer-secret";

    private @Nullable StripeSimulator sim;
    private List<SyncRecord> records = List.of();

    @Override
    public String id() {
        return "salesforce-backfill";
    }

    @Override
    public String title() {
        return "Backfilling customers into Salesforce";
    }

    @Override
    public String description() {
        return """
                Writes the %,d customers of a `StripeSimulator` (`groundTruth().objects("customer")`, as backfill
                records) through the Salesforce connector with its default mappings (each customer becomes an Account
                and a Contact linked to it) into the fake org of `connector-test-kit` over HTTPS on the same machine,
                in the batches a pipeline hands the connector, one batch at a time, into a fresh org each time. The
                fake answers each Bulk job `InProgress` once before it completes; the connector polls from 20 ms.
                Afterwards every customer is checked: one Account and one Contact, with its name, email, currency
                and Account link. Requests are what the org counted against its API allocation (token requests
                excluded, describe calls at start included).

                - **`batch-size: 5000`**, the setting docs/connectors/salesforce.md recommends for backfills: every
                  batch is over `bulk-threshold` (2,000) and goes through Bulk API 2.0, one job per sObject;
                - **`batch-size: 1000`**: the run of backfill batches passes `bulk-threshold` at the second batch,
                  which and all later ones go through Bulk;
                - **simple approach**: the runner's default `batch-size: 500`, which stays on sObject Collections
                  (200 records per request), since a Bulk job per 500 records would cost more API calls than it saves.
                """.formatted(CUSTOMERS);
    }

    @Override
    public List<Metric> metrics() {
        return List.of(
                Metric.of("bulk_rate", "batch-size 5000 (Bulk API)", "customers/s"),
                Metric.atMost("bulk_requests", "API requests, batch-size 5000", "requests", 100),
                Metric.of("bulk_jobs", "Bulk jobs, batch-size 5000", "jobs"),
                Metric.of("run_requests", "API requests, batch-size 1000 (run switches to Bulk)", "requests"),
                Metric.of("collections_rate", "simple approach, batch-size 500 (Collections)", "customers/s"),
                Metric.of("collections_requests", "API requests, simple approach", "requests"),
                Metric.atMost("largest_collections", "largest Collections request", "records", 200),
                Metric.atMost("missing", "customers missing or with wrong fields", "customers", 0),
                Metric.atMost("duplicates", "duplicate Accounts or Contacts", "records", 0));
    }

    @Override
    public void setUp(BenchmarkEnvironment environment) {
        int count = environment.quick() ? QUICK_CUSTOMERS : CUSTOMERS;
        StripeSimulator started = StripeSimulator.builder().customers(count).objectTypes("customer").seed(20_000).start();
        this.sim = started;
        this.records = started.groundTruth().objects("customer").stream()
                .map(c -> SyncRecord.upsert(started.accountId(), "customer", (String) c.get("id"), VERSION, Origin.BACKFILL, c))
                .toList();
    }

    @Override
    public Map<String, Double> run() {
        Map<String, Double> figures = new LinkedHashMap<>();
        Load bulk = load(5_000);
        Load run = load(1_000);
        Load collections = load(500);
        if (bulk.jobs == 0 || run.jobs == 0 || collections.jobs != 0) {
            throw new IllegalStateException("unexpected write paths: " + bulk.jobs + " / " + run.jobs + " / " + collections.jobs + " Bulk jobs");
        }
        figures.put("bulk_rate", bulk.rate);
        figures.put("bulk_requests", (double) bulk.requests);
        figures.put("bulk_jobs", (double) bulk.jobs);
        figures.put("run_requests", (double) run.requests);
        figures.put("collections_rate", collections.rate);
        figures.put("collections_requests", (double) collections.requests);
        figures.put("largest_collections", (double) Math.max(bulk.largest, Math.max(run.largest, collections.largest)));
        figures.put("missing", (double) (bulk.missing + run.missing + collections.missing));
        figures.put("duplicates", (double) (bulk.duplicates + run.duplicates + collections.duplicates));
        return figures;
    }

    private record Load(double rate, long requests, int jobs, int largest, long missing, long duplicates) {}

    private Load load(int batchSize) {
        try (FakeSalesforce org = FakeSalesforce.start().clientCredentials(CLIENT_ID, CLIENT_SECRET);
             GuardedHttpClient http = GuardedHttpClient.builder(EgressAllowList.of(List.of(org.url() + "/services/"), List.of()))
                     .trustOnly(List.of(TestCertificate.localhost().certificate())).build()) {
            ConnectorProvider provider = Connectors.discover().forType("salesforce").orElseThrow();
            Map<String, Object> destination = Map.of("type", "salesforce", "url", org.url(), "client-id", CLIENT_ID,
                    "client-secret", CLIENT_SECRET, "bulk-poll-interval", "20ms");
            SinkConnector connector = provider.create(provider.configSpec().parse("benchmark.destination", destination));
            connector.open(context(http)).block(Duration.ofMinutes(1));
            long applied = 0;
            long started = System.nanoTime();
            for (int from = 0; from < records.size(); from += batchSize) {
                RecordBatch batch = new RecordBatch(records.subList(from, Math.min(records.size(), from + batchSize)));
                applied += Objects.requireNonNull(connector.write(batch).block(Duration.ofMinutes(10))).count(RecordOutcome.Status.APPLIED);
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            connector.close().block(Duration.ofMinutes(1));
            if (applied != records.size()) {
                throw new IllegalStateException("expected " + records.size() + " customers applied, got " + applied);
            }
            return new Load(records.size() / seconds, org.apiUsage(), org.bulkJobs(), org.largestCollectionsBatch(), missing(org), duplicates(org));
        }
    }

    /** Customers without exactly the Account and Contact fields the default mapping gives them. */
    private long missing(FakeSalesforce org) {
        long missing = 0;
        for (SyncRecord record : records) {
            Map<String, @Nullable Object> c = record.payload();
            String id = record.key().id();
            var account = org.record("Account", "Stripe_Customer_Id__c", id);
            var contact = org.record("Contact", "Stripe_Customer_Id__c", id);
            Object name = c.get("name") != null ? c.get("name") : c.get("email") != null ? c.get("email") : id;
            boolean ok = account.isPresent() && contact.isPresent()
                    && Objects.equals(account.get().get("Name"), name)
                    && Objects.equals(account.get().get("Stripe_Currency__c"), c.get("currency"))
                    && Objects.equals(contact.get().get("Email"), c.get("email"))
                    && Objects.equals(contact.get().get("AccountId"), account.get().get("Id"));
            missing += ok ? 0 : 1;
        }
        return missing;
    }

    private static long duplicates(FakeSalesforce org) {
        long duplicates = 0;
        for (String sObject : List.of("Account", "Contact")) {
            Set<Object> seen = new HashSet<>();
            for (Map<String, @Nullable Object> r : org.records(sObject)) {
                duplicates += seen.add(r.get("Stripe_Customer_Id__c")) ? 0 : 1;
            }
        }
        return duplicates;
    }

    private static SinkContext context(GuardedHttpClient http) {
        return new SinkContext() {
            @Override
            public String pipeline() {
                return "benchmark";
            }

            @Override
            public SchemaCatalog schemas() {
                return type -> java.util.Optional.empty();
            }

            @Override
            public Clock clock() {
                return Clock.systemUTC();
            }

            @Override
            public ConnectorMetrics metrics() {
                return ConnectorMetrics.noop();
            }

            @Override
            public GuardedHttpClient http() {
                return http;
            }
        };
    }

    @Override
    public void close() {
        if (sim != null) {
            sim.close();
        }
    }
}
