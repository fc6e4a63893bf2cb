package dev.syncline.runner.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.syncline.connector.record.Json;
import dev.syncline.runner.inbox.InboxEvent;
import dev.syncline.runner.inbox.StripeEvents;
import dev.syncline.runner.policy.TestManifests;
import dev.syncline.runner.state.StateStore;
import dev.syncline.sim.StripeSimulator;
import dev.syncline.testkit.postgres.PostgresFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM mid-backfill while events flow: the runner (its own JVM) stops reading, writes what it
 * holds, saves its backfill segments and inbox position, and exits within the grace period; the
 * restart resumes from there. At the end the warehouse equals the simulator, and the rows
 * written twice are at most the one page the backfill was handing on when it stopped reading.
 */
class GracefulShutdownIT {
    private static final int CUSTOMERS = 12_000;
    /** Customers the test updates while the runner runs; the others are written by the backfill alone. */
    private static final int UPDATED = 100;
    private static final int PAGE = 100;

    @TempDir
    Path work;

    @Test
    void sigtermMidBackfill_drainsAndCheckpoints_andTheRestartRereadsAtMostThePageInFlight() throws Exception {
        CountingWarehouse warehouse = new CountingWarehouse();
        PostgresFixture postgres = PostgresFixture.get();
        String stateUrl = "r2dbc:postgresql://%s:%s@%s:%d/%s".formatted(postgres.user(), postgres.password(), postgres.host(), postgres.port(),
                postgres.createDatabase());
        try (StripeSimulator simulator = StripeSimulator.builder().seed(21).customers(CUSTOMERS).objectTypes("customer").start();
             StateStore state = StateStore.connect(stateUrl)) {
            state.migrate().block(Duration.ofMinutes(1));
            Path config = work.resolve("syncline.yaml");
            // 10 pages/s: the 120 pages take about 12 s, so a stop after a few seconds lands in the middle.
            Files.writeString(config, """
                    %sstripe: { api-key: sk_test_shutdown, api-base: "%s", rate-limit: { requests-per-second: 10 }, events: { poll-interval-seconds: 0 } }
                    state: { url: "%s" }
                    inbox: { mode: poll, poll-interval-ms: 50 }
                    server: { address: 127.0.0.1, port: 0 }
                    shutdown: { grace-period-seconds: 20 }
                    %s
                    pipelines:
                      - name: warehouse
                        objects: [customer]
                        batch-size: 200
                        backfill: { parallelism: 4 }
                        destination: %s
                    """.formatted(TestManifests.line(TestManifests.grantingEverything()), simulator.baseUrl(), stateUrl,
                    CountingWarehouse.egressYaml(warehouse.port()), warehouse.destinationYaml(warehouse.port())));
            List<Map<String, Object>> customers = simulator.groundTruth().objects("customer");
            warehouse.execute("CREATE TABLE public.updated (id text PRIMARY KEY)");
            for (int i = 0; i < UPDATED; i++) {
                warehouse.execute("INSERT INTO public.updated VALUES ('" + customers.get(i).get("id") + "')");
            }

            AtomicBoolean mutating = new AtomicBoolean(true);
            AtomicInteger appended = new AtomicInteger();
            Thread events = new Thread(() -> appendEvents(simulator, state, customers, mutating, appended), "events");
            RunnerJvm first = RunnerJvm.start(config, work.resolve("run-1.log"));
            first.awaitLine("reading live events after inbox position", Duration.ofSeconds(90));
            events.start();
            Thread.sleep(4_000);
            assertThat(first.output()).as("still backfilling when stopped").doesNotContain("backfill complete");

            long stoppedAt = System.nanoTime();
            first.process().destroy();
            assertThat(first.process().waitFor(40, TimeUnit.SECONDS)).as("exits within the grace period").isTrue();
            long stopMillis = Duration.ofNanos(System.nanoTime() - stoppedAt).toMillis();
            assertThat(first.output()).contains("Stopped within the grace period").contains("warehouse: drained");
            long writesBeforeRestart = warehouse.writes();
            // Counted by customer: the live events of the run write some customers twice.
            assertThat(warehouse.customersWritten()).as("the first run wrote part of the backfill").isBetween(1L, (long) CUSTOMERS - 1);

            RunnerJvm second = RunnerJvm.start(config, work.resolve("run-2.log"));
            second.awaitLine("Pipeline warehouse: backfill complete", Duration.ofMinutes(3));
            assertThat(second.output()).contains("resuming backfill of");
            mutating.set(false);
            events.join(10_000);

            Map<String, String> expected = new HashMap<>();
            simulator.groundTruth().objects("customer").forEach(c -> expected.put(String.valueOf(c.get("id")), Objects.toString(c.get("name"))));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            Map<String, String> actual = warehouse.names();
            while (!actual.equals(expected) && System.nanoTime() < deadline) {
                Thread.sleep(250);
                actual = warehouse.names();
            }
            second.process().destroy();
            assertThat(second.process().waitFor(40, TimeUnit.SECONDS)).isTrue();

            assertThat(appended.get()).as("events appended while the runner ran").isGreaterThan(20);
            assertThat(actual).as("every customer, with its latest name").isEqualTo(expected);
            long backfillRereads = warehouse.repeatedWritesExcept("public.updated");
            long repeatedStates = warehouse.repeatedStates();
            System.out.printf("graceful stop took %d ms; %d rows written before the restart; %d backfill rows written twice;"
                    + " %d states written twice%n", stopMillis, writesBeforeRestart, backfillRereads, repeatedStates);
            assertThat(backfillRereads).as("objects of the page in flight, read again after the restart").isLessThanOrEqualTo(PAGE);
            assertThat(repeatedStates).as("events delivered again after the restart").isLessThanOrEqualTo(PAGE);
        }
    }

    /** Renames the first customers in turn and stores each event in the inbox, as the intake would. */
    private static void appendEvents(StripeSimulator simulator, StateStore state, List<Map<String, Object>> customers, AtomicBoolean mutating,
                                     AtomicInteger appended) {
        int i = 0;
        while (mutating.get()) {
            String id = String.valueOf(customers.get(i % UPDATED).get("id"));
            simulator.update("customer", id, Map.of("name", "Renamed " + i));
            InboxEvent event = StripeEvents.parse(Json.write(simulator.events().get(0)), InboxEvent.Source.WEBHOOK);
            state.inbox().append(List.of(event)).block(Duration.ofSeconds(10));
            appended.incrementAndGet();
            i++;
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                return;
            }
        }
    }
}
