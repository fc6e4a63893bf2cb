package dev.syncline.connector.hubspot;

import dev.syncline.connector.http.HttpRequest;
import dev.syncline.connector.http.HttpResponse;
import dev.syncline.connector.record.Json;
import dev.syncline.connector.spi.SinkContext;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * Sends one HubSpot API call through the context's guarded client: paced by the
 * {@link RequestPacer}, authenticated with the private app's token, classified by the
 * {@link HubSpotErrorClassifier} and retried by {@link HubSpotRetries}. Every attempt, retries
 * included, waits for the pacer, so retries never break the window either.
 */
final class HubSpotClient {
    private final HubSpotSettings settings;
    private final SinkContext context;
    private final RequestPacer pacer;

    HubSpotClient(HubSpotSettings settings, SinkContext context, RequestPacer pacer) {
        this.settings = settings;
        this.context = context;
        this.pacer = pacer;
    }

    /**
     * The answer to {@code method path}, if HubSpot answered it or refused its records (kinds
     * {@link HubSpotErrorClassifier.Kind#ANSWERED} and {@link HubSpotErrorClassifier.Kind#REFUSED});
     * a connector error otherwise, after the retries.
     *
     * @param body encoded as JSON; null for none
     * @param what the call in words, for error messages
     */
    Mono<HttpResponse> call(String method, String path, @Nullable Object body, String what) {
        byte[] bytes = body == null ? new byte[0] : Json.write(body).getBytes(StandardCharsets.UTF_8);
        Map<String, String> headers = body == null
                ? Map.of("Authorization", "Bearer " + settings.token(), "Accept", "application/json")
                : Map.of("Authorization", "Bearer " + settings.token(), "Accept", "application/json",
                        "Content-Type", "application/json");
        HttpRequest request = new HttpRequest(method, settings.url() + path, headers, bytes);
        return Mono.defer(() -> pacer.acquire().then(Mono.defer(() -> context.http().exchange(request))))
                .timeout(settings.timeout())
                .onErrorMap(e -> HubSpotErrorClassifier.classify(e, what))
                .map(response -> checked(response, what))
                .doOnError(e -> context.metrics().increment("syncline.hubspot.failed_attempts", 1))
                .retryWhen(HubSpotRetries.of(settings.maxRetries()));
    }

    private HttpResponse checked(HttpResponse response, String what) {
        context.metrics().increment("syncline.hubspot.requests", 1, "status", Integer.toString(response.status()));
        response.header("X-HubSpot-RateLimit-Remaining").filter(v -> v.matches("\\d+"))
                .ifPresent(v -> pacer.observeRemaining(Integer.parseInt(v)));
        return switch (HubSpotErrorClassifier.kind(response)) {
            case ANSWERED, REFUSED -> response;
            case RETRIABLE, PERMANENT -> throw HubSpotErrorClassifier.failure(response, what);
        };
    }
}
