package dev.syncline.runner.live;

import static org.assertj.core.api.Assertions.assertThat;

import dev.syncline.connector.record.Json;
import dev.syncline.connector.spi.Connectors;
import dev.syncline.runner.app.SynclineRuntime;
import dev.syncline.runner.config.ConfigReader;
import dev.syncline.runner.config.SynclineConfig;
import dev.syncline.runner.config.YamlSource;
import dev.syncline.runner.inbox.InboxEvent;
import dev.syncline.runner.inbox.StripeEvents;
import dev.syncline.runner.policy.TestManifests;
import dev.syncline.runner.state.EmbeddedPostgresServer;
import dev.syncline.sim.StripeSimulator;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * The live side of a pipeline against a real state database: events stored in the inbox (as the
 * intake stores them: shuffled, duplicated, some same-second pairs delivered newest first) reach
 * the warehouse, through Debezium in {@code cdc} mode and by queries in {@code poll} mode, and the
 * warehouse ends equal to the simulator, ties and deletes included.
 */
class LiveEventsIT {
    @TempDir
    Path dataDir;

    @ParameterizedTest
    @ValueSource(strings = {"cdc", "poll"})
    void eventsInTheInbox_reachTheWarehouse_andItConvergesToStripe(String mode) throws Exception {
        Path manifest = TestManifests.write(dataDir, List.of("customer_read", "event_read"), List.of());
        try (StripeSimulator simulator = StripeSimulator.builder().seed(5).customers(200).start()) {
            SynclineConfig config = ConfigReader.read(YamlSource.parse("""
                    %sstripe: { api-key: sk_test_live, api-base: "%s", rate-limit: { requests-per-second: 500 }, events: { poll-interval-seconds: 0 } }
                    inbox: { mode: %s, poll-interval-ms: 50 }
                    state: { data-dir: "%s", embedded-port: %d }
                    server: { address: 127.0.0.1, port: 0 }
                    pipelines:
                      - name: warehouse
                        objects: [customer]
                        destination: { type: postgres, url: embedded, schema: stripe }
                    """.formatted(TestManifests.line(manifest), simulator.baseUrl(), mode, dataDir.resolve("state"),
                    EmbeddedPostgresServer.freePort()), "test"), Connectors.discover(), Map.<String, String>of()::get);

            try (SynclineRuntime runtime = SynclineRuntime.start(config, Connectors.discover(), true)) {
                runtime.sync().backfillCompletion().block(Duration.ofMinutes(2));
                assertThat(runtime.sync().failures()).isEmpty();
                int before = simulator.events().size();

                List<Map<String, Object>> customers = simulator.groundTruth().objects("customer");
                for (int i = 0; i < 40; i++) {
                    String id = String.valueOf(customers.get(i).get("id"));
                    // Two changes in the same second: only a refetch can tell which state is the latest.
                    simulator.update("customer", id, Map.of("name", "First " + i));
                    simulator.update("customer", id, Map.of("name", "Second " + i));
                }
                for (int i = 40; i < 50; i++) {
                    simulator.delete("customer", String.valueOf(customers.get(i).get("id")));
                }
                for (int i = 0; i < 10; i++) {
                    simulator.create("customer", Map.of("id", "cus_live" + i, "email", "live" + i + "@example.com"));
                }

                List<Map<String, Object>> events = new ArrayList<>(simulator.events().subList(0, simulator.events().size() - before));
                List<InboxEvent> delivered = new ArrayList<>();
                for (Map<String, Object> event : events) {
                    delivered.add(StripeEvents.parse(Json.write(event), InboxEvent.Source.WEBHOOK));
                }
                // Newest first, plus duplicates: the worst order a webhook endpoint sees.
                delivered.addAll(delivered.subList(0, 20));
                Collections.shuffle(delivered.subList(30, delivered.size()), new java.util.Random(7));
                for (int from = 0; from < delivered.size(); from += 25) {
                    runtime.sync().inbox().append(delivered.subList(from, Math.min(delivered.size(), from + 25))).block(Duration.ofSeconds(10));
                }

                Map<String, String> expected = new HashMap<>();
                simulator.groundTruth().objects("customer").forEach(c -> expected.put(String.valueOf(c.get("id")), Objects.toString(c.get("name"))));
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                Map<String, String> actual = Map.of();
                while (System.nanoTime() < deadline) {
                    actual = warehouseNames(runtime);
                    if (actual.equals(expected)) {
                        break;
                    }
                    Thread.sleep(250);
                }
                assertThat(actual).as("live customers and their names").isEqualTo(expected);
                assertThat(runtime.meters().find("syncline.records.ties").counters()).as("same-second ties resolved by refetching")
                        .isNotEmpty().allSatisfy(counter -> assertThat(counter.count()).isPositive());
                if (mode.equals("cdc")) {
                    try (Connection connection = runtime.embeddedPostgres().orElseThrow().connect("syncline");
                         Statement statement = connection.createStatement();
                         ResultSet slots = statement.executeQuery("SELECT active FROM pg_replication_slots WHERE slot_name = 'syncline_warehouse'")) {
                        assertThat(slots.next()).as("the pipeline's replication slot").isTrue();
                        assertThat(slots.getBoolean(1)).as("Debezium streams from it").isTrue();
                    }
                }
            }
        }
    }

    private static Map<String, String> warehouseNames(SynclineRuntime runtime) throws Exception {
        Map<String, String> names = new HashMap<>();
        try (Connection connection = runtime.embeddedPostgres().orElseThrow().connect("warehouse");
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT id, _raw->>'name' FROM stripe.customers WHERE NOT _deleted")) {
            while (rows.next()) {
                names.put(rows.getString(1), Objects.toString(rows.getString(2)));
            }
        }
        return names;
    }
}
