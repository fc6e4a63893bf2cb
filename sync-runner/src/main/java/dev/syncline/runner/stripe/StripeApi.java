package dev.syncline.runner.stripe;

import dev.syncline.connector.record.Json;
import dev.syncline.runner.catalog.StripeSchemas;
import dev.syncline.runner.config.SynclineConfig;
import io.netty.handler.codec.http.HttpHeaders;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.util.retry.Retry;

/**
 * Reads Stripe's v1 API without blocking: list pages and single objects, each request drawn from
 * the one {@link RequestBudget} of the API key, shared fairly by the accounts it reads as
 * ({@link FairBudget}), and retried with backoff when Stripe says it may be.
 *
 * <p>Responses are decoded off the event loop, on a small scheduler of its own ({@code stripe-decode}),
 * as decoding a page of 100 objects is real CPU work: on the event loop it would delay the next
 * request's write, and on the shared parallel scheduler it would queue in front of other work.
 */
public final class StripeApi implements AutoCloseable {
    private final HttpClient http;
    private final ConnectionProvider connections;
    private final FairBudget budget;
    private final Clock clock;
    private final int maxRetries;
    private final LongAdder requests = new LongAdder();
    private final LongAdder throttled = new LongAdder();
    private final Scheduler decoding;

    public StripeApi(SynclineConfig.Stripe settings, RequestBudget budget, Clock clock) {
        this.connections = ConnectionProvider.builder("stripe").maxConnections(64).pendingAcquireMaxCount(-1).build();
        String apiKey = settings.apiKey().reveal();
        this.http = HttpClient.create(connections)
                .baseUrl(settings.apiBase().toString().replaceAll("/+$", ""))
                .responseTimeout(Duration.ofSeconds(80))
                .headers(h -> h.set("Authorization", "Bearer " + apiKey)
                        .set("Stripe-Version", StripeSchemas.API_VERSION)
                        .set("Accept", "application/json")
                        .set("User-Agent", "Syncline/0.1"));
        this.budget = new FairBudget(budget);
        this.clock = clock;
        this.maxRetries = settings.maxRetries();
        this.decoding = Schedulers.newParallel("stripe-decode", Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors())), true);
    }

    /**
     * One page of the list at {@code path}, for example {@code /v1/customers} or a customer's payment methods.
     *
     * @param params the list pass's own parameters (for example {@code status=all}) and filters
     * @param startingAfter the cursor, or null for the first page
     */
    public Mono<ListPage> list(String path, Map<String, String> params, @Nullable String startingAfter, int limit) {
        return list(path, params, startingAfter, limit, null);
    }

    /**
     * One page of the list at {@code path}, read as {@code account}.
     *
     * @param account the connected account to read as ({@code Stripe-Account}), or null for the platform
     */
    public Mono<ListPage> list(String path, Map<String, String> params, @Nullable String startingAfter, int limit,
                               @Nullable String account) {
        Map<String, String> query = new LinkedHashMap<>(params);
        query.put("limit", String.valueOf(limit));
        if (startingAfter != null) {
            query.put("starting_after", startingAfter);
        }
        return get(path + "?" + encode(query), account).map(response -> {
            Map<String, @Nullable Object> body = Json.parseObject(response.body());
            @SuppressWarnings("unchecked")
            List<Map<String, @Nullable Object>> data = (List<Map<String, @Nullable Object>>) body.getOrDefault("data", List.of());
            return new ListPage(data, Boolean.TRUE.equals(body.get("has_more")), response.readAt());
        });
    }

    /**
     * One object, for example {@code /v1/customers/cus_…}: its current state, or Stripe's deleted
     * stub ({@code "deleted": true}) if it was deleted.
     *
     * @param account the connected account to read as ({@code Stripe-Account}), or null for the platform
     */
    public Mono<Retrieved> retrieve(String path, @Nullable String account) {
        return get(path, account).map(response -> new Retrieved(Json.parseObject(response.body()), response.readAt()));
    }

    /**
     * An object as one retrieve read it.
     *
     * @param object the object's JSON
     * @param readAt when Stripe answered, in Unix seconds: the version stamp of this state
     */
    public record Retrieved(Map<String, @Nullable Object> object, long readAt) {}

    /** The account the API key belongs to ({@code GET /v1/account}). */
    public Mono<String> accountId() {
        return get("/v1/account").map(response -> String.valueOf(Json.parseObject(response.body()).get("id")));
    }

    private Mono<Response> get(String uri) {
        return get(uri, null);
    }

    private Mono<Response> get(String uri, @Nullable String account) {
        String request = "GET " + uri.replaceAll("\\?.*", "");
        HttpClient client = account == null ? http : http.headers(h -> h.set("Stripe-Account", account));
        Mono<Response> attempt = budget.acquire(FairBudget.key(account)).then(client.get().uri(uri)
                .responseSingle((response, content) -> content.asByteArray().defaultIfEmpty(new byte[0]).map(body -> {
                    HttpHeaders headers = response.responseHeaders();
                    int status = response.status().code();
                    requests.increment();
                    if (status == 429) {
                        throttled.increment();
                    }
                    if (status >= 300) {
                        throw StripeErrors.fromResponse(request, status, body, headers.get("Request-Id"),
                                headers.get("Stripe-Should-Retry"), headers.get("Stripe-Rate-Limited-Reason"));
                    }
                    return new Response(body, readAt(headers.get("Date")));
                })));
        return attempt
                .onErrorMap(e -> StripeErrors.fromFailure(request, e))
                .retryWhen(Retry.backoff(maxRetries, Duration.ofMillis(500)).maxBackoff(Duration.ofSeconds(20)).jitter(0.5)
                        .filter(StripeErrors::isRetriable)
                        .onRetryExhaustedThrow((spec, signal) -> signal.failure()))
                .publishOn(decoding);
    }

    /** The response's {@code Date} (Stripe's clock) in Unix seconds, else this machine's. */
    private long readAt(@Nullable String date) {
        if (date != null) {
            try {
                return ZonedDateTime.parse(date, DateTimeFormatter.RFC_1123_DATE_TIME).toEpochSecond();
            } catch (DateTimeParseException ignored) {
                // fall back to the local clock
            }
        }
        return clock.instant().getEpochSecond();
    }

    private static String encode(Map<String, String> query) {
        return query.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8).replace("%5B", "[").replace("%5D", "]")
                        + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    /** Requests answered by Stripe so far, retries included. */
    public long requestCount() {
        return requests.sum();
    }

    /** Of those, the ones Stripe answered 429. */
    public long throttledCount() {
        return throttled.sum();
    }

    /** The configured request budget, per second, shared by every account read through this client. */
    public double budget() {
        return budget.rate();
    }

    @Override
    public void close() {
        connections.dispose();
        decoding.dispose();
    }

    private record Response(byte[] body, long readAt) {}
}
