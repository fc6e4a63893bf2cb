package dev.syncline.runner.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.syncline.connector.config.ConfigProblem;
import dev.syncline.connector.config.InvalidConfigurationException;
import dev.syncline.connector.spi.Connectors;
import dev.syncline.runner.policy.TestManifests;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigReaderTest {
    private static final Connectors CONNECTORS = Connectors.discover();

    @Test
    void accounts_defaultToSelf_andConnectedOrAListSelectConnectedAccounts() {
        String pipeline = "pipelines: [ { name: w, objects: [customer], destination: { type: postgres } } ]\n";
        assertThat(read("stripe: { api-key: sk_test_abc }\n" + pipeline, Map.of()).stripe().accounts())
                .isEqualTo(SynclineConfig.Accounts.SELF);
        SynclineConfig.Accounts connected = read("""
                stripe:
                  api-key: sk_test_abc
                  accounts: connected
                  connect: { discovery-interval-seconds: 60, concurrent-backfills: 8, poll-events: true }
                """ + pipeline, Map.of()).stripe().accounts();
        assertThat(connected).isEqualTo(new SynclineConfig.Accounts(SynclineConfig.AccountMode.CONNECTED, List.of(), 60, 8, true));
        SynclineConfig.Accounts listed = read("stripe: { api-key: sk_test_abc, accounts: [acct_1A, acct_2B] }\n" + pipeline, Map.of())
                .stripe().accounts();
        assertThat(listed.mode()).isEqualTo(SynclineConfig.AccountMode.LISTED);
        assertThat(listed.listed()).containsExactly("acct_1A", "acct_2B");
    }

    @Test
    void accounts_problemsNameTheirPath() {
        String pipeline = "pipelines: [ { name: w, objects: [customer], destination: { type: postgres } } ]\n";
        List<ConfigProblem> problems = problemsOf("""
                stripe:
                  api-key: sk_test_abc
                  accounts: [acct_1A, cus_123, acct_1A]
                  connect: { concurrent-backfills: 0, poll-events: maybe, speed: 3 }
                """ + pipeline, Map.of());
        assertThat(reason(problems, "stripe.accounts[1]")).contains("not a Stripe account id");
        assertThat(reason(problems, "stripe.accounts[2]")).contains("listed twice");
        assertThat(reason(problems, "stripe.connect.concurrent-backfills")).contains("between 1 and 1000");
        assertThat(reason(problems, "stripe.connect.poll-events")).contains("true or false");
        assertThat(reason(problems, "stripe.connect.speed")).contains("not a known key");
        assertThat(reason(problemsOf("stripe: { api-key: sk_test_abc, accounts: everyone }\n" + pipeline, Map.of()), "stripe.accounts"))
                .contains("self, connected");
        assertThat(reason(problemsOf("stripe: { api-key: sk_test_abc, connect: { poll-events: true } }\n" + pipeline, Map.of()),
                "stripe.connect")).contains("only applies");
    }

    private static SynclineConfig read(String yaml, Map<String, String> env) {
        // Every configuration needs a manifest; these tests are about everything else.
        String withManifest = yaml.contains("manifest:") ? yaml : TestManifests.line(TestManifests.grantingEverything()) + yaml;
        return ConfigReader.read(YamlSource.parse(withManifest, "test.yaml"), CONNECTORS, env::get);
    }

    private static List<ConfigProblem> problemsOf(String yaml, Map<String, String> env) {
        try {
            read(yaml, env);
        } catch (InvalidConfigurationException e) {
            return e.problems();
        }
        throw new AssertionError("expected the configuration to be rejected");
    }

    @Test
    void validConfiguration_appliesDefaultsAndEnvironment() {
        SynclineConfig config = read("""
                stripe:
                  api-key: ${STRIPE_API_KEY}
                egress: { allow: ["r2dbc:postgresql://db.internal:5432/analytics"] }
                pipelines:
                  - name: warehouse
                    objects: [customer, subscription, invoice]
                    destination: { type: postgres, url: "r2dbc:postgresql://db.internal:5432/analytics", password: "${PG_PASSWORD}" }
                """, Map.of("STRIPE_API_KEY", "sk_live_abc", "PG_PASSWORD", "pw"));

        assertThat(config.stripe().apiKey().reveal()).isEqualTo("sk_live_abc");
        assertThat(config.stripe().apiKey()).hasToString("[hidden]");
        assertThat(config.stripe().apiBase()).isEqualTo(URI.create("https://api.stripe.com"));
        assertThat(config.stripe().requestsPerSecond()).isEqualTo(100.0);
        assertThat(config.state().embedded()).isTrue();
        assertThat(config.state().dataDir()).isEqualTo(Path.of(".syncline"));
        assertThat(config.server().port()).isEqualTo(8080);
        SynclineConfig.Pipeline pipeline = config.pipelines().get(0);
        assertThat(pipeline.objects()).containsExactly("customer", "subscription", "invoice");
        assertThat(pipeline.batchSize()).isEqualTo(500);
        assertThat(pipeline.destinationPath()).isEqualTo("pipelines[0].destination");
        assertThat(pipeline.destination()).containsEntry("password", "pw");
    }

    @Test
    void testModeKey_defaultsToTestModeBudget() {
        SynclineConfig config = read("""
                stripe: { api-key: sk_test_abc }
                pipelines: [ { name: w, objects: [customer], destination: { type: postgres } } ]
                """, Map.of());

        assertThat(config.stripe().requestsPerSecond()).isEqualTo(25.0);
    }

    @Test
    void embeddedWarehouse_resolvesToTheEmbeddedPostgres() {
        SynclineConfig config = read("""
                stripe: { api-key: sk_test_abc }
                state: { embedded-port: 55001 }
                pipelines: [ { name: w, objects: [customer], destination: { type: postgres, url: embedded } } ]
                """, Map.of());

        assertThat(config.pipelines().get(0).destination())
                .containsEntry("url", "r2dbc:postgresql://postgres@127.0.0.1:55001/warehouse");
    }

    @Test
    void invalidConfiguration_listsEveryProblemWithItsPath() {
        List<ConfigProblem> problems = problemsOf("""
                stripe:
                  api-base: "not a url"
                  rate-limit: { requests-per-second: -5 }
                pipelines:
                  - name: warehouse
                    objects: [customer, unicorn]
                    destination: { type: postgres, url: "postgres://db/analytics", password: hunter2 }
                  - name: crm
                    objects: [customer]
                    destination: { type: carrier-pigeon, token: secret-token }
                """, Map.of());

        assertThat(problems).extracting(ConfigProblem::path).containsExactlyInAnyOrder(
                "stripe.api-key",
                "stripe.api-base",
                "stripe.rate-limit.requests-per-second",
                "pipelines[0].objects[1]",
                "pipelines[0].destination.url",
                "pipelines[1].destination.type");
        assertThat(reason(problems, "stripe.api-key")).isEqualTo("is required");
        assertThat(reason(problems, "stripe.api-base")).contains("URL");
        assertThat(reason(problems, "stripe.rate-limit.requests-per-second")).isEqualTo("must be a number greater than 0");
        assertThat(reason(problems, "pipelines[0].objects[1]")).startsWith("is not a Stripe object type").contains("customer");
        assertThat(reason(problems, "pipelines[0].destination.url")).contains("r2dbc");
        assertThat(reason(problems, "pipelines[1].destination.type")).contains("known types: http, hubspot, postgres, salesforce");
    }

    @Test
    void invalidConfiguration_neverShowsSecrets() {
        InvalidConfigurationException error = (InvalidConfigurationException) catchThrown("""
                stripe:
                  api-key: pk_live_publishable_but_private
                pipelines:
                  - name: warehouse
                    objects: [customer]
                    destination: { type: postgres, url: "postgres://db/analytics", password: hunter2 }
                """);

        assertThat(error.getMessage())
                .contains("stripe.api-key", "pipelines[0].destination.url")
                .doesNotContain("pk_live_publishable_but_private")
                .doesNotContain("hunter2");
        assertThat(error.problems()).filteredOn(p -> p.path().equals("stripe.api-key"))
                .singleElement().extracting(ConfigProblem::value).isEqualTo("[hidden]");
    }

    @Test
    void unsetEnvironmentVariable_isNamed() {
        List<ConfigProblem> problems = problemsOf("""
                stripe: { api-key: "${STRIPE_API_KEY}" }
                pipelines: [ { name: w, objects: [customer], destination: { type: postgres } } ]
                """, Map.of());

        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.path()).isEqualTo("stripe.api-key");
            assertThat(p.reason()).contains("STRIPE_API_KEY", "not set");
        });
    }

    @Test
    void structuralMistakes_areReportedTogether() {
        List<ConfigProblem> problems = problemsOf("""
                stripe: { api-key: sk_test_abc, colour: blue }
                state: { embedded-port: 70000 }
                pipelines:
                  - name: Warehouse!
                    objects: []
                    batch-size: 0
                    destination: { type: postgres }
                  - name: dup
                    objects: [customer, customer]
                    destination: { type: postgres }
                  - name: dup
                    objects: [invoice]
                    destination: { type: postgres, schema: stripe, nonsense: 1 }
                """, Map.of());

        assertThat(problems).extracting(ConfigProblem::path).containsExactlyInAnyOrder(
                "stripe.colour",
                "state.embedded-port",
                "pipelines[0].name",
                "pipelines[0].objects",
                "pipelines[0].batch-size",
                "pipelines[1].objects[1]",
                "pipelines[2].name",
                "pipelines[2].destination.nonsense");
    }

    @Test
    void noPipelines_isAProblem() {
        assertThat(problemsOf("stripe: { api-key: sk_test_abc }", Map.of()))
                .extracting(ConfigProblem::path).containsExactly("pipelines");
    }

    @Test
    void malformedYaml_isReportedWithItsLine() {
        assertThatThrownBy(() -> YamlSource.parse("stripe:\n  api-key: [unclosed\n", "bad.yaml"))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("bad.yaml is not valid YAML at line");
    }

    private static Throwable catchThrown(String yaml) {
        try {
            read(yaml, Map.of());
        } catch (RuntimeException e) {
            return e;
        }
        throw new AssertionError("expected the configuration to be rejected");
    }

    private static String reason(List<ConfigProblem> problems, String path) {
        return problems.stream().filter(p -> p.path().equals(path)).findFirst().orElseThrow().reason();
    }
}
