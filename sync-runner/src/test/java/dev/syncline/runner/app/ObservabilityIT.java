package dev.syncline.runner.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.syncline.connector.policy.PermissionCatalog;
import dev.syncline.connector.record.Json;
import dev.syncline.connector.spi.Connectors;
import dev.syncline.runner.config.ConfigReader;
import dev.syncline.runner.config.SynclineConfig;
import dev.syncline.runner.config.YamlSource;
import dev.syncline.runner.policy.TestManifests;
import dev.syncline.runner.state.EmbeddedPostgresServer;
import dev.syncline.sim.StripeSimulator;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.Disposable;

/**
 * What operators look at, from a running runner that backfilled and then streamed live events
 * (webhooks for a changing account, some of them of a type the manifest does not grant):
 * {@code /actuator/prometheus} exports every metric {@code sync-runner/README.md} documents, and
 * the status page renders the pipelines and their figures in headless Chromium.
 */
class ObservabilityIT {
    /** What Micrometer's Prometheus registry appends to a meter's name (counter, timer, unit suffixes). */
    private static final List<String> SUFFIXES = List.of("", "_total", "_seconds", "_seconds_count", "_seconds_sum", "_seconds_max",
            "_count", "_sum", "_max", "_requests_s");
    private static final Pattern DOCUMENTED = Pattern.compile("`(syncline\\.[a-z_.]+[a-z_])`");
    /** {@code syncline.…} names in the README that are files or state tables, not metrics. */
    private static final Set<String> NOT_METRICS = Set.of("syncline.yaml", "syncline.dead_letters", "syncline.inbox", "syncline.inbox_positions",
            "syncline.leases", "syncline.cdc_offsets", "syncline.backfill_streams", "syncline.backfill_segments");
    private static final String SECRET = "whsec_observability";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path work;

    private static StripeSimulator simulator;
    private static SynclineRuntime runtime;

