package dev.syncline.bench.hubspot;

import dev.syncline.bench.Benchmark;
import dev.syncline.bench.BenchmarkEnvironment;
import dev.syncline.bench.Metric;
import dev.syncline.connector.policy.EgressAllowList;
import dev.syncline.connector.record.Origin;
import dev.syncline.connector.record.SyncRecord;
import dev.syncline.connector.spi.BatchResult;
import dev.syncline.connector.spi.ConnectorProvider;
import dev.syncline.connector.spi.Connectors;
import dev.syncline.connector.spi.RecordBatch;
import dev.syncline.connector.spi.RecordOutcome;
import dev.syncline.connector.spi.SinkConnector;
import dev.syncline.sim.StripeSimulator;
import dev.syncline.testkit.TestSinkContext;
import dev.syncline.testkit.http.TestCertificate;
import dev.syncline.testkit.hubspot.FakeHubSpot;
import dev.syncline.testkit.hubspot.HubSpotRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * A backfill of the simulator's customers into a fresh fake HubSpot portal with HubSpot's Starter
 * limit (100 requests per rolling ten seconds), through the connector found by ServiceLoader as the
 * runner finds it, in the runner's default batches of 500. Checks the result against the
 * simulator's ground truth on every run.
 */
public final class HubSpotBackfillBenchmark implements Benchmark {
    private static final int CUSTOMERS = 20_000;
    private static final int QUICK_CUSTOMERS = 2_000;
    private static final int WARM_UP_CUSTOMERS = 2_000;
    private static final int BATCH = 500;
    private static final long VERSION = 1_800_000_000L;
    private static final int LIMIT = 100;

    private List<Map<String, Object>> customers = List.of();
    private String account = "";
    private boolean warmedUp;

    @Override
    public String id() {
        return "hubspot-backfill";
    }

    @Override
    public String title() {
        return "Backfilling customers into HubSpot";
    }

    @Override
    public String description() {
        return """
                Writes the stripe-sim's %,d customers (`StripeSimulator.builder().customers(%,d)`, seed 21) through the
                HubSpot connector with its default mappings (customer → contact by `stripe_customer_id`) into a fresh
                fake HubSpot portal on this machine that enforces HubSpot's Starter limit of %d requests per rolling
                ten seconds, in batches of %,d as the runner hands them over, and divides by the wall time. The
                connector paces itself (a token bucket holding any ten seconds to 90 %% of the limit) and needs three
                requests per 100 new customers: two batch reads of what HubSpot holds (live records, then archived
                tombstones) and one batch upsert, plus, for each 100 that holds an email conflict, one more upsert of
                just those inputs without their email (the contacts holding the emails were written by the connector,
                so no read is needed to know they belong to other customers); so the figure is bound by the limit, not
                by this machine.

                Each run then checks, against the simulator's ground truth, that every customer is exactly one contact
                holding all its mapped fields. HubSpot keeps one contact per email, so a customer whose email an
                earlier customer already has is written under the default `on-email-conflict: omit-email`: its
                contact has no `email` and holds the address in `stripe_email`; those are counted in the last row.
                The simple approach, one request per customer, needs at least %,d requests: %,d s at this limit.
                The warm-up run uses %,d customers.
                """.formatted(CUSTOMERS, CUSTOMERS, LIMIT, BATCH, CUSTOMERS, CUSTOMERS / LIMIT * 10, WARM_UP_CUSTOMERS);
    }

    @Override
    public List<Metric> metrics() {
        return List.of(
                Metric.of("rate", "customers written", "customers/s"),
                Metric.of("seconds", "wall time", "s"),
                Metric.atMost("requests_per_100", "requests per 100 customers", "requests", 4),
                Metric.atMost("peak", "most requests in any ten seconds", "requests", LIMIT),
                Metric.atMost("throttled", "answers 429", "answers", 0),
                Metric.atLeast("present", "customers present with every mapped field (of all)", "%", 100),
                Metric.atMost("duplicates", "customers with more than one contact", "customers", 0),
                Metric.of("conflicts", "customers written without the email another holds (in stripe_email)", "customers"));
    }

    @Override
    public void setUp(BenchmarkEnvironment environment) {
        int count = environment.quick() ? QUICK_CUSTOMERS : CUSTOMERS;
        try (StripeSimulator simulator = StripeSimulator.builder().seed(21).customers(count).objectTypes("customer").start()) {
            customers = simulator.groundTruth().objects("customer");
            account = simulator.accountId();
        }
    }

