package dev.syncline.runner.deadletter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.syncline.connector.spi.Connectors;
import dev.syncline.runner.app.SynclineRuntime;
import dev.syncline.runner.cli.SynclineCli;
import dev.syncline.runner.config.ConfigReader;
import dev.syncline.runner.config.SynclineConfig;
import dev.syncline.runner.pipeline.PipelineProgress;
import dev.syncline.runner.policy.TestManifests;
import dev.syncline.runner.state.EmbeddedPostgresServer;
import dev.syncline.sim.StripeSimulator;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Dead letters end to end: a warehouse with a rule that refuses some customers. The backfill
 * completes, the refused customers are in the dead letters with Postgres's reason, the CLI lists
 * and shows them, a replay before the fix leaves them pending, and once the rule is dropped a
 * replay delivers them: the warehouse then holds every customer and the letters are replayed.
 */
class DeadLetterReplayIT {
    @TempDir
    Path dir;

    @Test
    void refusedRecords_areDeadLettered_listed_andDeliveredByAReplayOnceTheCauseIsFixed() throws Exception {
        QuarantinedWarehouse warehouse = new QuarantinedWarehouse();
        try (StripeSimulator simulator = StripeSimulator.builder().seed(8).customers(160).start()) {
            Path config = dir.resolve("syncline.yaml");
            Files.writeString(config, """
                    %sstripe: { api-key: sk_test_dead_letters, api-base: "%s", rate-limit: { requests-per-second: 500 } }
                    state: { data-dir: "%s", embedded-port: %d }
                    server: { address: 127.0.0.1, port: 0 }
                    %s
                    pipelines:
                      - name: warehouse
                        objects: [customer]
                        batch-size: 50
                        destination: %s
                    """.formatted(TestManifests.line(TestManifests.grantingEverything()), simulator.baseUrl(), dir.resolve("state"),
                    EmbeddedPostgresServer.freePort(), warehouse.egressYaml(), warehouse.destinationYaml()));
            SynclineConfig valid = ConfigReader.read(config, Connectors.discover());
            long customers = simulator.groundTruth().count("customer");

            List<String> refused;
            try (SynclineRuntime runtime = SynclineRuntime.start(valid, Connectors.discover(), true)) {
                runtime.sync().backfillCompletion().block(Duration.ofMinutes(2));
                PipelineProgress progress = runtime.sync().progress().get(0);
                assertThat(runtime.sync().failures()).isEmpty();
                assertThat(progress.state()).as("the backfill completed despite the refusals").isEqualTo(PipelineProgress.State.STREAMING);

                refused = QuarantinedWarehouse.refusedCustomers(simulator);
                assertThat(refused).as("customers the rule refuses").isNotEmpty().hasSizeLessThan((int) customers);
                Map<String, String> letters = pendingDeadLetters(runtime);
                assertThat(letters.keySet()).as("dead-lettered customers").containsExactlyInAnyOrderElementsOf(refused);
                assertThat(letters.values()).allSatisfy(reason -> assertThat(reason).contains("SQLSTATE 23514").contains("\"quarantine\""));
                assertThat(warehouse.storedCustomers()).hasSize((int) customers - refused.size()).doesNotContainAnyElementsOf(refused);
                assertThat(metric(runtime, "syncline.records.dead_lettered")).contains("\"value\":" + refused.size() + ".0");
            }

            CliResult listed = cli("dead-letters", "list", "--config", config.toString(), "--limit", "1000");
            assertThat(listed.exitCode()).isZero();
            assertThat(listed.out()).contains("OBJECT ID", "REASON").contains("SQLSTATE 23514: new row for relation \"customers\" violates check constraint \"quarantine\"");
            refused.forEach(id -> assertThat(listed.out()).contains(id));
            assertThat(listed.out()).contains(refused.size() + " dead letter(s)");

            // The first row after the header; a log line another thread of this JVM wrote meanwhile is no row.
            long firstId = Long.parseLong(listed.out().lines().skip(1).filter(line -> line.matches("\\d+\\s.*")).findFirst().orElseThrow()
                    .split("\\s+")[0]);
            CliResult shown = cli("dead-letters", "show", String.valueOf(firstId), "--config", config.toString());
            assertThat(shown.exitCode()).isZero();
            assertThat(shown.out()).contains("pipeline:      warehouse (destination postgres)", "status:        pending", "attempts:      1",
                    "\"object\" : \"customer\"", "quarantine");

            CliResult tooEarly = cli("dead-letters", "replay", "--all", "--config", config.toString());
            assertThat(tooEarly.exitCode()).as("nothing fixed yet: they stay pending").isEqualTo(4);
            assertThat(tooEarly.out()).contains("warehouse: 0 replayed, " + refused.size() + " refused again");
            assertThat(cli("dead-letters", "show", String.valueOf(firstId), "--config", config.toString()).out()).contains("attempts:      2");

            warehouse.lift();
            CliResult replayed = cli("dead-letters", "replay", "--pipeline", "warehouse", "--config", config.toString());
            assertThat(replayed.exitCode()).as(replayed.out() + replayed.err()).isZero();
            assertThat(replayed.out()).contains("warehouse: " + refused.size() + " replayed", "0 still pending");

            assertThat(warehouse.storedCustomers()).as("the warehouse now holds every customer").hasSize((int) customers).containsAll(refused);
            assertThat(cli("dead-letters", "list", "--config", config.toString()).out()).contains("No pending dead letters.");
            CliResult history = cli("dead-letters", "list", "--status", "replayed", "--config", config.toString(), "--limit", "1000");
            assertThat(history.out()).contains(refused.size() + " dead letter(s)").contains("replayed");
            assertThat(cli("dead-letters", "replay", "--all", "--config", config.toString()).out()).contains("Replayed 0 dead letter(s); 0 still pending.");
        }
    }

    /** Object id to reason of the pipeline's pending dead letters, read with SQL from the state database. */
    private static Map<String, String> pendingDeadLetters(SynclineRuntime runtime) throws SQLException {
        Map<String, String> letters = new TreeMap<>();
        try (Connection connection = runtime.embeddedPostgres().orElseThrow().connect("syncline"); Statement sql = connection.createStatement();
             ResultSet rows = sql.executeQuery("SELECT object_id, reason FROM syncline.dead_letters"
                     + " WHERE pipeline = 'warehouse' AND object_type = 'customer' AND status = 'pending' AND attempts = 1")) {
            while (rows.next()) {
                letters.put(rows.getString(1), rows.getString(2));
            }
        }
        return letters;
    }

    /** Runs one command line as {@code syncline} does, with its output captured. */
    private static CliResult cli(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream capturedOut = new ByteArrayOutputStream();
        ByteArrayOutputStream capturedErr = new ByteArrayOutputStream();
        System.setOut(new PrintStream(capturedOut, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(capturedErr, true, StandardCharsets.UTF_8));
        try {
            int code = SynclineCli.execute(args);
            return new CliResult(code, capturedOut.toString(StandardCharsets.UTF_8), capturedErr.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    private record CliResult(int exitCode, String out, String err) {}

    private static String metric(SynclineRuntime runtime, String name) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + runtime.httpPort()
                + "/actuator/metrics/" + name)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }
}
