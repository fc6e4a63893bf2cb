package dev.syncline.runner.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.syncline.connector.record.Json;
import dev.syncline.connector.spi.Connectors;
import dev.syncline.runner.app.SynclineRuntime;
import dev.syncline.runner.config.ConfigReader;
import dev.syncline.runner.config.SynclineConfig;
import dev.syncline.runner.config.YamlSource;
import dev.syncline.runner.state.EmbeddedPostgresServer;
import dev.syncline.sim.StripeSimulator;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Least privilege end to end: a manifest without {@code subscription_read}, a pipeline syncing
 * customers with their subscriptions expanded. Subscriptions are never listed, and the customers
 * reach the warehouse with subscription ids only.
 */
class PolicyEndToEndIT {
    @TempDir
    Path dataDir;

    @Test
    void withoutSubscriptionRead_noSubscriptionIsListed_andExpandedSubscriptionsArriveAsIds() throws Exception {
        Path manifest = TestManifests.write(dataDir, List.of("customer_read", "event_read"), List.of());
        try (StripeSimulator simulator = StripeSimulator.builder().seed(11).customers(300).start()) {
            SynclineConfig config = ConfigReader.read(YamlSource.parse("""
                    %sstripe: { api-key: sk_test_policy, api-base: "%s", rate-limit: { requests-per-second: 500 } }
                    state: { data-dir: "%s", embedded-port: %d }
                    server: { address: 127.0.0.1, port: 0 }
                    pipelines:
                      - name: crm-like
                        objects: [customer]
                        expand: { customer: [subscriptions] }
                        destination: { type: postgres, url: embedded, schema: policy }
                    """.formatted(TestManifests.line(manifest), simulator.baseUrl(), dataDir.resolve("state"),
                    EmbeddedPostgresServer.freePort()), "test"), Connectors.discover(), Map.<String, String>of()::get);

            try (SynclineRuntime runtime = SynclineRuntime.start(config, Connectors.discover(), true)) {
                runtime.sync().backfillCompletion().block(Duration.ofMinutes(2));
                assertThat(runtime.sync().failures()).isEmpty();

                assertThat(simulator.counters().endpoint("GET /v1/subscriptions")).as("subscription list calls").isZero();
                assertThat(simulator.counters().endpoint("GET /v1/customers")).as("customer list calls").isPositive();

                List<Object> nested = new ArrayList<>();
                long customers = 0;
                try (Connection connection = runtime.embeddedPostgres().orElseThrow().connect("warehouse");
                     Statement statement = connection.createStatement();
                     ResultSet rows = statement.executeQuery("SELECT _raw::text FROM policy.customers")) {
                    while (rows.next()) {
                        customers++;
                        Map<String, Object> customer = Json.parseObject(rows.getString(1));
                        @SuppressWarnings("unchecked")
                        Map<String, Object> list = (Map<String, Object>) customer.get("subscriptions");
                        assertThat(list).as("the expanded list envelope stays").containsEntry("object", "list");
                        nested.addAll((List<?>) list.get("data"));
                    }
                }
                assertThat(customers).isEqualTo(simulator.groundTruth().count("customer"));
                assertThat(nested).as("expanded subscriptions").isNotEmpty()
                        .allSatisfy(entry -> assertThat(entry).isInstanceOf(String.class).asString().startsWith("sub_"));
            }
        }
    }
}
