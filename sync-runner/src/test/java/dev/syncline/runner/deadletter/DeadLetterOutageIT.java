package dev.syncline.runner.deadletter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.syncline.connector.spi.Connectors;
import dev.syncline.runner.app.SynclineRuntime;
import dev.syncline.runner.config.ConfigReader;
import dev.syncline.runner.config.SynclineConfig;
import dev.syncline.runner.config.YamlSource;
import dev.syncline.runner.policy.TestManifests;
import dev.syncline.runner.state.StateStore;
import dev.syncline.sim.StripeSimulator;
import dev.syncline.testkit.postgres.PostgresFixture;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Guarantee 2 with dead letters: while the dead-letter table refuses writes, the refused records
 * are not acknowledged, so the backfill cannot complete past them; once the table accepts writes
 * again they are dead-lettered and the backfill completes.
 */
class DeadLetterOutageIT {
    private static final Duration WAIT = Duration.ofMinutes(2);

    @Test
    void refusedRecordsWhoseDeadLetterWriteFails_areNotAcknowledged_butWrittenAgainUntilItSucceeds() throws Exception {
        QuarantinedWarehouse warehouse = new QuarantinedWarehouse();
        PostgresFixture postgres = PostgresFixture.get();
        String stateDatabase = postgres.createDatabase();
        String stateUrl = "r2dbc:postgresql://" + postgres.user() + ":" + postgres.password() + "@" + postgres.host() + ":" + postgres.port()
                + "/" + stateDatabase;
        try (StateStore state = StateStore.connect(stateUrl)) {
            state.migrate().block(WAIT);
        }
        sql(postgres, stateDatabase, """
                CREATE SEQUENCE syncline.dead_letter_outage_refusals;
                CREATE FUNCTION syncline.dead_letter_outage() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                  PERFORM nextval('syncline.dead_letter_outage_refusals');
                  RAISE EXCEPTION 'the dead-letter table is unavailable';
                END $$;
                CREATE TRIGGER outage BEFORE INSERT ON syncline.dead_letters FOR EACH ROW EXECUTE FUNCTION syncline.dead_letter_outage();""");

        try (StripeSimulator simulator = StripeSimulator.builder().seed(8).customers(160).start()) {
            SynclineConfig config = ConfigReader.read(YamlSource.parse("""
                    %sstripe: { api-key: sk_test_dead_letter_outage, api-base: "%s", rate-limit: { requests-per-second: 500 } }
                    state: { url: "%s" }
                    server: { address: 127.0.0.1, port: 0 }
                    %s
                    pipelines:
                      - name: warehouse
                        objects: [customer]
                        batch-size: 50
                        destination: %s
                    """.formatted(TestManifests.line(TestManifests.grantingEverything()), simulator.baseUrl(), stateUrl,
                    warehouse.egressYaml(), warehouse.destinationYaml()), "test"), Connectors.discover(), Map.<String, String>of()::get);
            List<String> refused = QuarantinedWarehouse.refusedCustomers(simulator);

            try (SynclineRuntime runtime = SynclineRuntime.start(config, Connectors.discover(), true)) {
                CompletableFuture<Void> backfilled = runtime.sync().backfillCompletion().toFuture();
                long deadline = System.nanoTime() + WAIT.toNanos();
                while (refusals(postgres, stateDatabase) < 3 && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                }
                assertThat(refusals(postgres, stateDatabase)).as("dead-letter writes tried again").isGreaterThanOrEqualTo(3);
                assertThat(backfilled).as("the backfill cannot complete past records that are not dead-lettered").isNotDone();
                assertThat(warehouse.storedCustomers()).doesNotContainAnyElementsOf(refused);

                sql(postgres, stateDatabase, "DROP TRIGGER outage ON syncline.dead_letters");
                backfilled.get(WAIT.toSeconds(), TimeUnit.SECONDS);

                assertThat(runtime.sync().failures()).isEmpty();
                assertThat(pendingCustomers(postgres, stateDatabase)).containsExactlyInAnyOrderElementsOf(refused);
                assertThat(warehouse.storedCustomers()).hasSize(simulator.groundTruth().count("customer") - refused.size());
            }
        }
    }

    private static long refusals(PostgresFixture postgres, String database) throws SQLException {
        try (Connection connection = postgres.connect(database); Statement sql = connection.createStatement();
             ResultSet row = sql.executeQuery("SELECT last_value, is_called FROM syncline.dead_letter_outage_refusals")) {
            row.next();
            return row.getBoolean(2) ? row.getLong(1) : 0;
        }
    }

    private static List<String> pendingCustomers(PostgresFixture postgres, String database) throws SQLException {
        List<String> ids = new java.util.ArrayList<>();
        try (Connection connection = postgres.connect(database); Statement sql = connection.createStatement();
             ResultSet rows = sql.executeQuery("SELECT object_id FROM syncline.dead_letters WHERE status = 'pending' AND object_type = 'customer'")) {
            while (rows.next()) {
                ids.add(rows.getString(1));
            }
        }
        return ids;
    }

    private static void sql(PostgresFixture postgres, String database, String statements) throws SQLException {
        try (Connection connection = postgres.connect(database); Statement sql = connection.createStatement()) {
            sql.execute(statements);
        }
    }
}