    @BeforeAll
    static void backfillThenStreamLiveEvents() throws Exception {
        simulator = StripeSimulator.builder().seed(41).customers(80).objectTypes("customer", "subscription", "product", "price").start();
        int httpPort = EmbeddedPostgresServer.freePort();
        Map<String, String> read = PermissionCatalog.standard().readPermissions();
        List<String> permissions = new ArrayList<>(new TreeSet<>(read.values()));
        permissions.remove(read.get("product")); // product events are refused at the intake: syncline.policy.denied
        permissions.add(PermissionCatalog.EVENT_READ);
        Path manifest = TestManifests.write(Files.createDirectories(work.resolve("manifest")), permissions, List.of());
        SynclineConfig config = ConfigReader.read(YamlSource.parse("""
                %sstripe:
                  api-key: sk_test_observability
                  api-base: "%s"
                  rate-limit: { requests-per-second: 300 }
                  webhook: { path: /webhooks/stripe, secrets: ["%s"] }
                  events: { poll-interval-seconds: 2 }
                state: { data-dir: "%s", embedded-port: %d }
                server: { address: 127.0.0.1, port: %d }
                pipelines:
                  - name: warehouse
                    objects: [customer, subscription]
                    batch-size: 50
                    write-lanes: 2
                    destination: { type: postgres, url: embedded }
                """.formatted(TestManifests.line(manifest), simulator.baseUrl(), SECRET, work, EmbeddedPostgresServer.freePort(), httpPort), "test"),
                Connectors.discover(), Map.<String, String>of()::get);
        runtime = SynclineRuntime.start(config, Connectors.discover(), true);
        runtime.sync().backfillCompletion().block(Duration.ofMinutes(2));
        simulator.addWebhookEndpoint(URI.create("http://127.0.0.1:" + httpPort + "/webhooks/stripe"), SECRET);
        Disposable mutations = simulator.startMutations(20);
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!(scrape().contains("syncline_events_lag_seconds_count") && scrape().contains("stage=\"intake\""))) {
                assertThat(System.nanoTime()).as("live events written and a product event denied within 60 s").isLessThan(deadline);
                Thread.sleep(500);
            }
        } finally {
            mutations.dispose();
        }
    }

    @AfterAll
    static void stop() {
        if (runtime != null) {
            runtime.close();
        }
        if (simulator != null) {
            simulator.close();
        }
    }

    @Test
    void everyDocumentedMetricIsExported() throws Exception {
        String exposition = scrape();
        Set<String> exported = new TreeSet<>();
        for (String line : exposition.split("\n")) {
            if (!line.startsWith("#") && line.startsWith("syncline_")) {
                exported.add(line.split("[{ ]", 2)[0]);
            }
        }
        Set<String> documented = documented();
        assertThat(documented).as("names documented in sync-runner/README.md")
                .contains("syncline.records.received", "syncline.records.delivered", "syncline.policy.denied", "syncline.records.dead_lettered",
                        "syncline.events.lag", "syncline.backfill.objects.read", "syncline.stripe.requests", "syncline.stripe.budget",
                        "syncline.stripe.throttled", "syncline.destination.write", "syncline.lanes.fill");
        for (String name : documented) {
            String base = name.replace('.', '_');
            assertThat(SUFFIXES.stream().anyMatch(s -> exported.contains(base + s)))
                    .as("%s is exported (as %s…) at /actuator/prometheus; exported: %s", name, base, exported).isTrue();
        }
        assertThat(exposition)
                .containsPattern("syncline_records_received_total\\{[^}]*object_type=\"customer\"[^}]*source=\"live\"[^}]*} [1-9]")
                .containsPattern("syncline_records_received_total\\{[^}]*object_type=\"customer\"[^}]*source=\"backfill\"[^}]*} [1-9]")
                .containsPattern("syncline_events_lag_seconds_count\\{[^}]*pipeline=\"warehouse\"[^}]*} [1-9]")
                .containsPattern("syncline_destination_write_seconds_count\\{pipeline=\"warehouse\"} [1-9]")
                .containsPattern("syncline_lanes_fill\\{pipeline=\"warehouse\"}")
                .containsPattern("syncline_policy_denied_total\\{[^}]*object_type=\"product\"[^}]*stage=\"intake\"[^}]*} [1-9]")
                .containsPattern("syncline_records_dead_lettered_total\\{object_type=\"customer\",pipeline=\"warehouse\"} 0");
    }

    @Test
    void theStatusPageRendersThePipelinesInHeadlessChromium() throws Exception {
        String url = "http://127.0.0.1:" + runtime.httpPort() + "/";
        HttpResponse<String> page = HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
        assertThat(page.body()).as("nothing is loaded from elsewhere").doesNotContain("http://", "https://", "<script src", "<link");

        HeadlessChromium chromium = HeadlessChromium.find();
        String dom = chromium.dumpDom(url);
        Map<String, Object> status = Json.parseObject(HTTP.send(HttpRequest.newBuilder(URI.create(url + "status")).build(),
                HttpResponse.BodyHandlers.ofString()).body());
        @SuppressWarnings("unchecked")
        Map<String, Object> pipeline = ((List<Map<String, Object>>) status.get("pipelines")).get(0);
        assertThat(dom).contains("data-loaded=\"true\"", "data-pipeline=\"warehouse\"", ">streaming<", "data-object-type=\"customer\"",
                "data-object-type=\"subscription\"", "pipeline:warehouse", "dead letters pending", "live lag");
        @SuppressWarnings("unchecked")
        Map<String, Object> customers = ((List<Map<String, Object>>) pipeline.get("objects")).get(0);
        assertThat(customers.get("object_type")).isEqualTo("customer");
        long read = ((Number) customers.get("objects_read")).longValue();
        assertThat(read).as("the backfill read every customer there was").isPositive();
        assertThat(dom).as("the customers read, as the page formats them").containsPattern(
                "data-object-type=\"customer\">.*?<td class=\"read\">" + String.format(java.util.Locale.US, "%,d", read) + "</td>");
        assertThat(dom).as("backfill done, so its ETA says so").containsPattern(
                "data-object-type=\"customer\">.*?<td class=\"progress\">.*?100 %</td>.*?<td class=\"eta\">done</td>");
        assertThat(pipeline.get("live_lag_seconds")).as("/status has a live lag").isNotNull();
        assertThat(dom).doesNotContainPattern("class=\"lag\">live lag <b>–</b>");

        Path screenshot = Path.of("target", "status-page.png");
        chromium.screenshot(url, screenshot);
        byte[] png = Files.readAllBytes(screenshot);
        assertThat(png.length).as("a screenshot with something on it").isGreaterThan(10_000);
        assertThat(new String(png, 1, 3, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("PNG");
    }

    private static String scrape() throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + runtime.httpPort() + "/actuator/prometheus")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    /** Every {@code `syncline.…`} name in the runner's README that is a metric (not a file name). */
    private static Set<String> documented() throws IOException {
        Path readme = Path.of("README.md");
        if (!Files.exists(readme)) {
            readme = Path.of("sync-runner", "README.md");
        }
        Set<String> names = new TreeSet<>();
        Matcher m = DOCUMENTED.matcher(Files.readString(readme));
        while (m.find()) {
            if (!NOT_METRICS.contains(m.group(1))) {
                names.add(m.group(1));
            }
        }
        return names;
    }
}