    @Override
    public Map<String, Double> run() {
        List<Map<String, Object>> selected = warmedUp ? customers : customers.subList(0, Math.min(WARM_UP_CUSTOMERS, customers.size()));
        warmedUp = true;
        try (FakeHubSpot hubspot = FakeHubSpot.start().tenSecondlyLimit(LIMIT)) {
            SinkConnector connector = open(hubspot);
            Map<String, RecordOutcome> outcomes = new HashMap<>();
            long started = System.nanoTime();
            for (int from = 0; from < selected.size(); from += BATCH) {
                List<SyncRecord> batch = new ArrayList<>();
                for (Map<String, Object> customer : selected.subList(from, Math.min(selected.size(), from + BATCH))) {
                    batch.add(SyncRecord.upsert(account, "customer", (String) customer.get("id"), VERSION, Origin.BACKFILL,
                            new LinkedHashMap<>(customer)));
                }
                BatchResult result = Objects.requireNonNull(connector.write(new RecordBatch(batch)).block(Duration.ofMinutes(5)));
                for (int i = 0; i < batch.size(); i++) {
                    outcomes.put(batch.get(i).key().id(), result.get(i));
                }
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            connector.close().block();
            Map<String, Double> figures = check(hubspot, selected, outcomes);
            figures.put("rate", selected.size() / seconds);
            figures.put("seconds", seconds);
            figures.put("requests_per_100", 100.0 * (hubspot.count("batch/read") + hubspot.count("batch/upsert")
                    + hubspot.count("batch/update")) / selected.size());
            figures.put("peak", (double) hubspot.peakRequestsPerWindow());
            figures.put("throttled", (double) hubspot.count("429"));
            return figures;
        }
    }

    private SinkConnector open(FakeHubSpot hubspot) {
        ConnectorProvider provider = Connectors.discover().forType("hubspot").orElseThrow();
        Map<String, Object> block = Map.of("type", "hubspot", "url", hubspot.url(), "token", FakeHubSpot.TOKEN, "tier", "starter");
        SinkConnector connector = provider.create(provider.configSpec().parse("pipelines[0].destination", block));
        TestSinkContext context = TestSinkContext.withTestSchemas()
                .egress(EgressAllowList.of(List.of(hubspot.url() + "crm/"), List.of()), List.of(TestCertificate.localhost().certificate()));
        connector.open(context).block(Duration.ofMinutes(1));
        return connector;
    }

    // Every customer is one contact with its mapped fields; one whose email an earlier customer holds has it in stripe_email.
    private static Map<String, Double> check(FakeHubSpot hubspot, List<Map<String, Object>> customers, Map<String, RecordOutcome> outcomes) {
        Map<String, List<HubSpotRecord>> contacts = hubspot.records("contacts").stream()
                .collect(Collectors.groupingBy(r -> r.property("stripe_customer_id").orElse("")));
        Set<String> emails = new HashSet<>();
        int present = 0;
        int conflicts = 0;
        int duplicates = 0;
        for (Map<String, Object> customer : customers) {
            String id = (String) customer.get("id");
            List<HubSpotRecord> held = contacts.getOrDefault(id, List.of());
            duplicates += held.size() > 1 ? 1 : 0;
            boolean sharedEmail = !emails.add(String.valueOf(customer.get("email")));
            if (held.size() == 1 && outcomes.get(id) == RecordOutcome.APPLIED && holdsMappedFields(held.get(0), customer, sharedEmail)) {
                present++;
                conflicts += sharedEmail ? 1 : 0;
            }
        }
        Map<String, Double> figures = new LinkedHashMap<>();
        figures.put("present", customers.isEmpty() ? 100.0 : 100.0 * present / customers.size());
        figures.put("duplicates", (double) duplicates);
        figures.put("conflicts", (double) conflicts);
        return figures;
    }

    private static boolean holdsMappedFields(HubSpotRecord contact, Map<String, Object> customer, boolean sharedEmail) {
        Map<String, String> p = contact.properties();
        String name = String.valueOf(customer.get("name"));
        boolean email = sharedEmail
                ? p.get("email") == null && Objects.equals(p.get("stripe_email"), customer.get("email"))
                : Objects.equals(p.get("email"), customer.get("email"));
        return email
                && Objects.equals(p.get("firstname"), name.split(" ", 2)[0])
                && Objects.equals(p.get("lastname"), name.contains(" ") ? name.split(" ", 2)[1] : name)
                && Objects.equals(p.get("phone"), text(customer.get("phone")))
                && Objects.equals(p.get("stripe_created_at"), java.time.Instant.ofEpochSecond(((Number) customer.get("created")).longValue()).toString())
                && Objects.equals(p.get("stripe_delinquent"), String.valueOf(customer.get("delinquent")))
                && Objects.equals(p.get("syncline_version"), Long.toString(VERSION));
    }

    private static @Nullable String text(@Nullable Object value) {
        return value == null ? null : String.valueOf(value);
    }
}
