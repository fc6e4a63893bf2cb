package dev.syncline.runner.live;

import static org.assertj.core.api.Assertions.assertThat;

import dev.syncline.connector.record.Json;
import dev.syncline.connector.schema.ObjectSchema;
import dev.syncline.runner.RunnerProcess;
import dev.syncline.runner.policy.TestManifests;
import dev.syncline.runner.state.EmbeddedPostgresServer;
import dev.syncline.sim.StripeSimulator;
import dev.syncline.sim.webhooks.WebhookFaults;
import dev.syncline.sim.webhooks.WebhookSettings;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;

/**
 * Guarantee 1 under the worst mix: the simulator changes 200 objects a second for 60 seconds
 * (same-second updates, deletes, cancellations) while its webhooks arrive duplicated (10 %),
 * reordered (20 %) or not at all (5 %), a backfill runs at the same time, and the runner, its
 * own process with the real Debezium engine on logical replication, is killed with SIGKILL twice
 * and restarted. Afterwards every warehouse table holds exactly Stripe's latest state: the same
 * live ids, each with the same content, and tombstones for what was deleted.
 */
class ConvergenceIT {
    private static final Logger log = LoggerFactory.getLogger(ConvergenceIT.class);
    private static final List<String> TYPES = List.of("customer", "subscription", "product", "price", "invoice", "payment_intent", "charge");
    private static final String SECRET = "whsec_convergence";

    @TempDir
    Path work;

    @Test
    void mutationsWithWebhookFaultsAndTwoKills_endEqualToStripe() throws Exception {
        WebhookSettings webhooks = WebhookSettings.builder()
                .maxAttempts(5)
                .backoff(Duration.ofMillis(200), Duration.ofSeconds(2))
                .faults(WebhookFaults.builder().duplicate(0.10).reorder(0.20, Duration.ofSeconds(1)).drop(0.05).build())
                .build();
        try (StripeSimulator simulator = StripeSimulator.builder().seed(21).customers(540).objectTypes(TYPES.toArray(String[]::new))
                .webhooks(webhooks).start()) {
            int objects = TYPES.stream().mapToInt(t -> simulator.groundTruth().count(t)).sum();
            assertThat(objects).as("objects in the simulator").isGreaterThanOrEqualTo(2_000);
            int httpPort = EmbeddedPostgresServer.freePort();
            int postgresPort = EmbeddedPostgresServer.freePort();
            Path config = writeConfig(simulator, httpPort, postgresPort);
            simulator.addWebhookEndpoint(URI.create("http://127.0.0.1:" + httpPort + "/webhooks/stripe"), SECRET);

            Disposable mutations = simulator.startMutations(200);
            long mutationsEnd = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            Process runner = null;
            try {
                for (int run = 1; run <= 2; run++) {
                    runner = startRunner(config, run);
                    awaitLine(run, "Syncing Stripe account", Duration.ofSeconds(90), runner);
                    Thread.sleep(run == 1 ? 6_000 : 15_000);
                    assertThat(runner.isAlive()).as("run %d alive when killed", run).isTrue();
                    runner.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
                    log.info("killed run {} with SIGKILL", run);
                    Thread.sleep(2_000);
                }
                runner = startRunner(config, 3);
                awaitLine(3, "Syncing Stripe account", Duration.ofSeconds(90), runner);
                Thread.sleep(Math.max(0, TimeUnit.NANOSECONDS.toMillis(mutationsEnd - System.nanoTime())));
                mutations.dispose();
                log.info("mutations stopped");
                try {
                    simulator.awaitWebhooksDelivered(Duration.ofSeconds(60));
                } catch (RuntimeException e) {
                    log.info("webhooks still pending after 60 s: {}", e.getMessage());
                }
                assertThat(Files.readString(output(2))).as("run 2 after a kill").contains("Stopping the embedded Postgres");
                assertConverged(simulator, postgresPort, Duration.ofSeconds(120), runner);
                assertThat(simulator.webhookCounters().dropped()).as("webhooks dropped, recovered through the Events API").isPositive();
                assertThat(simulator.webhookCounters().duplicates()).as("webhooks duplicated").isPositive();
            } finally {
                mutations.dispose();
                if (runner != null && runner.isAlive()) {
                    runner.destroy();
                    if (!runner.waitFor(60, TimeUnit.SECONDS)) {
                        runner.destroyForcibly();
                    }
                }
            }
        }
    }

