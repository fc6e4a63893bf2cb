package dev.syncline.runner.intake;

import static dev.syncline.runner.intake.WebhookIntakeIT.CURRENT;
import static dev.syncline.runner.intake.WebhookIntakeIT.configFor;
import static dev.syncline.runner.intake.WebhookIntakeIT.metric;
import static dev.syncline.runner.intake.WebhookIntakeIT.nextId;
import static dev.syncline.runner.intake.WebhookIntakeIT.send;
import static dev.syncline.runner.intake.WebhookIntakeIT.sign;
import static dev.syncline.runner.intake.WebhookIntakeIT.snapshot;
import static dev.syncline.runner.intake.WebhookIntakeIT.start;
import static org.assertj.core.api.Assertions.assertThat;

import dev.syncline.connector.spi.ConnectorMetrics;
import dev.syncline.runner.app.SynclineRuntime;
import dev.syncline.runner.config.SynclineConfig;
import dev.syncline.runner.policy.EventPolicy;
import dev.syncline.runner.policy.TestManifests;
import dev.syncline.runner.state.EmbeddedPostgresServer;
import dev.syncline.sim.StripeSimulator;
import dev.syncline.sim.webhooks.WebhookFaults;
import dev.syncline.sim.webhooks.WebhookSettings;
import dev.syncline.testkit.postgres.PostgresFixture;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The intake when its state database is down, and fed by the simulator's real deliveries with
 * duplicates and reordering. Each test runs its own Syncline, one at a time (two Syncline
 * applications in one JVM share Reactor Netty's event loops).
 */
class WebhookDeliveryIT {
    @TempDir
    Path dataDir;

    private final PostgresFixture postgres = PostgresFixture.get();

    @Test
    void whenTheStateDatabaseIsDown_theIntakeAnswers503() throws Exception {
        Path manifest = TestManifests.write(dataDir, List.of("customer_read", "event_read"), List.of());
        int closed = EmbeddedPostgresServer.freePort();
        try (SynclineRuntime down = start(configFor(manifest, WebhookIntakeIT.url(postgres, closed, "nowhere"), "http://127.0.0.1:" + closed, dataDir, 1 << 20))) {
            String body = snapshot(nextId(), "customer.updated", "customer", "cus_down");
            long started = System.nanoTime();

            HttpResponse<String> response = send(down, "/webhooks/stripe", body, "Stripe-Signature", sign(body, CURRENT));

            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(response.body()).contains("\"type\":\"unavailable\"");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).as("answered without waiting for a timeout").isLessThan(Duration.ofSeconds(9));
            assertThat(metric(down, "syncline.webhooks.received", "outcome:unavailable")).isEqualTo(1);
        }
    }

    /**
     * The simulator delivers a few hundred mutation events, some twice and some out of order;
     * the inbox ends up holding each permitted one exactly once, and nothing else.
     */
    @Test
    void theSimulatorsDeliveries_withDuplicatesAndReordering_landInTheInboxExactlyOnce() throws Exception {
        String e2eDatabase = postgres.createDatabase();
        Path manifest = TestManifests.grantingEverything();
        try (StripeSimulator sim = StripeSimulator.builder().seed(5).customers(100)
                .webhooks(WebhookSettings.builder().backoff(Duration.ofMillis(10), Duration.ofMillis(100)).concurrency(16)
                        .faults(WebhookFaults.builder().duplicate(0.2).reorder(0.2, Duration.ofMillis(200)).build()).build())
                .start()) {
            SynclineConfig e2eConfig = configFor(manifest, WebhookIntakeIT.url(postgres, postgres.port(), e2eDatabase), sim.baseUrl().toString(), dataDir, 1 << 20);
            try (SynclineRuntime e2e = start(e2eConfig)) {
                deliverMutations(sim, e2e, e2eConfig, e2eDatabase);
            }
        }
    }

    private void deliverMutations(StripeSimulator sim, SynclineRuntime e2e, SynclineConfig e2eConfig, String e2eDatabase) throws Exception {
        e2e.sync().backfillCompletion().block(Duration.ofMinutes(2));
        sim.addWebhookEndpoint(URI.create("http://127.0.0.1:" + e2e.httpPort() + "/webhooks/stripe"), CURRENT);

        EventPolicy policy = e2eConfig.policy().events(ConnectorMetrics.noop());
        Set<String> expected = new HashSet<>();
        int denied = 0;
        for (int i = 0; i < 300; i++) {
            Map<String, Object> event = sim.mutate();
            if (event == null) {
                continue;
            }
            if (policy.decide(String.valueOf(event.get("type"))).allowed()) {
                expected.add(String.valueOf(event.get("id")));
            } else {
                denied++;
            }
        }
        sim.awaitWebhooksDelivered(Duration.ofMinutes(1));

        assertThat(sim.webhookCounters().duplicates()).as("duplicates sent").isPositive();
        assertThat(sim.webhookCounters().reordered()).as("reordered deliveries").isPositive();
        assertThat(sim.webhookCounters().exhausted()).as("deliveries given up").isZero();
        List<String> stored = new ArrayList<>();
        try (Connection c = postgres.connect(e2eDatabase); Statement s = c.createStatement();
             ResultSet rows = s.executeQuery("SELECT event_id FROM syncline.inbox ORDER BY seq")) {
            while (rows.next()) {
                stored.add(rows.getString(1));
            }
        }
        assertThat(expected).hasSizeGreaterThan(250);
        assertThat(stored).as("each permitted event once, nothing else").hasSize(expected.size()).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(metric(e2e, "syncline.webhooks.received", "outcome:stored")).isEqualTo(expected.size());
        assertThat(metric(e2e, "syncline.webhooks.received", "outcome:duplicate")).isEqualTo(sim.webhookCounters().duplicates());
        assertThat(metric(e2e, "syncline.webhooks.received", "outcome:denied")).isEqualTo(denied);
        }
}
