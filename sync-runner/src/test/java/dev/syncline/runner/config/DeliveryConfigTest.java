package dev.syncline.runner.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.syncline.connector.config.ConfigProblem;
import dev.syncline.connector.config.InvalidConfigurationException;
import dev.syncline.connector.spi.Connectors;
import dev.syncline.runner.policy.TestManifests;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

/** The delivery keys of a pipeline ({@code retry}, {@code on-failure}) and {@code shutdown}. */
class DeliveryConfigTest {
    private static SynclineConfig read(String yaml) {
        return ConfigReader.read(YamlSource.parse(TestManifests.line(TestManifests.grantingEverything()) + yaml, "test.yaml"),
                Connectors.discover(), Map.<String, String>of()::get);
    }

    @Test
    void defaults_pauseAfterTenAttemptsAtMostThirtySecondsApart_andAThirtySecondGracePeriod() {
        SynclineConfig config = read("""
                stripe: { api-key: sk_test_abc }
                pipelines: [ { name: w, objects: [customer], destination: { type: postgres } } ]
                """);

        assertThat(config.pipelines().get(0).delivery()).isEqualTo(SynclineConfig.Delivery.DEFAULT);
        assertThat(SynclineConfig.Delivery.DEFAULT).isEqualTo(new SynclineConfig.Delivery(10, Duration.ofSeconds(30), SynclineConfig.OnFailure.PAUSE));
        assertThat(config.shutdown().gracePeriod()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void givenValues_areRead() {
        SynclineConfig config = read("""
                stripe: { api-key: sk_test_abc }
                shutdown: { grace-period-seconds: 5 }
                pipelines:
                  - { name: w, objects: [customer], retry: { attempts: 3, max-backoff-seconds: 2 }, on-failure: dead-letter, destination: { type: postgres } }
                """);

        assertThat(config.pipelines().get(0).delivery())
                .isEqualTo(new SynclineConfig.Delivery(3, Duration.ofSeconds(2), SynclineConfig.OnFailure.DEAD_LETTER));
        assertThat(config.shutdown().gracePeriod()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void wrongValues_areReportedWithTheirPaths() {
        List<ConfigProblem> problems = Assertions.catchThrowableOfType(InvalidConfigurationException.class, () -> read("""
                stripe: { api-key: sk_test_abc }
                shutdown: { grace-period-seconds: -1, drain: yes }
                pipelines:
                  - { name: w, objects: [customer], retry: { attempts: 0, max-backoff-seconds: x, jitter: 1 }, on-failure: skip, destination: { type: postgres } }
                """)).problems();

        assertThat(problems).extracting(ConfigProblem::path).containsExactlyInAnyOrder(
                "shutdown.grace-period-seconds", "shutdown.drain",
                "pipelines[0].retry.attempts", "pipelines[0].retry.max-backoff-seconds", "pipelines[0].retry.jitter", "pipelines[0].on-failure");
        assertThat(problems).filteredOn(p -> p.path().equals("pipelines[0].on-failure")).singleElement()
                .satisfies(p -> assertThat(p.toString()).contains("skip").contains("pause").contains("dead-letter"));
    }
}
