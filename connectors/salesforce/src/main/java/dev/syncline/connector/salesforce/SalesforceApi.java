package dev.syncline.connector.salesforce;

import dev.syncline.connector.errors.PermanentConnectorException;
import dev.syncline.connector.http.HttpRequest;
import dev.syncline.connector.http.HttpResponse;
import dev.syncline.connector.record.Json;
import dev.syncline.connector.spi.SinkContext;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * Every request to the org, through the context's guarded client: it authenticates (client
 * credentials or a JWT assertion), paces by the reported API usage, re-authenticates once when a
 * session expired, retries what the classifier calls retriable, and answers only 2xx responses;
 * anything else becomes a connector error.
 */
final class SalesforceApi {
    private final SalesforceSettings settings;
    private final SinkContext context;
    private final ApiPacer pacer;
    private final AtomicReference<@Nullable Session> session = new AtomicReference<>();

    SalesforceApi(SalesforceSettings settings, SinkContext context, ApiPacer pacer) {
        this.settings = settings;
        this.context = context;
        this.pacer = pacer;
    }

    /**
     * Sends one request below {@code /services/data/vXX.X}, with retries.
     *
     * @param what what the request does, for error messages ("upsert 200 Account records")
     */
    Mono<HttpResponse> call(String method, String path, String contentType, byte[] body, String what) {
        return Mono.defer(() -> attempt(method, path, contentType, body, what, true))
                .retryWhen(Retries.of(settings.maxRetries()));
    }

    Mono<HttpResponse> json(String method, String path, @Nullable Object body, String what) {
        byte[] bytes = body == null ? new byte[0] : Json.write(body).getBytes(StandardCharsets.UTF_8);
        return call(method, path, "application/json", bytes, what);
    }

    /** Obtains a session now, so that wrong credentials fail the pipeline's start. */
    Mono<Session> authenticate() {
        Map<String, String> form = new LinkedHashMap<>();
        if (settings.auth().equals(SalesforceConnectorProvider.JWT_BEARER)) {
            form.put("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer");
            form.put("assertion", JwtAssertion.sign(settings.clientId(), String.valueOf(settings.username()), settings.audience(),
                    java.util.Objects.requireNonNull(settings.privateKey()), context.clock().instant()));
        } else {
            form.put("grant_type", "client_credentials");
            form.put("client_id", settings.clientId());
            form.put("client_secret", String.valueOf(settings.clientSecret()));
        }
        byte[] body = encode(form).getBytes(StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.post(settings.loginUrl() + "/services/oauth2/token",
                Map.of("Content-Type", "application/x-www-form-urlencoded", "Accept", "application/json"), body);
        return Mono.defer(() -> context.http().exchange(request).timeout(settings.timeout())
                        .onErrorMap(e -> SalesforceErrorClassifier.transport(e, "authentication")))
                .flatMap(response -> {
                    if (response.status() != 200) {
                        return Mono.error(SalesforceErrorClassifier.tokenFailure(response, settings.path()));
                    }
                    Map<String, @Nullable Object> token = Json.parseObject(response.body());
                    if (!(token.get("access_token") instanceof String access) || !(token.get("instance_url") instanceof String instance)) {
                        return Mono.error(new PermanentConnectorException("Salesforce's token answer has no access_token or instance_url"));
                    }
                    Session fresh = new Session(access, instance.endsWith("/") ? instance.substring(0, instance.length() - 1) : instance);
                    session.set(fresh);
                    context.metrics().increment("syncline.salesforce.authentications", 1, "pipeline", context.pipeline());
                    return Mono.just(fresh);
                })
                .retryWhen(Retries.of(settings.maxRetries()));
    }

    ApiPacer pacer() {
        return pacer;
    }

    private Mono<HttpResponse> attempt(String method, String path, String contentType, byte[] body, String what, boolean mayReauthenticate) {
        Session current = session.get();
        Mono<Session> ready = current == null ? authenticate() : Mono.just(current);
        return pacer.beforeRequest().then(ready).flatMap(s -> {
            HttpRequest request = new HttpRequest(method, s.instanceUrl() + settings.dataPath() + path,
                    Map.of("Authorization", "Bearer " + s.accessToken(), "Content-Type", contentType, "Accept", "application/json"), body);
            return context.http().exchange(request).timeout(settings.timeout())
                    .onErrorMap(e -> SalesforceErrorClassifier.transport(e, what));
        }).flatMap(response -> {
            response.header("Sforce-Limit-Info").flatMap(ApiUsage::parse).ifPresent(pacer::observe);
            SalesforceErrorClassifier.Kind kind = SalesforceErrorClassifier.kind(response);
            if (kind == SalesforceErrorClassifier.Kind.OK) {
                context.metrics().increment("syncline.salesforce.requests", 1, "pipeline", context.pipeline());
                return Mono.just(response);
            }
            if (kind == SalesforceErrorClassifier.Kind.REAUTHENTICATE && mayReauthenticate) {
                // Sessions expire on the org's timeout or when an admin revokes them: one fresh token, once.
                session.set(null);
                context.metrics().increment("syncline.salesforce.session.expired", 1, "pipeline", context.pipeline());
                return attempt(method, path, contentType, body, what, false);
            }
            if (kind == SalesforceErrorClassifier.Kind.DAILY_LIMIT) {
                pacer.dailyLimitReached();
            }
            context.metrics().increment("syncline.salesforce.errors", 1, "pipeline", context.pipeline(), "kind", kind.name().toLowerCase(java.util.Locale.ROOT));
            return Mono.error(SalesforceErrorClassifier.failure(response, what));
        });
    }

    private static String encode(Map<String, String> form) {
        StringBuilder out = new StringBuilder();
        form.forEach((k, v) -> out.append(out.length() == 0 ? "" : "&").append(URLEncoder.encode(k, StandardCharsets.UTF_8))
                .append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return out.toString();
    }
}
