package dev.syncline.runner.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.syncline.connector.record.Json;
import dev.syncline.connector.spi.Connectors;
import dev.syncline.runner.app.SynclineRuntime;
import dev.syncline.runner.config.ConfigReader;
import dev.syncline.runner.config.SynclineConfig;
import dev.syncline.runner.config.YamlSource;
import dev.syncline.runner.inbox.InboxEvent;
import dev.syncline.runner.inbox.StripeEvents;
import dev.syncline.runner.pipeline.PipelineProgress;
import dev.syncline.runner.policy.TestManifests;
import dev.syncline.sim.StripeSimulator;
import dev.syncline.testkit.postgres.PostgresFixture;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
import org.junit.jupiter.api.Test;

/**
 * One Stripe account, three pipelines: {@code live} writes to a healthy warehouse, {@code down}
 * ({@code on-failure: pause}) and {@code shed} ({@code on-failure: dead-letter}) write through a
 * TCP proxy that is cut for two minutes. Meanwhile {@code live} keeps delivering the events
 * created during the outage within a second or so, {@code down} pauses (health and metrics say
 * so) without moving its inbox position, and {@code shed} dead-letters what it cannot write and
 * moves on. Once the proxy is restored, {@code down} converges to the simulator without loss.
 */
class DownDestinationIT {
    private static final Duration OUTAGE = Duration.ofMinutes(2);
    private static final Duration WAIT = Duration.ofMinutes(2);
    private static final int CUSTOMERS = 1_500;

