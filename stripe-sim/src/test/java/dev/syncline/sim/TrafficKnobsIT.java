package dev.syncline.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.stripe.StripeClient;
import com.stripe.exception.ApiException;
import com.stripe.exception.RateLimitException;
import com.stripe.param.CustomerListParams;
import dev.syncline.sim.traffic.Faults;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Each knob observed from the outside, over real HTTP, the way the engine will meet it. */
class TrafficKnobsIT {

    private static final Instant NOW = Instant.parse("2026-11-01T12:00:00Z");
    private final HttpClient http = HttpClient.newHttpClient();

    private static StripeClient client(StripeSimulator sim, int retries) {
        return StripeClient.builder()
                .setApiKey("sk_test_123")
                .setApiBase(sim.baseUrl().toString())
                .setMaxNetworkRetries(retries)
                .build();
    }

    private HttpResponse<String> get(StripeSimulator sim, String path, String account) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(sim.baseUrl() + path))
                .header("Authorization", "Bearer sk_test_123");
        if (account != null) {
            request.header("Stripe-Account", account);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void rateLimited429CarriesTheReasonHeaderAndIsNotRetriedByStripeJava() throws Exception {
        try (StripeSimulator sim = StripeSimulator.builder().customers(5).now(NOW).rateLimit(1).start()) {
            StripeClient client = client(sim, 2);
            client.v1().customers().list(CustomerListParams.builder().build());
            assertThatThrownBy(() -> client.v1().customers().list(CustomerListParams.builder().build()))
                    .isInstanceOfSatisfying(RateLimitException.class, e -> {
                        assertThat(e.getStatusCode()).isEqualTo(429);
                        assertThat(e.getCode()).isEqualTo("rate_limit");
                    });
            // No Stripe-Should-Retry on a rate-limit 429, so stripe-java gives up after one attempt.
            assertThat(sim.counters().status(429)).isEqualTo(1);
            HttpResponse<String> raw = get(sim, "/v1/customers", null);
            assertThat(raw.statusCode()).isEqualTo(429);
            assertThat(raw.headers().firstValue("Stripe-Rate-Limited-Reason")).hasValue("global-rate");
            assertThat(raw.headers().firstValue("Retry-After")).isEmpty();
            assertThat(raw.body()).contains("\"type\":\"invalid_request_error\"");
        }
    }

    @Test
    void underOverloadTheAcceptedRateMatchesTheBudgetWithinTenPercent() throws Exception {
        double budget = 200;
        try (StripeSimulator sim = StripeSimulator.builder().customers(5).now(NOW).rateLimit(budget).start()) {
            AtomicInteger ok = new AtomicInteger();
            AtomicInteger limited = new AtomicInteger();
            long started = System.nanoTime();
            long deadline = started + Duration.ofSeconds(3).toNanos();
            ExecutorService pool = Executors.newFixedThreadPool(4);
            List<Future<?>> workers = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                workers.add(pool.submit(() -> {
                    while (System.nanoTime() < deadline) {
                        int status = get(sim, "/v1/customers?limit=1", null).statusCode();
                        (status == 200 ? ok : limited).incrementAndGet();
                    }
                    return null;
                }));
            }
            for (Future<?> worker : workers) {
                worker.get();
            }
            pool.shutdown();
            double seconds = (System.nanoTime() - started) / 1e9;
            int offered = ok.get() + limited.get();
            assertThat(offered / seconds).as("offered load must exceed the budget").isGreaterThan(2 * budget);
            // The bucket starts full: one second of budget on top of the steady rate.
            double expectedOk = budget * seconds + budget;
            assertThat((double) ok.get()).isCloseTo(expectedOk, within(0.10 * expectedOk));
            double expected429Share = 1 - expectedOk / offered;
            assertThat((double) limited.get() / offered).isCloseTo(expected429Share, within(0.10));
            assertThat(sim.counters().status(429)).isEqualTo(limited.get());
        }
    }

    @Test
    void connectedAccountsHaveTheirOwnBudget() throws Exception {
        try (StripeSimulator sim = StripeSimulator.builder().customers(5).now(NOW).rateLimit(1).start()) {
            assertThat(get(sim, "/v1/customers", null).statusCode()).isEqualTo(200);
            assertThat(get(sim, "/v1/customers", null).statusCode()).isEqualTo(429);
            assertThat(sim.counters().account(sim.accountId())).isEqualTo(2);
        }
    }

    @Test
    void lockTimeoutsAskForARetryAndStripeJavaRetriesThem() throws Exception {
        try (StripeSimulator sim = StripeSimulator.builder().customers(5).now(NOW)
                .faults(Faults.builder().lockTimeout(1.0).build()).start()) {
            assertThatThrownBy(() -> client(sim, 2).v1().customers().list(CustomerListParams.builder().build()))
                    .isInstanceOfSatisfying(RateLimitException.class,
                            e -> assertThat(e.getCode()).isEqualTo("lock_timeout"));
            assertThat(sim.counters().endpoint("GET /v1/customers")).isEqualTo(3);
            HttpResponse<String> raw = get(sim, "/v1/customers", null);
            assertThat(raw.statusCode()).isEqualTo(429);
            assertThat(raw.headers().firstValue("Stripe-Should-Retry")).hasValue("true");
            assertThat(raw.headers().firstValue("Stripe-Rate-Limited-Reason")).isEmpty();
            assertThat(raw.headers().firstValue("Request-Id")).isEmpty();
        }
    }

    @Test
    void serverErrorsAreApiErrorsThatStripeJavaRetries() {
        try (StripeSimulator sim = StripeSimulator.builder().customers(5).now(NOW)
                .faults(Faults.builder().serverError(1.0).build()).start()) {
            assertThatThrownBy(() -> client(sim, 1).v1().customers().list(CustomerListParams.builder().build()))
                    .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.getStatusCode()).isEqualTo(500));
            assertThat(sim.counters().status(500)).isEqualTo(2);
        }
    }

    @Test
    void connectionResetsFailTheRequestWithoutAResponse() {
        try (StripeSimulator sim = StripeSimulator.builder().customers(5).now(NOW)
                .faults(Faults.builder().connectionReset(1.0).build()).start()) {
            assertThatThrownBy(() -> get(sim, "/v1/customers", null)).isInstanceOf(IOException.class);
            // java.net.http retries an idempotent GET once after a reset, so one or two attempts arrive.
            assertThat(sim.counters().connectionResets()).isBetween(1L, 2L);
            assertThat(sim.counters().total()).isEqualTo(sim.counters().connectionResets());
            assertThat(sim.counters().byStatus()).isEmpty();
        }
    }

    @Test
    void slowBodiesArriveCompleteButNoSoonerThanConfigured() throws Exception {
        try (StripeSimulator fast = StripeSimulator.builder().customers(20).now(NOW).start();
                StripeSimulator slow = StripeSimulator.builder().customers(20).now(NOW)
                        .faults(Faults.builder().slowBody(1.0, Duration.ofMillis(600)).build()).start()) {
            long started = System.nanoTime();
            HttpResponse<String> response = get(slow, "/v1/customers?limit=20", null);
            long elapsedMillis = (System.nanoTime() - started) / 1_000_000;
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo(get(fast, "/v1/customers?limit=20", null).body());
            assertThat(elapsedMillis).isGreaterThanOrEqualTo(500);
        }
    }

    @Test
    void latencyDelaysEveryResponseByAtLeastTheFixedPart() throws Exception {
        try (StripeSimulator sim = StripeSimulator.builder().customers(5).now(NOW)
                .latency(Duration.ofMillis(250), Duration.ofMillis(50)).start()) {
            long started = System.nanoTime();
            assertThat(get(sim, "/v1/customers", null).statusCode()).isEqualTo(200);
            assertThat((System.nanoTime() - started) / 1_000_000).isGreaterThanOrEqualTo(250);
        }
    }

    @Test
    void countersGroupRequestsByEndpointAccountAndStatus() throws Exception {
        try (StripeSimulator sim = StripeSimulator.builder().customers(5).now(NOW).start()) {
            String id = (String) sim.groundTruth().objects("customer").get(0).get("id");
            get(sim, "/v1/customers?limit=2", null);
            get(sim, "/v1/customers/" + id, null);
            get(sim, "/v1/customers/cus_Missing1", null);
            assertThat(sim.counters().byEndpoint())
                    .containsEntry("GET /v1/customers", 1L)
                    .containsEntry("GET /v1/customers/{id}", 2L);
            assertThat(sim.counters().byStatus()).containsEntry(200, 2L).containsEntry(404, 1L);
            assertThat(sim.counters().byAccount()).containsEntry(sim.accountId(), 3L);
            sim.counters().reset();
            assertThat(sim.counters().total()).isZero();
        }
    }
}