    /** Waits until every type's live objects in the warehouse equal the simulator's, content included. */
    private void assertConverged(StripeSimulator simulator, int postgresPort, Duration timeout, Process runner) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, Difference> differences = Map.of();
        while (System.nanoTime() < deadline) {
            assertThat(runner.isAlive()).as("the last run is still running:\n%s", Files.readString(output(3))).isTrue();
            differences = differences(simulator, postgresPort);
            if (differences.values().stream().allMatch(Difference::none)) {
                return;
            }
            Thread.sleep(1_000);
        }
        String diagnosis = diagnose(simulator, postgresPort, differences);
        Files.copy(output(1), Path.of("target", "convergence-run-1.log"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.copy(output(2), Path.of("target", "convergence-run-2.log"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.copy(output(3), Path.of("target", "convergence-run-3.log"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertThat(differences).as("warehouse against Stripe, per type; %s", diagnosis).allSatisfy((type, difference) -> {
            assertThat(difference.missing()).as("%s missing from the warehouse", type).isEmpty();
            assertThat(difference.extra()).as("%s in the warehouse but not live in Stripe", type).isEmpty();
            assertThat(difference.stale()).as("%s whose warehouse state differs from Stripe's", type).isEmpty();
        });
    }

    /** What the warehouse, the inbox and Stripe's event log say about each differing object. */
    private static String diagnose(StripeSimulator simulator, int postgresPort, Map<String, Difference> differences) {
        StringBuilder out = new StringBuilder();
        try (Connection warehouse = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + postgresPort + "/warehouse", "postgres", "");
             Connection state = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + postgresPort + "/syncline", "postgres", "")) {
            for (Map.Entry<String, Difference> entry : differences.entrySet()) {
                Set<String> ids = new HashSet<>(entry.getValue().missing());
                ids.addAll(entry.getValue().extra());
                ids.addAll(entry.getValue().stale());
                for (String id : ids) {
                    out.append("\n").append(entry.getKey()).append(' ').append(id).append(": warehouse ");
                    try (Statement s = warehouse.createStatement(); ResultSet r = s.executeQuery("SELECT _version, _deleted, _synced_at FROM stripe."
                            + ObjectSchema.collectionName(entry.getKey()) + " WHERE id = '" + id + "'")) {
                        while (r.next()) {
                            out.append("v").append(r.getLong(1)).append(r.getBoolean(2) ? " deleted" : " live").append(" synced ").append(r.getString(3));
                        }
                    }
                    out.append("; inbox");
                    try (Statement s = state.createStatement(); ResultSet r = s.executeQuery(
                            "SELECT seq, event_id, event_type, created, source FROM syncline.inbox WHERE object_id = '" + id + "' ORDER BY seq")) {
                        while (r.next()) {
                            out.append(" [").append(r.getLong(1)).append(' ').append(r.getString(2)).append(' ').append(r.getString(3)).append(" @")
                                    .append(r.getLong(4)).append(' ').append(r.getString(5)).append(']');
                        }
                    }
                    out.append("; stripe events");
                    simulator.events().stream().filter(e -> e.get("data") instanceof Map<?, ?> d && d.get("object") instanceof Map<?, ?> o
                                    && id.equals(o.get("id")))
                            .forEach(e -> out.append(" [").append(e.get("id")).append(' ').append(e.get("type")).append(" @").append(e.get("created")).append(']'));
                }
            }
            try (Statement s = state.createStatement(); ResultSet r = s.executeQuery("SELECT pipeline, seq FROM syncline.inbox_positions")) {
                while (r.next()) {
                    out.append("\nposition ").append(r.getString(1)).append(' ').append(r.getLong(2));
                }
            }
            try (Statement s = state.createStatement(); ResultSet r = s.executeQuery("SELECT max(seq), count(*) FROM syncline.inbox")) {
                while (r.next()) {
                    out.append("\ninbox max seq ").append(r.getLong(1)).append(", rows ").append(r.getLong(2));
                }
            }
        } catch (java.sql.SQLException e) {
            out.append("\n(diagnosis failed: ").append(e.getMessage()).append(')');
        }
        return out.toString();
    }

    private Map<String, Difference> differences(StripeSimulator simulator, int postgresPort) throws Exception {
        Map<String, Difference> byType = new HashMap<>();
        try (Connection warehouse = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + postgresPort + "/warehouse", "postgres", "")) {
            for (String type : TYPES) {
                Map<String, Map<String, Object>> expected = new HashMap<>();
                simulator.groundTruth().objects(type).forEach(o -> expected.put(String.valueOf(o.get("id")), Json.parseObject(Json.write(o))));
                Map<String, Map<String, Object>> actual = new HashMap<>();
                try (Statement statement = warehouse.createStatement();
                     ResultSet rows = statement.executeQuery("SELECT id, _raw::text FROM stripe." + ObjectSchema.collectionName(type)
                             + " WHERE NOT _deleted")) {
                    while (rows.next()) {
                        actual.put(rows.getString(1), Json.parseObject(rows.getString(2)));
                    }
                }
                Set<String> missing = new HashSet<>(expected.keySet());
                missing.removeAll(actual.keySet());
                Set<String> extra = new HashSet<>(actual.keySet());
                extra.removeAll(expected.keySet());
                Set<String> stale = new HashSet<>();
                expected.forEach((id, object) -> {
                    if (actual.containsKey(id) && !actual.get(id).equals(object)) {
                        stale.add(id);
                    }
                });
                byType.put(type, new Difference(missing, extra, stale));
            }
        } catch (java.sql.SQLException e) {
            // Tables appear as the first records of each type land.
            TYPES.forEach(type -> byType.putIfAbsent(type, new Difference(Set.of("?"), Set.of(), Set.of())));
        }
        return byType;
    }

    private record Difference(Set<String> missing, Set<String> extra, Set<String> stale) {
        boolean none() {
            return missing.isEmpty() && extra.isEmpty() && stale.isEmpty();
        }
    }

    private Path writeConfig(StripeSimulator simulator, int httpPort, int postgresPort) throws IOException {
        Path config = work.resolve("syncline.yaml");
        Files.writeString(config, """
                %sstripe:
                  api-key: sk_test_convergence
                  api-base: "%s"
                  rate-limit: { requests-per-second: 400 }
                  webhook: { path: /webhooks/stripe, secrets: ["%s"] }
                  events: { poll-interval-seconds: 5 }
                inbox: { mode: cdc }
                state: { data-dir: "%s", embedded-port: %d }
                server: { address: 127.0.0.1, port: %d }
                pipelines:
                  - name: warehouse
                    objects: [%s]
                    batch-size: 250
                    backfill: { parallelism: 8 }
                    destination: { type: postgres, url: embedded }
                """.formatted(TestManifests.line(TestManifests.grantingEverything()), simulator.baseUrl(), SECRET, work, postgresPort, httpPort,
                String.join(", ", TYPES)));
        return config;
    }

    private Process startRunner(Path config, int run) throws IOException {
        return RunnerProcess.start(output(run), "run", "--config", config.toString());
    }

    private Path output(int run) {
        return work.resolve("run-" + run + ".log");
    }

    private void awaitLine(int run, String text, Duration timeout, Process process) throws Exception {
        RunnerProcess.awaitLine(process, output(run), text, timeout);
    }
}
