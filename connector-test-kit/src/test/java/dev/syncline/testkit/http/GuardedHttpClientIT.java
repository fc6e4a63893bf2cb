package dev.syncline.testkit.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.syncline.connector.http.EgressDeniedException;
import dev.syncline.connector.http.GuardedHttpClient;
import dev.syncline.connector.http.HttpRequest;
import dev.syncline.connector.policy.EgressAllowList;
import dev.syncline.testkit.TestRecords;
import dev.syncline.testkit.TestSinkContext;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/**
 * The guarded client (connector-core) against real HTTPS servers: the listed one, and an unlisted
 * one that must never see a request, whether asked directly or through a redirect.
 */
class GuardedHttpClientIT {
    private FakeHttpsServer listed;
    private FakeHttpsServer unlisted;
    private TestSinkContext context;
    private GuardedHttpClient client;

    @BeforeEach
    void startServers() {
        listed = FakeHttpsServer.start();
        unlisted = FakeHttpsServer.start();
        context = TestSinkContext.withTestSchemas();
        client = GuardedHttpClient.builder(EgressAllowList.of(List.of(listed.url("/in/")), List.of()))
                .metrics(context.metrics())
                .trustOnly(List.of(TestCertificate.localhost().certificate()))
                .build();
    }

    @AfterEach
    void stopServers() {
        client.close();
        listed.close();
        unlisted.close();
    }

    @Test
    void aListedUrlIsReached() {
        StepVerifier.create(client.exchange(post(listed.url("/in/batch"))))
                .assertNext(response -> assertThat(response.status()).isEqualTo(200))
                .expectComplete()
                .verify(Duration.ofSeconds(20));

        assertThat(listed.requests()).singleElement().satisfies(r -> assertThat(r.bodyText()).isEqualTo("{}"));
    }

    @Test
    void anUnlistedUrlFails_andItsServerSeesNoRequest() {
        StepVerifier.create(client.exchange(post(unlisted.url("/in/batch"))))
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(EgressDeniedException.class)
                        .hasMessageContaining("not on the egress allow-list"))
                .verify(Duration.ofSeconds(20));

        assertThat(unlisted.requests()).isEmpty();
        assertThat(context.counter("syncline.egress.denied", "host", "localhost", "redirect", "false")).isEqualTo(1);
    }

    @Test
    void aRedirectFromAListedUrlToAnUnlistedOneFails_andTheTargetSeesNoRequest() {
        listed.respond(r -> FakeHttpsServer.Reply.redirect(307, unlisted.url("/in/batch")));

        StepVerifier.create(client.exchange(post(listed.url("/in/batch"))))
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(EgressDeniedException.class)
                        .hasMessageContaining("redirect"))
                .verify(Duration.ofSeconds(20));

        assertThat(listed.requests()).hasSize(1);
        assertThat(unlisted.requests()).isEmpty();
        assertThat(context.counter("syncline.egress.denied", "host", "localhost", "redirect", "true")).isEqualTo(1);
    }

    @Test
    void aRedirectOutOfTheListedPathFails() {
        listed.respond(r -> r.uri().startsWith("/in/")
                ? FakeHttpsServer.Reply.redirect(302, "/admin/steal")
                : FakeHttpsServer.Reply.status(200));

        StepVerifier.create(client.exchange(post(listed.url("/in/batch"))))
                .expectError(EgressDeniedException.class)
                .verify(Duration.ofSeconds(20));

        assertThat(listed.requests()).extracting(RecordedRequest::uri).containsExactly("/in/batch");
    }

    @Test
    void aRedirectInsideTheListIsFollowed_keepingMethodAndBodyOn307() {
        listed.respond(r -> r.uri().equals("/in/old")
                ? FakeHttpsServer.Reply.redirect(307, "/in/new")
                : FakeHttpsServer.Reply.status(202));

        StepVerifier.create(client.exchange(post(listed.url("/in/old"))))
                .assertNext(response -> assertThat(response.status()).isEqualTo(202))
                .expectComplete()
                .verify(Duration.ofSeconds(20));

        assertThat(listed.requests()).extracting(RecordedRequest::method).containsExactly("POST", "POST");
        assertThat(listed.requests().get(1).bodyText()).isEqualTo("{}");
    }

    @Test
    void plainHttpToAListedHostIsRefusedBeforeConnecting() {
        StepVerifier.create(client.exchange(post("http://localhost:" + listed.port() + "/in/batch")))
                .expectErrorSatisfies(e -> assertThat(e).hasMessageContaining("plain HTTP"))
                .verify(Duration.ofSeconds(20));

        assertThat(listed.requests()).isEmpty();
    }

    @Test
    void aServerWhoseCertificateNamesAnotherHostIsRefused_evenWhenItsCertificateIsTrusted() {
        TestCertificate other = TestCertificate.forName("elsewhere.example");
        try (FakeHttpsServer impostor = FakeHttpsServer.start(other);
             GuardedHttpClient trusting = GuardedHttpClient.builder(EgressAllowList.of(List.of(impostor.url("/in/")), List.of()))
                     .trustOnly(List.of(other.certificate())).build()) {
            StepVerifier.create(trusting.exchange(post(impostor.url("/in/batch"))))
                    .expectErrorSatisfies(e -> assertThat(e).isNotInstanceOf(EgressDeniedException.class)
                            .hasStackTraceContaining("No subject alternative DNS name matching localhost"))
                    .verify(Duration.ofSeconds(20));

            assertThat(impostor.requests()).isEmpty();
        }
    }

    @Test
    void theDefaultContextSendsNothing() {
        StepVerifier.create(TestSinkContext.of(TestRecords.schemas()).http().exchange(post(listed.url("/in/batch"))))
                .expectErrorSatisfies(e -> assertThat(e).hasMessageContaining("empty"))
                .verify(Duration.ofSeconds(20));

        assertThat(listed.requests()).isEmpty();
    }

    private static HttpRequest post(String url) {
        return HttpRequest.post(url, Map.of("Content-Type", "application/json"), "{}".getBytes(StandardCharsets.UTF_8));
    }
}
