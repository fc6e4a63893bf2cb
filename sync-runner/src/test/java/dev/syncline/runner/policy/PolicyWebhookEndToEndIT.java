package dev.syncline.runner.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.syncline.connector.spi.Connectors;
import dev.syncline.runner.app.SynclineRuntime;
import dev.syncline.runner.config.ConfigReader;
import dev.syncline.runner.config.SynclineConfig;
import dev.syncline.runner.config.YamlSource;
import dev.syncline.runner.state.EmbeddedPostgresServer;
import dev.syncline.sim.StripeSimulator;
import dev.syncline.sim.webhooks.WebhookEndpoint;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Least privilege for live events, end to end: Stripe (the simulator) delivers signed webhooks to
 * the running intake under a manifest that grants {@code customer_read} and {@code event_read} but
 * not {@code subscription_read}. Subscription events must be answered 2xx (so Stripe does not retry
 * them for days) yet never stored nor fetched, and counted as denied; customer events delivered in
 * the same stream must still reach the warehouse.
 *
 * <p>The Events API poller reads only at startup ({@code poll-interval-seconds: 0}), so every event
 * made after the backfill can only arrive through the webhooks under test.
 */
class PolicyWebhookEndToEndIT {
    private static final String SECRET = "whsec_policy_webhooks";

    @TempDir
    Path dataDir;

    @Test
    void withoutSubscriptionRead_subscriptionWebhooksAre200_butNeverStoredOrFetched_andCustomerWebhooksLand() throws Exception {
        Path manifest = TestManifests.write(dataDir, List.of("customer_read", "event_read"), List.of());
        try (StripeSimulator simulator = StripeSimulator.builder().seed(12).customers(60).start()) {
            SynclineConfig config = ConfigReader.read(YamlSource.parse("""
                    %sstripe:
                      api-key: sk_test_policy_webhooks
                      api-base: "%s"
                      rate-limit: { requests-per-second: 500 }
                      webhook: { secrets: [%s] }
                      events: { poll-interval-seconds: 0 }
                    state: { data-dir: "%s", embedded-port: %d }
                    server: { address: 127.0.0.1, port: 0 }
                    pipelines:
                      - name: warehouse
                        objects: [customer]
                        destination: { type: postgres, url: embedded, schema: policy_live }
                    """.formatted(TestManifests.line(manifest), simulator.baseUrl(), SECRET, dataDir.resolve("state"),
                    EmbeddedPostgresServer.freePort()), "test"), Connectors.discover(), Map.<String, String>of()::get);

            try (SynclineRuntime runtime = SynclineRuntime.start(config, Connectors.discover(), true)) {
                runtime.sync().backfillCompletion().block(Duration.ofMinutes(2));
                assertThat(runtime.sync().failures()).isEmpty();
                WebhookEndpoint endpoint = simulator.addWebhookEndpoint(
                        URI.create("http://127.0.0.1:" + runtime.httpPort() + "/webhooks/stripe"), SECRET);
                double deniedBefore = count(runtime.meters(), "syncline.webhooks.received", "outcome", "denied");

                List<String> subscriptions = simulator.groundTruth().objects("subscription").stream()
                        .filter(s -> !"canceled".equals(s.get("status"))).map(s -> (String) s.get("id")).limit(4).toList();
                assertThat(subscriptions).as("live subscriptions in the simulated account").hasSize(4);
                assertThat(simulator.cancelSubscription(subscriptions.get(0))).isTrue();
                assertThat(simulator.cancelSubscription(subscriptions.get(1))).isTrue();
                simulator.update("subscription", subscriptions.get(2), Map.of("description", "upgraded"));
                simulator.update("subscription", subscriptions.get(3), Map.of("description", "downgraded"));
                Map<String, String> renamed = new HashMap<>();
                simulator.groundTruth().objects("customer").stream().limit(3).forEach(customer -> {
                    String id = (String) customer.get("id");
                    renamed.put(id, "Renamed " + id);
                    simulator.update("customer", id, Map.of("name", "Renamed " + id));
                });

                simulator.awaitWebhooksDelivered(Duration.ofSeconds(30));
                assertThat(endpoint.counters().successes()).as("every delivery answered 2xx").isEqualTo(7);
                assertThat(endpoint.counters().failures()).as("deliveries Stripe would retry").isZero();

                awaitNames(runtime, renamed, Duration.ofSeconds(30));
                assertThat(inboxCount(runtime, "event_type LIKE 'customer.subscription.%'")).as("subscription events stored").isZero();
                assertThat(inboxCount(runtime, "event_type = 'customer.updated' AND source = 'WEBHOOK'"))
                        .as("customer events stored from the webhooks").isEqualTo(3);
                assertThat(count(runtime.meters(), "syncline.webhooks.received", "outcome", "denied") - deniedBefore)
                        .as("webhooks answered denied").isEqualTo(4);
                assertThat(count(runtime.meters(), "syncline.policy.denied", "stage", "intake", "object_type", "subscription"))
                        .as("subscription events denied at the intake").isEqualTo(4);
                assertThat(simulator.counters().byEndpoint().keySet()).as("requests Stripe received")
                        .noneMatch(e -> e.startsWith("GET /v1/subscriptions"));
                assertThat(runtime.sync().failures()).isEmpty();
            }
        }
    }

    /** The sum of the counters named so with these tags; 0 before any is registered. */
    private static double count(MeterRegistry meters, String name, String... tags) {
        return meters.find(name).tags(tags).counters().stream().mapToDouble(Counter::count).sum();
    }

    private static long inboxCount(SynclineRuntime runtime, String where) throws SQLException {
        try (Connection connection = runtime.embeddedPostgres().orElseThrow().connect("syncline");
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT count(*) FROM syncline.inbox WHERE " + where)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /** Waits until the warehouse holds each customer under its new name, or fails showing what it holds. */
    private static void awaitNames(SynclineRuntime runtime, Map<String, String> expected, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, String> stored = Map.of();
        while (System.nanoTime() < deadline) {
            stored = names(runtime, expected.keySet());
            if (stored.equals(expected)) {
                return;
            }
            Thread.sleep(100);
        }
        assertThat(stored).as("customer names in the warehouse").isEqualTo(expected);
    }

    private static Map<String, String> names(SynclineRuntime runtime, java.util.Set<String> ids) throws SQLException {
        Map<String, String> names = new HashMap<>();
        try (Connection connection = runtime.embeddedPostgres().orElseThrow().connect("warehouse");
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT id, name FROM policy_live.customers")) {
            while (rows.next()) {
                if (ids.contains(rows.getString(1))) {
                    names.put(rows.getString(1), rows.getString(2));
                }
            }
        }
        return names;
    }
}
