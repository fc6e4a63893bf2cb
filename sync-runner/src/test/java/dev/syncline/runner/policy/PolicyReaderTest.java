package dev.syncline.runner.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.syncline.connector.config.ConfigProblem;
import dev.syncline.connector.config.InvalidConfigurationException;
import dev.syncline.connector.spi.Connectors;
import dev.syncline.runner.config.ConfigReader;
import dev.syncline.runner.config.SynclineConfig;
import dev.syncline.runner.config.YamlSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The policy keys of the YAML and the manifest, checked at startup through the configuration reader. */
class PolicyReaderTest {
    private static final Connectors CONNECTORS = Connectors.discover();
    private static final String PIPELINES = """
            stripe: { api-key: sk_test_abc }
            pipelines:
              - name: warehouse
                objects: [customer, subscription, price]
                destination: { type: postgres, url: embedded }
            """;

    @TempDir
    Path dir;

    @Test
    void withoutAManifestNothingMayBeRead() {
        List<ConfigProblem> problems = problemsOf(PIPELINES);

        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.path()).isEqualTo("manifest");
            assertThat(p.reason()).contains("is required", "deny by default");
        });
    }

    @Test
    void aPipelineAskingForATypeWithoutPermission_failsNamingItsPathAndThePermission() {
        Path manifest = TestManifests.write(dir, List.of("customer_read", "plan_read"), List.of());

        List<ConfigProblem> problems = problemsOf(TestManifests.line(manifest) + PIPELINES);

        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.path()).isEqualTo("pipelines[0].objects[1]");
            assertThat(p.value()).isEqualTo("subscription");
            assertThat(p.reason()).contains("subscription_read", manifest.toAbsolutePath().toString().replace("\\", "/"));
        });
    }

    @Test
    void pricesAreGrantedByPlanRead() {
        Path manifest = TestManifests.write(dir, List.of("customer_read", "subscription_read", "plan_read"), List.of());

        SynclineConfig config = read(TestManifests.line(manifest) + PIPELINES);

        assertThat(config.policy().access().readable("price").allowed()).isTrue();
    }

    @Test
    void aMalformedV1Manifest_reportsEveryProblemWithItsPathInTheFile() throws IOException {
        Files.writeString(dir.resolve("stripe-app.json"), """
                {"id": "bad id!", "version": "1", "name": "", "colour": "blue",
                 "permissions": [{"permission": "customer_read"}, {"permission": "Customer Read", "purpose": "x"},
                                 {"permission": "customer_read", "purpose": "again", "extra": 1}],
                 "ui_extension": {"content_security_policy": {"connect-src": ["http://crm.example/api/", "https://crm.example/"]}}}
                """);

        List<ConfigProblem> problems = problemsOf("manifest: stripe-app.json\n" + PIPELINES);

        assertThat(problems).extracting(ConfigProblem::path).containsExactlyInAnyOrder(
                "stripe-app.json:colour",
                "stripe-app.json:id",
                "stripe-app.json:name",
                "stripe-app.json:icon",
                "stripe-app.json:permissions[0].purpose",
                "stripe-app.json:permissions[1].permission",
                "stripe-app.json:permissions[2].extra",
                "stripe-app.json:permissions[2].permission",
                "stripe-app.json:ui_extension.content_security_policy.purpose");
    }

    @Test
    void connectSrcEntriesBreakingTheManifestRules_areReportedAtTheirIndex() throws IOException {
        Files.writeString(dir.resolve("stripe-app.json"), """
                {"id": "app", "version": "1", "name": "App", "icon": "icon.png",
                 "permissions": [{"permission": "customer_read", "purpose": "sync"}],
                 "ui_extension": {"content_security_policy": {"purpose": "send", "connect-src":
                   ["http://crm.example/api/", "https://crm.example/", "https://api.stripe.com/v1/", "https://ok.example/in/"]}}}
                """);

        List<ConfigProblem> problems = problemsOf("""
                manifest: stripe-app.json
                stripe: { api-key: sk_test_abc }
                pipelines: [ { name: w, objects: [customer], destination: { type: postgres, url: embedded } } ]
                """);

        assertThat(problems).extracting(ConfigProblem::path).containsExactly(
                "stripe-app.json:ui_extension.content_security_policy.connect-src[0]",
                "stripe-app.json:ui_extension.content_security_policy.connect-src[1]",
                "stripe-app.json:ui_extension.content_security_policy.connect-src[2]");
        assertThat(problems).extracting(ConfigProblem::reason).satisfiesExactly(
                r -> assertThat(r).contains("https://"), r -> assertThat(r).contains("path"), r -> assertThat(r).contains("Stripe"));
    }

    @Test
    void aV2ManifestGrantsItsDeclaredPermissions() throws IOException {
        Files.writeString(dir.resolve("stripe-app.yaml"), """
                id: app
                extensions: []
                declarations:
                  stripe_api_access:
                    permissions:
                      - permission: customer_read
                        purpose: Sync customers
                """);

        SynclineConfig config = read("""
                manifest: stripe-app.yaml
                stripe: { api-key: sk_test_abc }
                pipelines: [ { name: w, objects: [customer], destination: { type: postgres, url: embedded } } ]
                """);

        assertThat(config.policy().access().granted()).containsExactly("customer_read");
    }

    @Test
    void aMalformedV2Manifest_namesWhatIsMissing() throws IOException {
        Files.writeString(dir.resolve("stripe-app.yaml"), "declarations: { stripe_api_access: { permissions: [ { permission: customer_read } ] } }\n");

        List<ConfigProblem> problems = problemsOf("manifest: stripe-app.yaml\n" + PIPELINES);

        assertThat(problems).extracting(ConfigProblem::path).contains(
                "stripe-app.yaml:extensions", "stripe-app.yaml:declarations.stripe_api_access.permissions[0].purpose");
    }

    @Test
    void destinationsMustBeOnTheAllowList_httpsThroughConnectSrc_othersThroughEgressAllow() {
        Path manifest = TestManifests.write(dir, List.of("customer_read"), List.of("https://hooks.example.com/in/"));

        List<ConfigProblem> problems = problemsOf(TestManifests.line(manifest) + """
                stripe: { api-key: sk_test_abc }
                egress: { allow: ["r2dbc:postgresql://warehouse.internal:5432/analytics", "https://not-here.example/x/"] }
                pipelines:
                  - { name: listed-pg, objects: [customer], destination: { type: postgres, url: "r2dbc:postgresql://warehouse.internal:5432/analytics" } }
                  - { name: other-pg, objects: [customer], destination: { type: postgres, url: "r2dbc:postgresql://elsewhere:5432/analytics" } }
                  - { name: listed-http, objects: [customer], destination: { type: http, url: "https://hooks.example.com/in/batch", signing-secret: "0123456789abcdef" } }
                  - { name: other-http, objects: [customer], destination: { type: http, url: "https://hooks.example.com/out/batch", signing-secret: "0123456789abcdef" } }
                """);

        assertThat(problems).extracting(ConfigProblem::path).containsExactlyInAnyOrder(
                "egress.allow[1]", "pipelines[1].destination.url", "pipelines[3].destination.url");
        assertThat(problems).filteredOn(p -> p.path().equals("pipelines[3].destination.url")).singleElement()
                .extracting(ConfigProblem::reason).asString().contains("not on the egress allow-list", "connect-src");
    }

    @Test
    void routesKeepTypesFromPipelines_andNameRealPipelines() {
        List<ConfigProblem> problems = problemsOf(TestManifests.line(TestManifests.grantingEverything()) + """
                stripe: { api-key: sk_test_abc }
                routes:
                  customer: [warehouse, crm]
                  charge: [warehouse, billing]
                pipelines:
                  - { name: warehouse, objects: [customer, charge], destination: { type: postgres, url: embedded } }
                  - { name: crm, objects: [customer, charge, invoice], destination: { type: postgres, url: embedded, schema: crm } }
                """);

        assertThat(problems).extracting(ConfigProblem::path).containsExactlyInAnyOrder(
                "routes.charge[1]", "pipelines[1].objects[1]", "pipelines[1].objects[2]");
        assertThat(problems).filteredOn(p -> p.path().equals("pipelines[1].objects[1]")).singleElement()
                .extracting(ConfigProblem::reason).asString().contains("routes do not send charge to pipeline crm");
    }

    @Test
    void expansionsMustBelongToThePipelinesTypes() {
        List<ConfigProblem> problems = problemsOf(TestManifests.line(TestManifests.grantingEverything()) + """
                stripe: { api-key: sk_test_abc }
                pipelines:
                  - name: w
                    objects: [customer]
                    expand: { customer: [subscriptions, "Bad Field"], invoice: [lines] }
                    destination: { type: postgres, url: embedded }
                """);

        assertThat(problems).extracting(ConfigProblem::path).containsExactlyInAnyOrder(
                "pipelines[0].expand.customer[1]", "pipelines[0].expand.invoice");
    }

    private SynclineConfig read(String yaml) {
        return ConfigReader.read(YamlSource.parse(yaml, "test.yaml"), CONNECTORS, Map.<String, String>of()::get, dir);
    }

    private List<ConfigProblem> problemsOf(String yaml) {
        try {
            read(yaml);
        } catch (InvalidConfigurationException e) {
            return e.problems();
        }
        throw new AssertionError("expected the configuration to be rejected");
    }
}
