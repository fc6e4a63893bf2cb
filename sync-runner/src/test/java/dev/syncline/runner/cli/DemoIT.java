package dev.syncline.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.syncline.connector.schema.ObjectSchema;
import dev.syncline.runner.WarehouseRows;
import dev.syncline.runner.state.EmbeddedPostgresServer;
import dev.syncline.sim.GroundTruth;
import dev.syncline.sim.StripeSimulator;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the README's demo through the CLI entry point, then reopens the embedded Postgres it left
 * behind (which also proves the data survives a restart) and compares the warehouse with the
 * simulator's ground truth.
 */
class DemoIT {
    private static final Instant SIM_NOW = Instant.parse("2026-11-01T12:00:00Z");
    private static final int CUSTOMERS = 10_000;

    @TempDir
    Path dataDir;

    @Test
    void demo_landsEverySimulatedObjectInTypedWarehouseTables() throws Exception {
        int exitCode = SynclineCli.execute("demo", "--exit-after-sync", "--data-dir", dataDir.toString(),
                "--http-port", "0", "--postgres-port", "0", "--sim-now", SIM_NOW.toString());

        assertThat(exitCode).isZero();
        try (StripeSimulator simulator = StripeSimulator.builder().seed(42).customers(CUSTOMERS).now(SIM_NOW).start();
             EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(dataDir.resolve("postgres"), EmbeddedPostgresServer.freePort());
             Connection warehouse = postgres.connect("warehouse")) {
            GroundTruth truth = simulator.groundTruth();
            for (String type : DemoCommand.OBJECTS) {
                assertThat(WarehouseRows.liveIds(warehouse, type)).as("ids in stripe.%s", ObjectSchema.collectionName(type))
                        .hasSize(truth.count(type))
                        .isEqualTo(groundTruthIds(truth, type));
            }
            assertSampleCustomerRow(warehouse, truth);
            assertSampleSubscriptionRow(warehouse, truth);
        }
    }

    private static void assertSampleCustomerRow(Connection warehouse, GroundTruth truth) throws Exception {
        Map<String, Object> customer = truth.objects("customer").get(17);
        try (PreparedStatement query = warehouse.prepareStatement(
                "SELECT email, name, created, livemode, balance, _raw->>'id', _deleted FROM stripe.customers WHERE id = ?")) {
            query.setString(1, (String) customer.get("id"));
            try (ResultSet row = query.executeQuery()) {
                assertThat(row.next()).isTrue();
                assertThat(row.getString(1)).isEqualTo(customer.get("email"));
                assertThat(row.getString(2)).isEqualTo(customer.get("name"));
                assertThat(row.getObject(3, OffsetDateTime.class).toInstant()).isEqualTo(Instant.ofEpochSecond(((Number) customer.get("created")).longValue()));
                assertThat(row.getBoolean(4)).isEqualTo(customer.get("livemode"));
                assertThat(row.getLong(5)).isEqualTo(((Number) customer.get("balance")).longValue());
                assertThat(row.getString(6)).isEqualTo(customer.get("id"));
                assertThat(row.getBoolean(7)).isFalse();
            }
        }
    }

    private static void assertSampleSubscriptionRow(Connection warehouse, GroundTruth truth) throws Exception {
        Map<String, Object> subscription = truth.objects("subscription").stream()
                .filter(s -> "canceled".equals(s.get("status"))).findFirst().orElseThrow();
        try (PreparedStatement query = warehouse.prepareStatement(
                "SELECT customer, status, canceled_at, currency, items->>'object' FROM stripe.subscriptions WHERE id = ?")) {
            query.setString(1, (String) subscription.get("id"));
            try (ResultSet row = query.executeQuery()) {
                assertThat(row.next()).as("canceled subscriptions are synced too").isTrue();
                assertThat(row.getString(1)).isEqualTo(subscription.get("customer"));
                assertThat(row.getString(2)).isEqualTo("canceled");
                assertThat(row.getObject(3, OffsetDateTime.class).toInstant())
                        .isEqualTo(Instant.ofEpochSecond(((Number) subscription.get("canceled_at")).longValue()));
                assertThat(row.getString(4)).isEqualTo(subscription.get("currency"));
                assertThat(row.getString(5)).isEqualTo("list");
            }
        }
    }


    private static Set<String> groundTruthIds(GroundTruth truth, String type) {
        Set<String> ids = new HashSet<>();
        truth.objects(type).forEach(o -> ids.add((String) o.get("id")));
        return ids;
    }
}
