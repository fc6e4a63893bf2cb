package dev.syncline.runner.intake;

import static org.assertj.core.api.Assertions.assertThat;

import com.stripe.net.Webhook;
import dev.syncline.connector.record.Json;
import dev.syncline.connector.spi.Connectors;
import dev.syncline.runner.app.SynclineRuntime;
import dev.syncline.runner.config.ConfigReader;
import dev.syncline.runner.config.SynclineConfig;
import dev.syncline.runner.config.YamlSource;
import dev.syncline.runner.policy.TestManifests;
import dev.syncline.sim.StripeSimulator;
import dev.syncline.testkit.postgres.PostgresFixture;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The intake in a running Syncline whose state is a real Postgres: every answer Stripe can get,
 * the metric it counts, and exactly what the inbox holds afterwards. The manifest grants
 * {@code customer_read} and {@code event_read} only, so invoice events are not permitted. (The
 * database-down and simulator cases need runtimes of their own: {@link WebhookDeliveryIT}.)
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebhookIntakeIT {
    static final String CURRENT = "whsec_current_intake";
    private static final String PREVIOUS = "whsec_previous_intake";
    private static final String EVENTBRIDGE_TOKEN = "eventbridge-token-7c1f";
    private static final AtomicInteger IDS = new AtomicInteger();

    @TempDir
    static Path dataDir;

    private final PostgresFixture postgres = PostgresFixture.get();
    static final HttpClient HTTP = HttpClient.newHttpClient();
    private StripeSimulator simulator;
    private String database;
    private SynclineRuntime runtime;

    @BeforeAll
    void start() {
        simulator = StripeSimulator.builder().seed(3).customers(20).start();
        database = postgres.createDatabase();
        Path manifest = TestManifests.write(dataDir, List.of("customer_read", "event_read"), List.of());
        runtime = start(configFor(manifest, url(postgres, postgres.port(), database)));
        runtime.sync().backfillCompletion().block(Duration.ofMinutes(2));
        assertThat(runtime.sync().failures()).isEmpty();
    }

    @AfterAll
    void stop() {
        if (runtime != null) {
            runtime.close();
        }
        if (simulator != null) {
            simulator.close();
        }
    }

    @Test
    void aSignedPermittedEvent_isStoredBeforeThe200() throws Exception {
        long before = inboxSize();
        double counted = received("stored");
        String id = nextId();
        String body = snapshot(id, "customer.updated", "customer", "cus_stored");

        HttpResponse<String> response = webhook(body, sign(body, CURRENT));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"outcome\":\"stored\"");
        assertThat(received("stored")).isEqualTo(counted + 1);
        assertThat(inboxSize()).isEqualTo(before + 1);
        assertThat(row(id)).containsExactly(id, "", "customer.updated", "customer", "cus_stored", "WEBHOOK", "SNAPSHOT", body);
    }

    @Test
    void aWrongSignature_is400_andNothingIsStored() throws Exception {
        long before = inboxSize();
        double counted = received("bad_signature");
        String body = snapshot(nextId(), "customer.updated", "customer", "cus_bad");

        assertThat(webhook(body, sign(body, "whsec_somebody_else")).statusCode()).isEqualTo(400);
        assertThat(webhook(body, null).statusCode()).as("no Stripe-Signature").isEqualTo(400);
        HttpResponse<String> tampered = webhook(body.replace("cus_bad", "cus_bae"), sign(body, CURRENT));
        assertThat(tampered.statusCode()).as("a body changed after signing").isEqualTo(400);
        assertThat(tampered.body()).contains("\"type\":\"bad_signature\"");
        assertThat(webhook(body, "t=notanumber,v1=00").statusCode()).as("an unreadable header").isEqualTo(400);

        assertThat(received("bad_signature")).isEqualTo(counted + 4);
        assertThat(inboxSize()).isEqualTo(before);
    }

    @Test
    void aTimestampOlderThanTheTolerance_is400() throws Exception {
        long before = inboxSize();
        double counted = received("bad_signature");
        String body = snapshot(nextId(), "customer.updated", "customer", "cus_old");
        long tooOld = Instant.now().getEpochSecond() - 301;

        HttpResponse<String> response = webhook(body, Webhook.Signature.generateSignatureHeader(body, CURRENT, tooOld));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("tolerance");
        assertThat(received("bad_signature")).isEqualTo(counted + 1);
        assertThat(inboxSize()).isEqualTo(before);
    }

    @Test
    void duringARotation_theOldAndTheNewSecretAreBothAccepted() throws Exception {
        long before = inboxSize();
        double counted = received("stored");
        String signedWithNew = snapshot(nextId(), "customer.created", "customer", "cus_rot1");
        String signedWithOld = snapshot(nextId(), "customer.created", "customer", "cus_rot2");
        String signedWithBoth = snapshot(nextId(), "customer.created", "customer", "cus_rot3");
        long now = Instant.now().getEpochSecond();
        String both = Webhook.Signature.generateSignatureHeader(signedWithBoth, PREVIOUS, now) + ",v1="
                + Webhook.Signature.generateSignatureHeader(signedWithBoth, CURRENT, now).split(",v1=")[1];

        assertThat(webhook(signedWithNew, sign(signedWithNew, CURRENT)).statusCode()).isEqualTo(200);
        assertThat(webhook(signedWithOld, sign(signedWithOld, PREVIOUS)).statusCode()).isEqualTo(200);
        assertThat(webhook(signedWithBoth, both).statusCode()).isEqualTo(200);

        assertThat(received("stored")).isEqualTo(counted + 3);
        assertThat(inboxSize()).isEqualTo(before + 3);
    }

    @Test
    void aBodyThatIsNotAStripeEvent_is400() throws Exception {
        long before = inboxSize();
        double counted = received("malformed");
        for (String body : List.of("{\"id\": \"evt_1\", ", "null", "[1, 2]", "{\"id\": \"evt_x\", \"object\": \"customer\", \"type\": \"customer.updated\"}",
                "{\"id\": \"evt_y\", \"object\": \"event\", \"type\": \"customer.updated\", \"created\": 1, \"data\": {}}")) {
            HttpResponse<String> response = webhook(body, sign(body, CURRENT));
            assertThat(response.statusCode()).as(body).isEqualTo(400);
            assertThat(response.body()).contains("\"type\":\"malformed\"");
        }
        assertThat(received("malformed")).isEqualTo(counted + 5);
        assertThat(inboxSize()).isEqualTo(before);
    }

    @Test
    void aBodyOverTheLimit_is413_whetherItsLengthIsDeclaredOrNot() throws Exception {
        long before = inboxSize();
        double counted = received("oversize");
        String body = snapshot(nextId(), "customer.updated", "customer", "cus_big", "x".repeat(5_000));

        assertThat(webhook(body, sign(body, CURRENT)).statusCode()).as("Content-Length over the limit").isEqualTo(413);
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> chunked = HTTP.send(HttpRequest.newBuilder(uri("/webhooks/stripe"))
                .header("Stripe-Signature", sign(body, CURRENT))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(chunked.statusCode()).as("chunked, counted while read").isEqualTo(413);

        assertThat(received("oversize")).isEqualTo(counted + 2);
        assertThat(inboxSize()).isEqualTo(before);
    }

    @Test
    void anUnknownEventType_is200_butNotStored() throws Exception {
        long before = inboxSize();
        double counted = received("denied");
        String body = snapshot(nextId(), "quantum_widget.created", "quantum_widget", "qw_unknown");

        HttpResponse<String> response = webhook(body, sign(body, CURRENT));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"outcome\":\"denied\"");
        assertThat(received("denied")).isEqualTo(counted + 1);
        assertThat(inboxSize()).isEqualTo(before);
    }

    @Test
    void anEventTheManifestDoesNotPermit_is200_butNotStored() throws Exception {
        long before = inboxSize();
        double counted = received("denied");
        String body = snapshot(nextId(), "invoice.paid", "invoice", "in_denied");

        assertThat(webhook(body, sign(body, CURRENT)).statusCode()).isEqualTo(200);

        assertThat(received("denied")).isEqualTo(counted + 1);
        assertThat(metric("syncline.policy.denied", "stage:intake", "object_type:invoice")).isPositive();
        assertThat(inboxSize()).isEqualTo(before);
    }

    @Test
    void aDuplicateDelivery_is200_andStoredOnce() throws Exception {
        long before = inboxSize();
        double stored = received("stored");
        double duplicates = received("duplicate");
        String id = nextId();
        String body = snapshot(id, "customer.updated", "customer", "cus_dup");

        HttpResponse<String> first = webhook(body, sign(body, CURRENT));
        HttpResponse<String> again = webhook(body, sign(body, CURRENT));

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.body()).contains("\"outcome\":\"duplicate\"");
        assertThat(received("stored")).isEqualTo(stored + 1);
        assertThat(received("duplicate")).isEqualTo(duplicates + 1);
        assertThat(inboxSize()).isEqualTo(before + 1);
        assertThat(row(id)).contains("cus_dup");
    }

    @Test
    void aThinEvent_isStoredAsANotice() throws Exception {
        long before = inboxSize();
        String id = nextId();
        String body = """
                {"id":"%s","object":"v2.core.event","type":"v1.customer.updated","created":"2026-11-01T10:00:00.123Z","livemode":false,\
                "context":"acct_1ThinContext","related_object":{"id":"cus_thin","type":"customer","url":"/v1/customers/cus_thin"}}\
                """.formatted(id).strip();

        assertThat(webhook(body, sign(body, CURRENT)).statusCode()).isEqualTo(200);

        assertThat(inboxSize()).isEqualTo(before + 1);
        assertThat(row(id)).containsExactly(id, "acct_1ThinContext", "v1.customer.updated", "customer", "cus_thin", "WEBHOOK", "NOTICE", body);
    }

    @Test
    void anEventBridgeEnvelope_storesItsDetail_withTheRightToken() throws Exception {
        long before = inboxSize();
        String id = nextId();
        String detail = snapshot(id, "customer.created", "customer", "cus_eb");
        String envelope = """
                {"version":"0","id":"6a7e8feb-b491-4cf7-a9f1-bf3703467718","detail-type":"customer.created",\
                "source":"aws.partner/stripe.com/ed_61Sxyz","account":"123456789012","time":"2026-11-01T10:00:00Z",\
                "region":"us-east-1","resources":[],"detail":%s}""".formatted(detail);

        HttpResponse<String> accepted = eventBridge(envelope, "Bearer " + EVENTBRIDGE_TOKEN);

        assertThat(accepted.statusCode()).isEqualTo(200);
        assertThat(inboxSize()).isEqualTo(before + 1);
        List<String> row = row(id);
        assertThat(row.subList(0, 7)).containsExactly(id, "", "customer.created", "customer", "cus_eb", "EVENTBRIDGE", "SNAPSHOT");
        assertThat(Json.parseObject(row.get(7))).as("the inner event, not the envelope").isEqualTo(Json.parseObject(detail));
    }

    @Test
    void anEventBridgeEnvelope_withoutTheToken_is401() throws Exception {
        long before = inboxSize();
        double counted = received("unauthorized");
        String envelope = "{\"version\":\"0\",\"source\":\"aws.partner/stripe.com/ed_1\",\"detail\":"
                + snapshot(nextId(), "customer.created", "customer", "cus_eb401") + "}";

        assertThat(eventBridge(envelope, "Bearer wrong-token").statusCode()).isEqualTo(401);
        assertThat(eventBridge(envelope, null).statusCode()).isEqualTo(401);
        assertThat(eventBridge(envelope, EVENTBRIDGE_TOKEN).statusCode()).as("not a bearer credential").isEqualTo(401);

        assertThat(received("unauthorized")).isEqualTo(counted + 3);
        assertThat(inboxSize()).isEqualTo(before);
    }

    // ---- the runtime -------------------------------------------------------------------------

    static SynclineRuntime start(SynclineConfig config) {
        return SynclineRuntime.start(config, Connectors.discover(), true);
    }

    private SynclineConfig configFor(Path manifest, String stateUrl) {
        return configFor(manifest, stateUrl, simulator.baseUrl().toString(), dataDir, 4096);
    }

    /** Syncline with the intake on (two secrets, EventBridge) and its state at {@code stateUrl}. */
    static SynclineConfig configFor(Path manifest, String stateUrl, String apiBase, Path dataDir, int maxBodyBytes) {
        return ConfigReader.read(YamlSource.parse("""
                %sstripe:
                  api-key: sk_test_intake
                  api-base: "%s"
                  max-retries: 0
                  webhook:
                    secrets: [%s, %s]
                    max-body-bytes: %d
                    eventbridge: { path: /webhooks/eventbridge, token: %s }
                egress: { allow: ["%s"] }
                state: { url: "%s", data-dir: "%s" }
                server: { address: 127.0.0.1, port: 0 }
                pipelines:
                  - name: warehouse
                    objects: [customer]
                    destination: { type: postgres, url: "%s", schema: intake }
                """.formatted(TestManifests.line(manifest), apiBase, CURRENT, PREVIOUS, maxBodyBytes, EVENTBRIDGE_TOKEN, stateUrl, stateUrl,
                dataDir.resolve("data"), stateUrl), "test"), Connectors.discover(), Map.<String, String>of()::get);
    }

    static String url(PostgresFixture postgres, int port, String db) {
        return "r2dbc:postgresql://" + postgres.user() + ":" + postgres.password() + "@127.0.0.1:" + port + "/" + db;
    }

    // ---- requests ----------------------------------------------------------------------------

    private HttpResponse<String> webhook(String body, String signature) throws Exception {
        return signature == null ? send(runtime, "/webhooks/stripe", body) : send(runtime, "/webhooks/stripe", body, "Stripe-Signature", signature);
    }

    private HttpResponse<String> eventBridge(String body, String authorization) throws Exception {
        return authorization == null ? send(runtime, "/webhooks/eventbridge", body)
                : send(runtime, "/webhooks/eventbridge", body, "Authorization", authorization);
    }

    static HttpResponse<String> send(SynclineRuntime target, String path, String body, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + target.httpPort() + path))
                .header("Content-Type", "application/json; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + runtime.httpPort() + path);
    }

    static String sign(String body, String secret) throws Exception {
        return Webhook.Signature.generateSignatureHeader(body, secret);
    }

    static String nextId() {
        return "evt_1Intake" + IDS.incrementAndGet();
    }

    static String snapshot(String id, String type, String objectType, String objectId) {
        return snapshot(id, type, objectType, objectId, "Jenny Rosen");
    }

    private static String snapshot(String id, String type, String objectType, String objectId, String name) {
        return """
                {"id":"%s","object":"event","api_version":"2026-07-29.dahlia","created":%d,\
                "data":{"object":{"id":"%s","object":"%s","name":"%s"}},"livemode":false,"pending_webhooks":1,\
                "request":{"id":null,"idempotency_key":null},"type":"%s"}""".formatted(id, Instant.now().getEpochSecond(), objectId,
                objectType, name, type);
    }

    // ---- what the inbox and the metrics hold -------------------------------------------------

    private long inboxSize() throws Exception {
        try (Connection c = postgres.connect(database); Statement s = c.createStatement();
             ResultSet rows = s.executeQuery("SELECT count(*) FROM syncline.inbox")) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private List<String> row(String eventId) throws Exception {
        try (Connection c = postgres.connect(database); Statement s = c.createStatement();
             ResultSet rows = s.executeQuery("SELECT event_id, account_id, event_type, object_type, object_id, source, kind, body"
                     + " FROM syncline.inbox WHERE event_id = '" + eventId + "'")) {
            List<String> row = new ArrayList<>();
            assertThat(rows.next()).as("a row for " + eventId).isTrue();
            for (int i = 1; i <= 8; i++) {
                row.add(rows.getString(i));
            }
            assertThat(rows.next()).as("one row only").isFalse();
            return row;
        }
    }

    private double received(String outcome) throws Exception {
        return metric(runtime, "syncline.webhooks.received", "outcome:" + outcome);
    }

    private double metric(String name, String... tags) throws Exception {
        return metric(runtime, name, tags);
    }

    /** A counter's value from {@code /actuator/metrics}; 0 before it was registered. */
    static double metric(SynclineRuntime target, String name, String... tags) throws Exception {
        StringBuilder query = new StringBuilder("/actuator/metrics/" + name);
        for (int i = 0; i < tags.length; i++) {
            query.append(i == 0 ? "?tag=" : "&tag=").append(tags[i]);
        }
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + target.httpPort() + query)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 404) {
            return 0;
        }
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> measurements = (List<Map<String, Object>>) Json.parseObject(response.body()).get("measurements");
        return ((Number) measurements.get(0).get("value")).doubleValue();
    }
}
