package dev.syncline.runner.intake;

import dev.syncline.connector.record.Json;
import dev.syncline.runner.config.SynclineConfig;
import dev.syncline.runner.inbox.InboxEvent;
import dev.syncline.runner.inbox.StripeEvents;
import dev.syncline.runner.inbox.StripeEvents.MalformedEventException;
import dev.syncline.runner.policy.EventPolicy;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.EnumMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.BodyExtractors;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * {@code POST stripe.webhook.path}: Stripe's webhook deliveries, snapshot and thin events alike,
 * and optionally {@code POST stripe.webhook.eventbridge.path} for AWS EventBridge envelopes.
 *
 * <p>The answer follows design guarantee 2: a 2xx only once the event is durable (or was already
 * stored, or may not be read at all). In order: a body over the size limit is refused with 413
 * (by its Content-Length, else while it streams in); a signature no configured secret verifies
 * within the tolerance gets 400; so does a body that is not a Stripe event; an event type the app
 * manifest does not grant is answered 200 and dropped (Stripe would otherwise retry it for days);
 * everything else goes through the {@link InboxWriter} and is answered 200 after its transaction
 * commits, or 503 when the inbox cannot be written, so Stripe delivers it again. Every delivery is
 * counted once in {@code syncline.webhooks.received} by outcome.
 */
public final class WebhookIntake {
    private static final String BEARER = "Bearer ";

    private final SynclineConfig.Webhooks settings;
    private final InboxWriter writer;
    private final EventPolicy policy;
    private final SignatureVerifier signatures;
    private final byte[] eventBridgeTokenDigest;
    private final Map<IntakeOutcome, Counter> received = new EnumMap<>(IntakeOutcome.class);

    public WebhookIntake(SynclineConfig.Webhooks settings, InboxWriter writer, EventPolicy policy, MeterRegistry registry, Clock clock) {
        this.settings = settings;
        this.writer = writer;
        this.policy = policy;
        this.signatures = new SignatureVerifier(settings.secrets(), settings.toleranceSeconds(), clock);
        this.eventBridgeTokenDigest = sha256(settings.eventBridgeToken().reveal());
        for (IntakeOutcome outcome : IntakeOutcome.values()) {
            received.put(outcome, Counter.builder("syncline.webhooks.received")
                    .description("Webhook and EventBridge deliveries, by what the intake did with them")
                    .tag("outcome", outcome.tag())
                    .register(registry));
        }
    }

    /** The intake's routes: the webhook path, and the EventBridge path when it is configured. */
    public RouterFunction<ServerResponse> routes() {
        RouterFunctions.Builder routes = RouterFunctions.route().POST(settings.path(), this::webhook);
        if (settings.eventBridgeEnabled()) {
            routes.POST(settings.eventBridgePath(), this::eventBridge);
        }
        return routes.build();
    }

    Mono<ServerResponse> webhook(ServerRequest request) {
        String signature = request.headers().firstHeader("Stripe-Signature");
        return withBody(request, body -> signatures.rejection(body, signature)
                .map(reason -> answer(IntakeOutcome.BAD_SIGNATURE, reason))
                .orElseGet(() -> admit(body, b -> StripeEvents.parse(b, InboxEvent.Source.WEBHOOK))));
    }

    Mono<ServerResponse> eventBridge(ServerRequest request) {
        if (!authorized(request.headers().firstHeader(HttpHeaders.AUTHORIZATION))) {
            return answer(IntakeOutcome.UNAUTHORIZED, "a bearer token is required");
        }
        return withBody(request, body -> admit(body, EventBridgeEnvelope::unwrap));
    }

    /** Reads the body up to the size limit, then hands it on; an oversize body is never read whole. */
    private Mono<ServerResponse> withBody(ServerRequest request, Function<String, Mono<ServerResponse>> handler) {
        OptionalLong declared = request.headers().contentLength();
        if (declared.isPresent() && declared.getAsLong() > settings.maxBodyBytes()) {
            return answer(IntakeOutcome.OVERSIZE, "the body exceeds " + settings.maxBodyBytes() + " bytes");
        }
        return DataBufferUtils.join(request.body(BodyExtractors.toDataBuffers()), settings.maxBodyBytes())
                .map(WebhookIntake::text)
                .defaultIfEmpty("")
                .flatMap(handler)
                .onErrorResume(DataBufferLimitException.class,
                        e -> answer(IntakeOutcome.OVERSIZE, "the body exceeds " + settings.maxBodyBytes() + " bytes"));
    }

    /** Parses a verified body, applies the event policy and stores what the app may read. */
    private Mono<ServerResponse> admit(String body, Function<String, InboxEvent> parser) {
        InboxEvent event;
        try {
            event = parser.apply(body);
        } catch (MalformedEventException e) {
            return answer(IntakeOutcome.MALFORMED, e.getMessage());
        }
        if (!policy.admit(StripeEvents.snapshotType(event.eventType()))) {
            return answer(IntakeOutcome.DENIED, "");
        }
        return writer.append(event)
                .flatMap(isNew -> answer(isNew ? IntakeOutcome.STORED : IntakeOutcome.DUPLICATE, ""))
                .onErrorResume(InboxUnavailableException.class, e -> answer(IntakeOutcome.UNAVAILABLE, e.getMessage()));
    }

    private boolean authorized(@Nullable String authorization) {
        if (authorization == null || !authorization.startsWith(BEARER) || settings.eventBridgeToken().reveal().isEmpty()) {
            return false;
        }
        // Digests of equal length, compared in constant time: neither the token nor its length leaks.
        return MessageDigest.isEqual(eventBridgeTokenDigest, sha256(authorization.substring(BEARER.length())));
    }

    private Mono<ServerResponse> answer(IntakeOutcome outcome, String reason) {
        received.get(outcome).increment();
        String body = outcome.status().is2xxSuccessful() ? outcome.acceptedBody()
                : Json.write(Map.of("error", Map.of("type", outcome.tag(), "message", reason)));
        return ServerResponse.status(outcome.status()).contentType(MediaType.APPLICATION_JSON).bodyValue(body);
    }

    private static String text(DataBuffer buffer) {
        try {
            return buffer.toString(StandardCharsets.UTF_8);
        } finally {
            DataBufferUtils.release(buffer);
        }
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
