package dev.syncline.connector.httpsink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.syncline.connector.config.ConnectorConfig;
import dev.syncline.connector.errors.PermanentConnectorException;
import dev.syncline.connector.errors.RetriableConnectorException;
import dev.syncline.connector.policy.EgressAllowList;
import dev.syncline.connector.record.Json;
import dev.syncline.connector.spi.RecordBatch;
import dev.syncline.connector.spi.RecordOutcome;
import dev.syncline.connector.spi.SinkConnector;
import dev.syncline.testkit.TestRecords;
import dev.syncline.testkit.TestSinkContext;
import dev.syncline.testkit.http.FakeHttpsServer;
import dev.syncline.testkit.http.FakeHttpsServer.Reply;
import dev.syncline.testkit.http.RecordedRequest;
import dev.syncline.testkit.http.TestCertificate;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/** The connector's wire behaviour against a real HTTPS endpoint. */
class HttpSinkConnectorIT {
    private static final String SECRET = "whsec_behaviour_0123456789";
    private static final Duration WAIT = Duration.ofSeconds(30);

    private FakeHttpsServer endpoint;
    private FakeHttpsServer elsewhere;
    private TestSinkContext context;

    @BeforeEach
    void startServers() {
        endpoint = FakeHttpsServer.start();
        elsewhere = FakeHttpsServer.start();
        context = TestSinkContext.withTestSchemas()
                .egress(EgressAllowList.of(List.of(endpoint.url("/in/")), List.of()), List.of(TestCertificate.localhost().certificate()));
    }

    @AfterEach
    void stopServers() {
        endpoint.close();
        elsewhere.close();
    }

    @Test
    void aBatchIsPostedAsSignedJson_andAnEmptyAnswerAppliesEveryRecord() {
        SinkConnector connector = open(endpoint.url("/in/batch"), Map.of());

        StepVerifier.create(connector.write(RecordBatch.of(TestRecords.customer("cus_A").version(100).upsert(),
                        TestRecords.customer("cus_B").version(101).delete())))
                .assertNext(result -> assertThat(result.outcomes()).containsExactly(RecordOutcome.APPLIED, RecordOutcome.APPLIED))
                .expectComplete()
                .verify(WAIT);

        RecordedRequest request = endpoint.requests().get(0);
        long t = TestSinkContext.NOW.getEpochSecond();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.header("Syncline-Signature")).isEqualTo("t=" + t + ",v1=" + Signature.hmac(SECRET, t, request.body()));
        Map<String, Object> body = Json.parseObject(request.body());
        assertThat(body).containsEntry("object", "syncline.batch").containsEntry("pipeline", "test");
        assertThat((List<?>) body.get("data")).hasSize(2).first().asString()
                .contains("object_type=customer", "id=cus_A", "operation=upsert", "version=100");
    }

    @Test
    void a429IsRetriedAfterItsRetryAfter_thenSucceeds() {
        AtomicInteger calls = new AtomicInteger();
        endpoint.respond(r -> calls.incrementAndGet() == 1 ? Reply.status(429).header("Retry-After", "1") : Reply.status(200));
        SinkConnector connector = open(endpoint.url("/in/batch"), Map.of());

        long started = System.nanoTime();
        StepVerifier.create(connector.write(RecordBatch.of(TestRecords.customer("cus_A").version(1).upsert())))
                .assertNext(result -> assertThat(result.fullyAcknowledged()).isTrue())
                .expectComplete()
                .verify(WAIT);

        assertThat(endpoint.requests()).hasSize(2);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void a5xxIsRetriedUpToMaxRetries_thenFailsRetriablyWithTheEndpointsHint() {
        endpoint.respond(r -> Reply.json(503, "{\"error\":\"down\"}").header("Retry-After", "0"));
        SinkConnector connector = open(endpoint.url("/in/batch"), Map.of("max-retries", "2"));

        StepVerifier.create(connector.write(RecordBatch.of(TestRecords.customer("cus_A").version(1).upsert())))
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(RetriableConnectorException.class)
                        .hasMessageContaining("503").hasMessageContaining("down"))
                .verify(WAIT);

        assertThat(endpoint.requests()).hasSize(3);
    }

    @Test
    void anOther4xxDeadLettersTheBatchsRecords_withoutRetrying() {
        endpoint.respond(r -> Reply.json(422, "{\"error\":\"unknown field\"}"));
        SinkConnector connector = open(endpoint.url("/in/batch"), Map.of());

        StepVerifier.create(connector.write(RecordBatch.of(TestRecords.customer("cus_A").version(1).upsert())))
                .assertNext(result -> {
                    assertThat(result.get(0).status()).isEqualTo(RecordOutcome.Status.REJECTED);
                    assertThat(result.get(0).detail()).contains("422", "unknown field");
                })
                .expectComplete()
                .verify(WAIT);

        assertThat(endpoint.requests()).hasSize(1);
    }

    @Test
    void a401StopsThePipelineInsteadOfDeadLetteringEverything() {
        endpoint.respond(r -> Reply.status(401));
        SinkConnector connector = open(endpoint.url("/in/batch"), Map.of());

        StepVerifier.create(connector.write(RecordBatch.of(TestRecords.customer("cus_A").version(1).upsert())))
                .expectError(PermanentConnectorException.class)
                .verify(WAIT);
    }

    @Test
    void anUnlistedUrlFailsAtOpen_andItsServerSeesNothing() {
        SinkConnector connector = new HttpConnectorProvider().create(config(elsewhere.url("/in/batch"), Map.of()));

        StepVerifier.create(connector.open(context))
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(PermanentConnectorException.class)
                        .hasMessageContaining("pipelines[0].destination.url").hasMessageContaining("not on the egress allow-list"))
                .verify(WAIT);

        assertThat(elsewhere.requests()).isEmpty();
    }

    @Test
    void aRedirectToAnUnlistedUrlFailsPermanently_andItsServerSeesNothing() {
        endpoint.respond(r -> Reply.redirect(308, elsewhere.url("/in/batch")));
        SinkConnector connector = open(endpoint.url("/in/batch"), Map.of());

        StepVerifier.create(connector.write(RecordBatch.of(TestRecords.customer("cus_A").version(1).upsert())))
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(PermanentConnectorException.class)
                        .hasMessageContaining("redirect"))
                .verify(WAIT);

        assertThat(elsewhere.requests()).isEmpty();
        assertThat(context.counter("syncline.egress.denied", "host", "localhost", "redirect", "true")).isEqualTo(1);
    }

    private SinkConnector open(String url, Map<String, String> extra) {
        SinkConnector connector = new HttpConnectorProvider().create(config(url, extra));
        connector.open(context).block(WAIT);
        return connector;
    }

    private static ConnectorConfig config(String url, Map<String, String> extra) {
        Map<String, Object> block = new HashMap<>(Map.of("type", "http", "url", url, "signing-secret", SECRET));
        block.putAll(extra);
        return new HttpConnectorProvider().configSpec().parse("pipelines[0].destination", block);
    }
}
