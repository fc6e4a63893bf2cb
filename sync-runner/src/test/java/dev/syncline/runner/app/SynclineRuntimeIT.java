package dev.syncline.runner.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.syncline.connector.spi.Connectors;
import dev.syncline.runner.config.ConfigReader;
import dev.syncline.runner.config.SynclineConfig;
import dev.syncline.runner.config.YamlSource;
import dev.syncline.runner.pipeline.PipelineProgress;
import dev.syncline.runner.policy.TestManifests;
import dev.syncline.runner.state.EmbeddedPostgresServer;
import dev.syncline.sim.StripeSimulator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The application as `syncline run` starts it: configuration in, pipelines run, health served. */
class SynclineRuntimeIT {
    @TempDir
    Path dataDir;

    @Test
    void run_backfillsAndServesHealth() throws Exception {
        try (StripeSimulator simulator = StripeSimulator.builder().customers(300).start()) {
            SynclineConfig config = ConfigReader.read(YamlSource.parse("""
                    %sstripe: { api-key: sk_test_runtime, api-base: "%s", rate-limit: { requests-per-second: 500 } }
                    state: { data-dir: "%s", embedded-port: %d }
                    server: { address: 127.0.0.1, port: 0 }
                    pipelines:
                      - name: warehouse
                        objects: [customer, price, subscription]
                        batch-size: 64
                        destination: { type: postgres, url: embedded, schema: analytics }
                    """.formatted(TestManifests.line(TestManifests.grantingEverything()), simulator.baseUrl(), dataDir, EmbeddedPostgresServer.freePort()), "test"),
                    Connectors.discover(), Map.<String, String>of()::get);

            try (SynclineRuntime runtime = SynclineRuntime.start(config, Connectors.discover(), true)) {
                runtime.sync().backfillCompletion().block(Duration.ofMinutes(2));

                PipelineProgress progress = runtime.sync().progress().get(0);
                assertThat(progress.state()).as("backfilled, then streaming live events").isEqualTo(PipelineProgress.State.STREAMING);
                assertThat(progress.of("customer").applied()).isEqualTo(simulator.groundTruth().count("customer"));
                assertThat(progress.of("price").applied()).isEqualTo(simulator.groundTruth().count("price"));
                assertThat(progress.of("subscription").applied()).isEqualTo(simulator.groundTruth().count("subscription"));

                HttpResponse<String> health = HttpClient.newHttpClient().send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + runtime.httpPort() + "/actuator/health")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(health.statusCode()).isEqualTo(200);
                assertThat(health.body()).contains("\"status\":\"UP\"").contains("\"warehouse\":\"STREAMING\"");

                HttpResponse<String> status = HttpClient.newHttpClient().send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + runtime.httpPort() + "/status")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(status.statusCode()).isEqualTo(200);
                assertThat(status.body())
                        .contains("\"name\":\"warehouse\"", "\"state\":\"streaming\"", "\"object_type\":\"customer\"",
                                "\"backfill_complete\":true", "\"objects_delivered\":" + simulator.groundTruth().count("customer"),
                                "\"budget_per_second\":500.0");
            }
        }
    }

    @Test
    void unreachableStripe_failsThePipelineVisibly() throws Exception {
        int closedPort = EmbeddedPostgresServer.freePort();
        SynclineConfig config = ConfigReader.read(YamlSource.parse("""
                %sstripe: { api-key: sk_test_runtime, api-base: "http://127.0.0.1:%d", max-retries: 1 }
                state: { data-dir: "%s", embedded-port: %d }
                server: { address: 127.0.0.1, port: 0 }
                pipelines: [ { name: warehouse, objects: [customer], destination: { type: postgres } } ]
                """.formatted(TestManifests.line(TestManifests.grantingEverything()), closedPort, dataDir, EmbeddedPostgresServer.freePort()), "test"),
                Connectors.discover(), Map.<String, String>of()::get);

        try (SynclineRuntime runtime = SynclineRuntime.start(config, Connectors.discover(), true)) {
            runtime.sync().backfillCompletion().block(Duration.ofMinutes(3));

            assertThat(runtime.sync().failures()).containsKey("warehouse");
            assertThat(runtime.sync().failures().get("warehouse")).contains("GET /v1/account");
        }
    }
}
