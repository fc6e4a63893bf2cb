package dev.syncline.connector.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.syncline.connector.config.ConfigProblem;
import dev.syncline.connector.config.ConnectorConfig;
import dev.syncline.connector.config.InvalidConfigurationException;
import dev.syncline.connector.spi.ConnectorProvider;
import dev.syncline.connector.spi.Connectors;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PostgresConnectorProviderTest {
    private static final String PATH = "pipelines[0].destination";
    private final PostgresConnectorProvider provider = new PostgresConnectorProvider();

    @Test
    void isDiscoveredThroughServiceLoaderAsPostgres() {
        Connectors connectors = Connectors.discover();

        assertThat(connectors.types()).contains("postgres");
        assertThat(connectors.forType("postgres")).get().isInstanceOf(PostgresConnectorProvider.class);
    }

    @Test
    void acceptsAMinimalDestinationAndAppliesDefaults() {
        Map<String, Object> values = Map.of("type", "postgres", "url", "r2dbc:postgresql://warehouse:5432/analytics");

        assertThat(provider.configSpec().validate(PATH, values)).isEmpty();
        PostgresSettings settings = PostgresSettings.from(provider.configSpec().parse(PATH, values));
        assertThat(settings.schema()).isEqualTo("stripe");
        assertThat(settings.batchSize()).isEqualTo(500);
        assertThat(settings.poolSize()).isEqualTo(4);
        assertThat(settings.username()).isEmpty();
    }

    @Test
    void acceptsCredentialsInTheUrl() {
        Map<String, Object> values = Map.of("url", "r2dbc:postgresql://syncline:s3cret@warehouse:5432/analytics?sslMode=require");

        assertThat(provider.configSpec().validate(PATH, values)).isEmpty();
    }

    @Test
    void reportsAMissingUrlWithItsYamlPath() {
        List<ConfigProblem> problems = provider.configSpec().validate(PATH, Map.of("type", "postgres"));

        assertThat(problems).extracting(ConfigProblem::path).containsExactly("pipelines[0].destination.url");
        assertThat(problems.get(0).reason()).startsWith("is required");
    }

    @Test
    void reportsEveryProblemAtOnceWithItsYamlPath() {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("type", "postgres");
        values.put("url", "https://warehouse:5432/analytics");
        values.put("batch-size", 0);
        values.put("pool-size", 65);
        values.put("schema", " ");
        values.put("pasword", "typo");

        List<ConfigProblem> problems = provider.configSpec().validate(PATH, values);

        assertThat(problems).extracting(ConfigProblem::path).containsExactlyInAnyOrder(
                "pipelines[0].destination.url",
                "pipelines[0].destination.schema",
                "pipelines[0].destination.batch-size",
                "pipelines[0].destination.pool-size",
                "pipelines[0].destination.pasword");
        assertThat(problem(problems, "url").reason()).contains("r2dbc");
        assertThat(problem(problems, "batch-size").reason()).isEqualTo("must be at least 1");
        assertThat(problem(problems, "pool-size").reason()).isEqualTo("must be between 1 and 64");
        assertThat(problem(problems, "pasword").reason()).contains("password");
    }

    @Test
    void rejectsAnR2dbcUrlOfAnotherDriver() {
        List<ConfigProblem> problems = provider.configSpec().validate(PATH, Map.of("url", "r2dbc:mysql://db:3306/x"));

        assertThat(problems).extracting(ConfigProblem::path).containsExactly("pipelines[0].destination.url");
    }

    @Test
    void neverShowsThePassword() {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("url", "r2dbc:postgresql://warehouse/analytics");
        values.put("password", List.of("hunter2-secret"));

        InvalidConfigurationException error = (InvalidConfigurationException) org.assertj.core.api.Assertions
                .catchThrowable(() -> provider.configSpec().parse(PATH, values));

        assertThat(error.problems()).singleElement().satisfies(p -> {
            assertThat(p.path()).isEqualTo("pipelines[0].destination.password");
            assertThat(p.value()).isEqualTo(ConfigProblem.HIDDEN);
        });
        assertThat(error.getMessage()).doesNotContain("hunter2");
    }

    @Test
    void keepsThePasswordOutOfToString() {
        ConnectorConfig config = provider.configSpec().parse(PATH,
                Map.of("url", "r2dbc:postgresql://warehouse/analytics", "username", "syncline", "password", "hunter2-secret"));

        assertThat(config.toString()).doesNotContain("hunter2").contains(ConfigProblem.HIDDEN);
        assertThat(PostgresSettings.from(config).toString()).doesNotContain("hunter2");
    }

    @Test
    void createsAConnectorWithoutConnecting() {
        ConnectorProvider discovered = Connectors.discover().forType("postgres").orElseThrow();
        ConnectorConfig config = discovered.configSpec().parse(PATH,
                Map.of("url", "r2dbc:postgresql://nowhere.invalid:5432/analytics"));

        assertThat(discovered.create(config)).isNotNull();
    }

    @Test
    void refusesToParseAnInvalidConfiguration() {
        assertThatThrownBy(() -> provider.configSpec().parse(PATH, Map.of("url", "postgres://x")))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("pipelines[0].destination.url");
    }

    private static ConfigProblem problem(List<ConfigProblem> problems, String key) {
        return problems.stream().filter(p -> p.path().equals(PATH + "." + key)).findFirst().orElseThrow();
    }
}
