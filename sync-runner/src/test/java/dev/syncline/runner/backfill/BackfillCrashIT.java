package dev.syncline.runner.backfill;

import static org.assertj.core.api.Assertions.assertThat;

import dev.syncline.runner.WarehouseRows;
import dev.syncline.runner.catalog.StripeCatalog;
import dev.syncline.runner.RunnerProcess;
import dev.syncline.runner.policy.TestManifests;
import dev.syncline.runner.state.EmbeddedPostgresServer;
import dev.syncline.sim.StripeSimulator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The backfill survives {@code kill -9}: the runner runs as its own process ({@code syncline run
 * --exit-after-backfill}), is killed three times at random moments while it backfills, and is
 * restarted; at the end every warehouse table equals the simulator's ground truth.
 */
class BackfillCrashIT {
    private static final Logger log = LoggerFactory.getLogger(BackfillCrashIT.class);
    private static final int CUSTOMERS = 11_000;
    private static final int KILLS = 3;

    @TempDir
    Path work;

    @Test
    void backfillKilledThreeTimes_endsEqualToTheGroundTruth() throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        log.info("kill timing seed {}", seed);
        try (StripeSimulator simulator = StripeSimulator.builder().seed(11).customers(CUSTOMERS).start()) {
            List<String> types = simulator.groundTruth().objectTypes().stream().filter(t -> StripeCatalog.find(t).isPresent()).toList();
            int total = types.stream().mapToInt(t -> simulator.groundTruth().count(t)).sum();
            assertThat(total).as("objects in the simulator").isGreaterThanOrEqualTo(50_000);
            int postgresPort = EmbeddedPostgresServer.freePort();
            Path config = writeConfig(simulator, types, postgresPort);

            for (int kill = 1; kill <= KILLS; kill++) {
                Process runner = startRunner(config, kill);
                awaitLine(kill, "Syncing Stripe account", Duration.ofSeconds(90), runner);
                Thread.sleep(500 + random.nextInt(3_000));
                assertThat(runner.isAlive()).as("run %d still backfilling when killed", kill).isTrue();
                runner.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
                log.info("killed run {} with SIGKILL", kill);
            }
            Process last = startRunner(config, KILLS + 1);
            assertThat(last.waitFor(5, TimeUnit.MINUTES)).as("the last run finishes").isTrue();
            assertThat(last.exitValue()).as(Files.readString(output(KILLS + 1))).isZero();
            for (int run = 2; run <= KILLS + 1; run++) {
                assertThat(Files.readString(output(run))).as("run %d after a kill", run)
                        .contains("Stopping the embedded Postgres")
                        .contains("resuming backfill of");
            }

            try (EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(work.resolve("postgres"), EmbeddedPostgresServer.freePort());
                 Connection warehouse = postgres.connect("warehouse")) {
                for (String type : types) {
                    Set<String> expected = new HashSet<>();
                    simulator.groundTruth().objects(type).forEach(o -> expected.add((String) o.get("id")));
                    Set<String> actual = WarehouseRows.liveIds(warehouse, type);
                    Set<String> missing = new HashSet<>(expected);
                    missing.removeAll(actual);
                    Set<String> extra = new HashSet<>(actual);
                    extra.removeAll(expected);
                    assertThat(missing).as("%s missing from the warehouse", type).isEmpty();
                    assertThat(extra).as("%s in the warehouse but not in Stripe", type).isEmpty();
                }
            }
        }
    }

    private Path writeConfig(StripeSimulator simulator, List<String> types, int postgresPort) throws IOException {
        Path config = work.resolve("syncline.yaml");
        Files.writeString(config, """
                %sstripe: { api-key: sk_test_crash, api-base: "%s", rate-limit: { requests-per-second: 2000 } }
                state: { data-dir: "%s", embedded-port: %d }
                server: { address: 127.0.0.1, port: 0 }
                pipelines:
                  - name: warehouse
                    objects: [%s]
                    batch-size: 250
                    backfill: { parallelism: 16 }
                    destination: { type: postgres, url: embedded }
                """.formatted(TestManifests.line(TestManifests.grantingEverything()), simulator.baseUrl(), work, postgresPort, String.join(", ", types)));
        return config;
    }

    private Process startRunner(Path config, int run) throws IOException {
        return RunnerProcess.start(output(run), "run", "--config", config.toString(), "--exit-after-backfill");
    }

    private Path output(int run) {
        return work.resolve("run-" + run + ".log");
    }

    private void awaitLine(int run, String text, Duration timeout, Process process) throws Exception {
        RunnerProcess.awaitLine(process, output(run), text, timeout);
    }

}
