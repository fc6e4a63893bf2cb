package dev.syncline.helm;

import static dev.syncline.helm.RenderedChart.FULLNAME;
import static dev.syncline.helm.RenderedChart.list;
import static dev.syncline.helm.RenderedChart.map;
import static dev.syncline.helm.RenderedChart.path;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.LintResult;
import dev.syncline.connector.spi.Connectors;
import dev.syncline.runner.config.ConfigReader;
import dev.syncline.runner.config.SynclineConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Lints the chart and checks the objects it renders for several value sets. */
class ChartTest {
    private static final Pattern ENV_REFERENCE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-[^}]*)?}");

    @TempDir
    Path tmp;

    @Test
    void lintsWithoutFindings() {
        LintResult result = RenderedChart.helm().lint().strict().call();
        assertThat(result.isFailed()).as("lint messages: %s", result.getMessages()).isFalse();
    }

    @Test
    void defaultsRenderTheDeploymentServiceConfigAndDisruptionBudgetOnly() {
        RenderedChart chart = RenderedChart.render();
        assertThat(chart.objects().stream().map(o -> (String) o.get("kind")).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder("Deployment", "Service", "ConfigMap", "PodDisruptionBudget", "ServiceAccount");
        assertThat(path(chart.deployment(), "spec", "replicas")).isEqualTo(1);
        assertThat(path(chart.deployment(), "spec", "strategy")).as("a new pod takes the pipelines as the old one lets them go")
                .isEqualTo(Map.of("type", "RollingUpdate", "rollingUpdate", Map.of("maxSurge", 1, "maxUnavailable", 0)));
        assertThat(chart.container().get("image")).isEqualTo("syncline/syncline:0.1.0");
        assertThat(chart.container().get("args")).isEqualTo(List.of("run", "--config", "/etc/syncline/syncline.yaml"));
    }

    @Test
    void probesAskActuatorsHealthGroupsOnTheMetricsPort() {
        RenderedChart chart = RenderedChart.render();
        Map<String, Object> container = chart.container();
        assertThat(path(container, "livenessProbe", "httpGet", "path")).isEqualTo("/actuator/health/liveness");
        assertThat(path(container, "livenessProbe", "httpGet", "port")).isEqualTo("metrics");
        assertThat(path(container, "readinessProbe", "httpGet", "path")).isEqualTo("/actuator/health/readiness");
        assertThat(path(container, "readinessProbe", "httpGet", "port")).isEqualTo("metrics");
        assertThat(path(container, "startupProbe", "httpGet", "path")).isEqualTo("/actuator/health/liveness");
        assertThat(path(container, "startupProbe", "httpGet", "port")).isEqualTo("metrics");
        // The named port is where Actuator listens: Spring's management.server.port.
        assertThat(envValue(chart, "MANAGEMENT_SERVER_PORT")).isEqualTo(String.valueOf(chart.containerPort("metrics")));
    }

    @Test
    void metricsAreServedOnTheirOwnPortApartFromTheWebhooks() {
        RenderedChart chart = RenderedChart.render();
        int http = chart.containerPort("http");
        int metrics = chart.containerPort("metrics");
        assertThat(http).isEqualTo(8080);
        assertThat(metrics).isEqualTo(9090).isNotEqualTo(http);
        assertThat(path(chart.config(), "server", "port")).isEqualTo(http);
        List<Object> ports = list(path(chart.one("Service"), "spec", "ports"));
        assertThat(ports).extracting(p -> map(p).get("name") + "->" + map(p).get("targetPort"))
                .containsExactly("http->http", "metrics->metrics");

        assertThatThrownBy(() -> RenderedChart.render(t -> t.set("metrics.port", 8080)))
                .hasMessageContaining("metrics.port must differ from http.port");
    }

    @Test
    void secretsReachThePodAsEnvironmentFromTheReleasesSecretByDefault() {
        RenderedChart chart = RenderedChart.render();
        assertThat(secretRefs(chart)).containsOnly(
                Map.entry("STRIPE_API_KEY", FULLNAME + "/stripe-api-key"),
                Map.entry("STRIPE_WEBHOOK_SECRET", FULLNAME + "/stripe-webhook-secret"),
                Map.entry("SYNCLINE_STATE_PASSWORD", FULLNAME + "/state-password"),
                Map.entry("WAREHOUSE_PASSWORD", FULLNAME + "/warehouse-password"));
        assertThat(chart.has("Secret")).isFalse();
    }

    @Test
    void anExistingSecretIsReferencedByName() {
        RenderedChart chart = RenderedChart.render("existing-secret.yaml");
        assertThat(secretRefs(chart).values()).isNotEmpty().allSatisfy(ref -> assertThat(ref).startsWith("stripe-credentials/"));
        assertThat(secretRefs(chart)).containsEntry("STRIPE_API_KEY", "stripe-credentials/stripe-api-key");
        assertThat(chart.has("Secret")).isFalse();
        assertThat(chart.podAnnotation("checksum/secret")).isNull();
    }

    @Test
    void aSecretTheChartCreatesHoldsTheValuesAndIsReferenced() {
        RenderedChart chart = RenderedChart.render("create-secrets.yaml");
        Map<String, Object> secret = chart.one("Secret");
        assertThat(path(secret, "metadata", "name")).isEqualTo(FULLNAME);
        Map<String, Object> data = map(secret.get("data"));
        assertThat(decode(data.get("stripe-api-key"))).isEqualTo("sk_test_51ChartTestKeyNeverReal0000000000");
        assertThat(decode(data.get("stripe-webhook-secret-next"))).isEqualTo("whsec_chartTestNextSecret11111111");
        assertThat(secretRefs(chart)).containsEntry("STRIPE_WEBHOOK_SECRET_NEXT", FULLNAME + "/stripe-webhook-secret-next")
                .hasSize(5);
        assertThat(list(path(chart.config(), "stripe", "webhook", "secrets")))
                .containsExactly("${STRIPE_WEBHOOK_SECRET}", "${STRIPE_WEBHOOK_SECRET_NEXT}");
        assertThat(chart.podAnnotation("checksum/secret")).matches("[0-9a-f]{64}");
    }

    @Test
    void noSecretValueAppearsInAnyConfigMap() {
        RenderedChart chart = RenderedChart.render("create-secrets.yaml", "everything-on-with-created-secrets.yaml");
        Set<String> secretValues = map(RenderedChart.yaml().load(read(RenderedChart.valuesFile("create-secrets.yaml"))))
                .entrySet().stream().filter(e -> e.getKey().equals("secrets"))
                .flatMap(e -> map(map(e.getValue()).get("values")).values().stream()).map(String::valueOf)
                .collect(Collectors.toSet());
        secretValues.add("eventbridge-token-Chart-Test-55aa");
        secretValues.add("crm-signing-secret-Chart-Test-0d0d");
        assertThat(secretValues).hasSize(7);
        List<Map<String, Object>> configMaps = chart.all("ConfigMap");
        assertThat(configMaps).hasSize(2);
        for (Map<String, Object> configMap : configMaps) {
            for (Object value : map(configMap.get("data")).values()) {
                for (String secret : secretValues) {
                    assertThat((String) value).doesNotContain(secret);
                }
            }
        }
        // Only the Secret holds them (base64-encoded), and nothing else in the output shows them.
        String withoutSecret = chart.objects().stream().filter(o -> !"Secret".equals(o.get("kind")))
                .map(o -> RenderedChart.yaml().dump(o)).collect(Collectors.joining());
        secretValues.forEach(secret -> assertThat(withoutSecret).doesNotContain(secret));
    }

    @Test
    void everyEnvironmentReferenceOfTheConfigurationIsAnEnvironmentVariableOfThePod() {
        for (String[] values : List.of(new String[0], new String[]{"create-secrets.yaml"}, new String[]{"everything-on.yaml"},
                new String[]{"embedded-state.yaml"})) {
            RenderedChart chart = RenderedChart.render(values);
            Set<String> references = new LinkedHashSet<>();
            Matcher m = ENV_REFERENCE.matcher(chart.configText());
            while (m.find()) {
                references.add(m.group(1));
            }
            assertThat(references).contains("STRIPE_API_KEY");
            assertThat(secretRefs(chart).keySet()).as("values %s", List.of(values)).containsAll(references);
        }
    }

    @Test
    void theConfigChecksumFollowsTheConfigurationAndOnlyIt() {
        String defaults = RenderedChart.render().podAnnotation("checksum/config");
        assertThat(defaults).matches("[0-9a-f]{64}");
        assertThat(RenderedChart.render().podAnnotation("checksum/config")).isEqualTo(defaults);

        assertThat(RenderedChart.render(t -> t.set("stripe.apiBase", "http://stripe-sim:12111")).podAnnotation("checksum/config"))
                .isNotEqualTo(defaults);
        assertThat(RenderedChart.render(t -> t.set("pipelines[0].batch-size", 5000)).podAnnotation("checksum/config"))
                .isNotEqualTo(defaults);
        assertThat(RenderedChart.render(t -> t.set("manifest.permissions[0].purpose", "Copy customers")).podAnnotation("checksum/config"))
                .isNotEqualTo(defaults);
        assertThat(RenderedChart.render(t -> t.set("stripe.webhook.path", "/hooks/stripe")).podAnnotation("checksum/config"))
                .isNotEqualTo(defaults);

        // Values outside syncline.yaml and the manifest do not roll the pods.
        assertThat(RenderedChart.render(t -> t.set("resources.limits.memory", "3Gi").set("terminationGracePeriodSeconds", 120))
                .podAnnotation("checksum/config")).isEqualTo(defaults);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "existing-secret.yaml", "create-secrets.yaml", "everything-on.yaml", "embedded-state.yaml"})
    void theRenderedConfigurationIsValidForSyncline(String values) throws IOException {
        RenderedChart chart = values.isEmpty() ? RenderedChart.render() : RenderedChart.render(values);
        Files.writeString(tmp.resolve("syncline.yaml"), chart.configText());
        Files.writeString(tmp.resolve("stripe-app.json"), chart.manifestText());
        Map<String, String> environment = new HashMap<>();
        secretRefs(chart).keySet().forEach(name -> environment.put(name, "pw-" + name.toLowerCase()));
        environment.put("STRIPE_API_KEY", "sk_test_chart");
        environment.keySet().stream().filter(n -> n.startsWith("STRIPE_WEBHOOK_SECRET")).toList()
                .forEach(n -> environment.put(n, "whsec_chart_" + n));

        SynclineConfig config = ConfigReader.read(chart.config(), Connectors.discover(), environment::get, tmp);

        assertThat(config.server().port()).isEqualTo(chart.containerPort("http"));
        assertThat(config.pipelines()).isNotEmpty();
    }

    @Test
    void theDefaultConfigurationNamesTheStripeWebhookAndStateSettings() {
        Map<String, Object> config = RenderedChart.render().config();
        assertThat(config.get("manifest")).isEqualTo("./stripe-app.json");
        assertThat(path(config, "stripe", "api-key")).isEqualTo("${STRIPE_API_KEY}");
        assertThat(path(config, "stripe", "api-base")).isEqualTo("https://api.stripe.com");
        assertThat(path(config, "stripe", "webhook", "path")).isEqualTo("/webhooks/stripe");
        assertThat(path(config, "stripe", "webhook", "secrets")).isEqualTo(List.of("${STRIPE_WEBHOOK_SECRET}"));
        assertThat((String) path(config, "state", "url")).startsWith("r2dbc:postgresql://").contains("${SYNCLINE_STATE_PASSWORD}");
        assertThat(path(config, "inbox", "mode")).isEqualTo("cdc");
        assertThat(path(config, "pipelines", 0, "name")).isEqualTo("warehouse");
        assertThat(map(RenderedChart.yaml().load(RenderedChart.render().manifestText())).get("permissions")).isInstanceOf(List.class);
    }

    @Test
    void theDisruptionBudgetAndGracePeriodLetThePodDrain() {
        RenderedChart chart = RenderedChart.render();
        Map<String, Object> pdb = chart.one("PodDisruptionBudget");
        assertThat(path(pdb, "spec", "maxUnavailable")).isEqualTo(1);
        assertThat(path(pdb, "spec", "selector", "matchLabels"))
                .isEqualTo(path(chart.deployment(), "spec", "selector", "matchLabels"));
        assertThat(chart.podSpec().get("terminationGracePeriodSeconds")).isEqualTo(60);
        assertThat(path(chart.container(), "lifecycle", "preStop", "exec", "command")).isEqualTo(List.of("sleep", "5"));

        RenderedChart minAvailable = RenderedChart.render(t -> t.set("podDisruptionBudget.minAvailable", 1));
        assertThat(map(path(minAvailable.one("PodDisruptionBudget"), "spec"))).containsEntry("minAvailable", 1)
                .doesNotContainKey("maxUnavailable");
    }

    @Test
    void thePodRunsAsTheImagesNonRootUserOnAReadOnlyRoot() {
        RenderedChart chart = RenderedChart.render();
        assertThat(path(chart.podSpec(), "securityContext", "runAsNonRoot")).isEqualTo(true);
        assertThat(path(chart.podSpec(), "securityContext", "runAsUser")).isEqualTo(10001);
        assertThat(path(chart.container(), "securityContext", "readOnlyRootFilesystem")).isEqualTo(true);
        assertThat(path(chart.container(), "securityContext", "allowPrivilegeEscalation")).isEqualTo(false);
        assertThat(list(chart.container().get("volumeMounts"))).extracting(v -> map(v).get("mountPath"))
                .contains("/etc/syncline", "/tmp", "/var/lib/syncline");
    }

    @Test
    void everyOptionalObjectRendersWhenEnabled() {
        RenderedChart chart = RenderedChart.render("everything-on.yaml");

        Map<String, Object> ingress = chart.one("Ingress");
        List<Object> paths = list(path(ingress, "spec", "rules", 0, "http", "paths"));
        assertThat(paths).extracting(p -> map(p).get("path")).containsExactly("/webhooks/stripe", "/webhooks/eventbridge");
        assertThat(paths).extracting(p -> path(p, "backend", "service", "port", "name")).containsOnly("http");
        assertThat(paths).extracting(p -> path(p, "backend", "service", "name")).containsOnly(FULLNAME);
        assertThat(path(ingress, "spec", "rules", 0, "host")).isEqualTo("hooks.example.com");
        assertThat(path(ingress, "spec", "tls", 0, "secretName")).isEqualTo("hooks-tls");

        Map<String, Object> monitor = chart.one("ServiceMonitor");
        assertThat(monitor.get("apiVersion")).isEqualTo("monitoring.coreos.com/v1");
        assertThat(path(monitor, "metadata", "labels", "release")).isEqualTo("kube-prometheus-stack");
        assertThat(path(monitor, "spec", "endpoints", 0, "port")).isEqualTo("metrics");
        assertThat(path(monitor, "spec", "endpoints", 0, "path")).isEqualTo("/actuator/prometheus");
        assertThat(path(monitor, "spec", "selector", "matchLabels")).isEqualTo(path(chart.one("Service"), "spec", "selector"));

        Map<String, Object> hpa = chart.one("HorizontalPodAutoscaler");
        assertThat(path(hpa, "spec", "scaleTargetRef", "name")).isEqualTo(FULLNAME);
        assertThat(path(hpa, "spec", "maxReplicas")).isEqualTo(4);
        assertThat(list(path(hpa, "spec", "metrics"))).hasSize(2);
        assertThat(map(path(chart.deployment(), "spec"))).doesNotContainKey("replicas");

        Map<String, Object> policy = chart.one("NetworkPolicy");
        List<Object> ingressRules = list(path(policy, "spec", "ingress"));
        assertThat(ingressRules).extracting(r -> path(r, "ports", 0, "port")).containsExactly("http", "metrics");
        assertThat(path(ingressRules.get(0), "from", 0, "namespaceSelector", "matchLabels", "kubernetes.io/metadata.name"))
                .isEqualTo("ingress-nginx");
        List<Object> egress = list(path(policy, "spec", "egress"));
        assertThat(egress).extracting(r -> path(r, "ports", 0, "port")).containsExactly(53, 443, 5432, 5432);
        assertThat(path(egress.get(2), "to", 0, "ipBlock", "cidr")).isEqualTo("10.20.0.0/24");
        assertThat(path(egress.get(3), "to", 0, "ipBlock", "cidr")).isEqualTo("10.30.0.0/24");

        Map<String, Object> config = chart.config();
        assertThat(path(config, "stripe", "webhook", "eventbridge", "token")).isEqualTo("${STRIPE_EVENTBRIDGE_TOKEN}");
        assertThat(path(config, "stripe", "rate-limit", "requests-per-second")).isEqualTo(50);
        assertThat(path(config, "stripe", "events", "poll-interval-seconds")).isEqualTo(0);
        assertThat(path(config, "inbox", "poll-interval-ms")).isEqualTo(500);
    }

    @Test
    void theDashboardConfigMapCarriesTheShippedDashboard() throws IOException {
        RenderedChart chart = RenderedChart.render("everything-on.yaml");
        Map<String, Object> dashboards = chart.all("ConfigMap").stream()
                .filter(c -> (FULLNAME + "-dashboards").equals(path(c, "metadata", "name"))).findFirst().orElseThrow();
        assertThat(path(dashboards, "metadata", "labels", "grafana_dashboard")).isEqualTo("1");
        String shipped = Files.readString(RenderedChart.chartDir().resolve("dashboards/syncline.json"));
        assertThat(path(dashboards, "data", "syncline.json")).isEqualTo(shipped.strip());
    }

    @Test
    void replicasShareTheStateDatabaseSoTheEmbeddedOneAllowsOnlyOne() {
        assertThat(path(RenderedChart.render(t -> t.set("replicaCount", 3)).deployment(), "spec", "replicas")).isEqualTo(3);
        assertThat(path(RenderedChart.render(t -> t.set("ownership.leaseSeconds", 30)).config(), "ownership", "lease-seconds")).isEqualTo(30);
        assertThat(RenderedChart.render().config()).doesNotContainKey("ownership");

        assertThatThrownBy(() -> RenderedChart.render(t -> t.set("state.url", "embedded").set("replicaCount", 2)))
                .hasMessageContaining("replicaCount > 1 needs an external state database");
        assertThatThrownBy(() -> RenderedChart.render(t -> t.set("state.url", "embedded").set("autoscaling.enabled", true)))
                .hasMessageContaining("autoscaling.maxReplicas > 1 needs an external state database");
        assertThatThrownBy(() -> RenderedChart.render(t -> t.set("state.url", "embedded").set("strategy.type", "RollingUpdate")))
                .hasMessageContaining("state.url embedded needs strategy.type Recreate");
        assertThat(path(RenderedChart.render(t -> t.set("state.url", "embedded")).deployment(), "spec", "strategy"))
                .isEqualTo(Map.of("type", "Recreate"));
    }

    @Test
    void contradictoryOrIncompleteSecretsFailTheRender() {
        assertThatThrownBy(() -> RenderedChart.render(t -> t.set("secrets.create", true).set("secrets.existingSecret", "mine")))
                .hasMessageContaining("set either secrets.existingSecret");
        assertThatThrownBy(() -> RenderedChart.render(t -> t.set("secrets.create", true).set("secrets.values.stripe-api-key", "sk_test_x")))
                .hasMessageContaining("secrets.values.stripe-webhook-secret is empty");
        assertThatThrownBy(() -> RenderedChart.render(t -> t.set("stripe.webhook.secretEnv[0]", "UNMAPPED_SECRET")))
                .hasMessageContaining("stripe.webhook.secretEnv lists UNMAPPED_SECRET");
    }

    /** Environment variable -> "secret/key" of every secretKeyRef of the container. */
    private static Map<String, String> secretRefs(RenderedChart chart) {
        Map<String, String> refs = new HashMap<>();
        for (Map<String, Object> env : chart.env()) {
            Object ref = path(env, "valueFrom", "secretKeyRef");
            if (ref != null) {
                refs.put((String) env.get("name"), map(ref).get("name") + "/" + map(ref).get("key"));
            }
        }
        return refs;
    }

    private static String envValue(RenderedChart chart, String name) {
        return chart.env().stream().filter(e -> name.equals(e.get("name"))).map(e -> (String) e.get("value")).findFirst().orElseThrow();
    }

    private static String decode(Object base64) {
        return new String(Base64.getDecoder().decode((String) base64), StandardCharsets.UTF_8);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