    @Test
    void oneDestinationDownForTwoMinutes_theOtherPipelineKeepsItsLag_andTheDownOneConvergesAfterwards() throws Exception {
        PostgresFixture postgres = PostgresFixture.get();
        String stateDatabase = postgres.createDatabase();
        String stateUrl = "r2dbc:postgresql://%s:%s@%s:%d/%s".formatted(postgres.user(), postgres.password(), postgres.host(), postgres.port(),
                stateDatabase);
        CountingWarehouse healthy = new CountingWarehouse();
        CountingWarehouse paused = new CountingWarehouse();
        CountingWarehouse shed = new CountingWarehouse();
        try (TcpProxy proxy = new TcpProxy(postgres.port());
             StripeSimulator simulator = StripeSimulator.builder().seed(31).customers(CUSTOMERS).objectTypes("customer").start()) {
            SynclineConfig config = ConfigReader.read(YamlSource.parse("""
                    %sstripe: { api-key: sk_test_down, api-base: "%s", rate-limit: { requests-per-second: 200 }, events: { poll-interval-seconds: 0 } }
                    state: { url: "%s" }
                    inbox: { mode: poll, poll-interval-ms: 50 }
                    server: { address: 127.0.0.1, port: 0 }
                    %s
                    pipelines:
                      - { name: live, objects: [customer], destination: %s }
                      - { name: down, objects: [customer], retry: { attempts: 4, max-backoff-seconds: 5 }, destination: %s }
                      - { name: shed, objects: [customer], retry: { attempts: 3, max-backoff-seconds: 1 }, on-failure: dead-letter, destination: %s }
                    """.formatted(TestManifests.line(TestManifests.grantingEverything()), simulator.baseUrl(), stateUrl,
                    CountingWarehouse.egressYaml(postgres.port(), proxy.port()), healthy.destinationYaml(postgres.port()),
                    paused.destinationYaml(proxy.port()), shed.destinationYaml(proxy.port())), "test"), Connectors.discover(),
                    Map.<String, String>of()::get);

            try (SynclineRuntime runtime = SynclineRuntime.start(config, Connectors.discover(), true)) {
                runtime.sync().backfillCompletion().block(WAIT);
                assertThat(runtime.sync().failures()).isEmpty();
                assertThat(paused.names()).hasSize(CUSTOMERS);

                proxy.cut();
                long outageEnds = System.nanoTime() + OUTAGE.toNanos();
                List<Map<String, Object>> customers = simulator.groundTruth().objects("customer");
                List<Long> lagsMillis = new ArrayList<>();
                boolean sawPause = false;
                long livePositionInOutage = 0;
                long downPositionInOutage = 0;
                for (int i = 0; System.nanoTime() < outageEnds; i++) {
                    String id = String.valueOf(customers.get(i % customers.size()).get("id"));
                    String name = "During the outage " + i;
                    simulator.update("customer", id, Map.of("name", name));
                    InboxEvent event = StripeEvents.parse(Json.write(simulator.events().get(0)), InboxEvent.Source.WEBHOOK);
                    long appended = System.nanoTime();
                    runtime.sync().inbox().append(List.of(event)).block(Duration.ofSeconds(10));
                    lagsMillis.add(awaitName(healthy, id, name, appended));
                    PipelineProgress down = runtime.sync().progress().get(1);
                    if (!sawPause && down.state() == PipelineProgress.State.PAUSED) {
                        sawPause = true;
                        assertThat(down.pauseReason()).contains("Postgres");
                        assertThat(health(runtime)).contains("\"down\":\"PAUSED: ");
                        assertThat(runtime.meters().get("syncline.pipeline.paused.lanes").tag("pipeline", "down").gauge().value()).isPositive();
                    }
                    livePositionInOutage = runtime.sync().inbox().position("live").block(Duration.ofSeconds(5));
                    downPositionInOutage = runtime.sync().inbox().position("down").block(Duration.ofSeconds(5));
                    Thread.sleep(300);
                }
                assertThat(sawPause).as("the down pipeline reported itself paused").isTrue();
                assertThat(runtime.sync().failures()).as("nothing failed for good").isEmpty();
                assertThat(livePositionInOutage).as("each pipeline keeps its own inbox position").isGreaterThan(downPositionInOutage);
                long deadLettered = pendingDeadLetters(postgres, stateDatabase, "shed");
                assertThat(deadLettered).as("the dead-letter pipeline moved on past what it could not write").isPositive();
                assertThat(pendingDeadLetters(postgres, stateDatabase, "down")).as("the paused pipeline dead-letters nothing").isZero();

                proxy.restore();
                Map<String, String> expected = new HashMap<>();
                simulator.groundTruth().objects("customer").forEach(c -> expected.put(String.valueOf(c.get("id")), Objects.toString(c.get("name"))));
                long deadline = System.nanoTime() + WAIT.toNanos();
                long restored = System.nanoTime();
                Map<String, String> actual = paused.names();
                while (!actual.equals(expected) && System.nanoTime() < deadline) {
                    Thread.sleep(250);
                    actual = paused.names();
                }
                long convergedMillis = Duration.ofNanos(System.nanoTime() - restored).toMillis();
                assertThat(actual).as("the down pipeline's warehouse after the outage").isEqualTo(expected);
                assertThat(healthy.names()).as("the healthy warehouse").isEqualTo(expected);
                assertThat(runtime.sync().progress().get(1).state()).isNotEqualTo(PipelineProgress.State.PAUSED);
                assertThat(runtime.meters().get("syncline.records.retried").tag("pipeline", "down").counter().count()).isPositive();

                Collections.sort(lagsMillis);
                long p50 = lagsMillis.get(lagsMillis.size() / 2);
                long p99 = lagsMillis.get((int) Math.min(lagsMillis.size() - 1, Math.round(lagsMillis.size() * 0.99)));
                long max = lagsMillis.get(lagsMillis.size() - 1);
                // Printed, not logged: the runtime runs quiet (WARN and above).
                System.out.printf("%d events during a %d s outage: live lag p50 %d ms, p99 %d ms, max %d ms; %d dead-lettered by shed;"
                        + " down converged %d ms after the restore%n", lagsMillis.size(), OUTAGE.toSeconds(), p50, p99, max, deadLettered, convergedMillis);
                assertThat(lagsMillis).as("events delivered by the healthy pipeline during the outage").hasSizeGreaterThan(100);
                assertThat(p99).as("p99 lag of the healthy pipeline during the outage, ms").isLessThan(2_000);
                assertThat(max).as("max lag of the healthy pipeline during the outage, ms").isLessThan(5_000);
            }
        }
    }

    /** Milliseconds from {@code since} until the warehouse shows the customer's new name. */
    private static long awaitName(CountingWarehouse warehouse, String id, String name, long since) throws Exception {
        long deadline = since + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            if (name.equals(warehouse.names().get(id))) {
                return Duration.ofNanos(System.nanoTime() - since).toMillis();
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the healthy pipeline did not deliver " + id + " within 30 s");
    }

    private static String health(SynclineRuntime runtime) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + runtime.httpPort() + "/actuator/health")).build(), HttpResponse.BodyHandlers.ofString());
        return response.body();
    }

    private static long pendingDeadLetters(PostgresFixture postgres, String database, String pipeline) throws Exception {
        try (Connection connection = postgres.connect(database); Statement sql = connection.createStatement();
             ResultSet row = sql.executeQuery("SELECT count(*) FROM syncline.dead_letters WHERE status = 'pending' AND pipeline = '" + pipeline + "'")) {
            row.next();
            return row.getLong(1);
        }
    }
}
