package dev.syncline.connector.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigSpecTest {
    private final ConfigSpec spec = ConfigSpec.builder()
            .define(ConfigKey.string("url").required().validator(Validator.uri("https")).description("where to send"))
            .define(ConfigKey.string("token").required().sensitive())
            .define(ConfigKey.integer("batch-size").defaultValue(100).validator(Validator.between(1, 1000)))
            .define(ConfigKey.duration("timeout").defaultValue("30s"))
            .define(ConfigKey.bool("compress").defaultValue(false))
            .define(ConfigKey.of("objects", ConfigType.LIST))
            .passThrough("type")
            .build();

    @Test
    void validValues_parseToTypesWithDefaults() {
        ConnectorConfig config = spec.parse("pipelines[0].destination",
                Map.of("type", "http", "url", "https://example.com/hook", "token", "t0ps3cret", "batch-size", "250", "objects", List.of("customer")));

        assertThat(config.requireString("url")).isEqualTo("https://example.com/hook");
        assertThat(config.integer("batch-size")).isEqualTo(250);
        assertThat(config.duration("timeout")).contains(Duration.ofSeconds(30));
        assertThat(config.bool("compress")).isFalse();
        assertThat(config.list("objects")).containsExactly("customer");
        assertThat(config.toString()).contains("token=[hidden]").doesNotContain("t0ps3cret");
    }

    @Test
    void everyProblem_isReportedWithItsFullPath() {
        List<ConfigProblem> problems = spec.validate("pipelines[1].destination",
                Map.of("url", "ftp://example.com", "batch-size", "lots", "timeout", "soon", "colour", "red"));

        assertThat(problems).extracting(ConfigProblem::path).containsExactlyInAnyOrder(
                "pipelines[1].destination.url",
                "pipelines[1].destination.token",
                "pipelines[1].destination.batch-size",
                "pipelines[1].destination.timeout",
                "pipelines[1].destination.colour");
        assertThat(problems).filteredOn(p -> p.path().endsWith(".token")).singleElement()
                .satisfies(p -> assertThat(p.reason()).isEqualTo("is required"));
        assertThat(problems).filteredOn(p -> p.path().endsWith(".colour")).singleElement()
                .satisfies(p -> assertThat(p.reason()).contains("known keys: url, token, batch-size"));
    }

    @Test
    void secretValues_areNeverShown() {
        ConfigSpec secretNumber = ConfigSpec.builder().define(ConfigKey.integer("pin").sensitive()).build();

        InvalidConfigurationException error = (InvalidConfigurationException) catchThrowable(() ->
                secretNumber.parse("auth", Map.of("pin", "12a34")));

        assertThat(error.problems()).singleElement().extracting(ConfigProblem::value).isEqualTo("[hidden]");
        assertThat(error.getMessage()).doesNotContain("12a34").contains("auth.pin: must be a whole number");
    }

    @Test
    void passwordsInsideUrls_areNeverShown() {
        ConfigSpec database = ConfigSpec.builder().define(ConfigKey.string("url").validator(Validator.uri("r2dbc"))).build();

        ConfigProblem problem = database.validate("pipelines[0].destination", Map.of("url", "postgres://analyst:s3cr3t@db/analytics"))
                .get(0);

        assertThat(problem.value()).isEqualTo("postgres://analyst:[hidden]@db/analytics");
        assertThat(problem.render()).doesNotContain("s3cr3t");
    }

    @Test
    void outOfRange_namesTheRange() {
        assertThat(spec.validate("d", Map.of("url", "https://x.io/a", "token", "t", "batch-size", 0)))
                .singleElement().extracting(ConfigProblem::reason).isEqualTo("must be between 1 and 1000");
    }

    @Test
    void durations_acceptShortAndIsoForms() {
        assertThat(ConfigValues.duration("250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(ConfigValues.duration("5m")).isEqualTo(Duration.ofMinutes(5));
        assertThat(ConfigValues.duration("PT2H")).isEqualTo(Duration.ofHours(2));
        assertThatThrownBy(() -> ConfigValues.duration("later")).hasMessageContaining("duration");
    }

    @Test
    void uriValidator_handlesR2dbcUrls() {
        Validator r2dbc = Validator.uri("r2dbc");
        assertThat(r2dbc.check("r2dbc:postgresql://db.internal:5432/analytics")).isEmpty();
        assertThat(r2dbc.check("postgres://db/analytics")).isPresent();
        assertThat(r2dbc.check("r2dbc:postgresql:///nohost")).contains("must be a URL with a host");
    }

    private static Throwable catchThrowable(Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            return e;
        }
        throw new AssertionError("expected an exception");
    }
}
