package dev.syncline.runner.intake;

import java.util.Locale;
import org.springframework.http.HttpStatus;

/**
 * What the intake did with one delivery: the {@code outcome} tag of
 * {@code syncline.webhooks.received} and the status Stripe gets. Only outcomes Stripe should
 * retry, or that no retry can fix, answer non-2xx; a denied event is answered 200 so Stripe does
 * not retry it for days.
 */
enum IntakeOutcome {
    /** Verified, permitted, and now durable in the inbox. */
    STORED(HttpStatus.OK),
    /** Verified and permitted; its event id was already in the inbox. */
    DUPLICATE(HttpStatus.OK),
    /** Verified, but the app may not read the event type (or it is unknown): dropped, counted, audited. */
    DENIED(HttpStatus.OK),
    /** No configured secret verifies the signature, or it is missing or too old. */
    BAD_SIGNATURE(HttpStatus.BAD_REQUEST),
    /** Not JSON, or not a Stripe event Syncline understands. */
    MALFORMED(HttpStatus.BAD_REQUEST),
    /** Larger than {@code stripe.webhook.max-body-bytes}. */
    OVERSIZE(HttpStatus.CONTENT_TOO_LARGE),
    /** The inbox could not be written (database down or slow, queue full): Stripe retries. */
    UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE),
    /** An EventBridge delivery without the configured bearer token. */
    UNAUTHORIZED(HttpStatus.UNAUTHORIZED);

    private final HttpStatus status;
    private final String tag;
    private final String body;

    IntakeOutcome(HttpStatus status) {
        this.status = status;
        this.tag = name().toLowerCase(Locale.ROOT);
        this.body = "{\"received\":true,\"outcome\":\"" + tag + "\"}";
    }

    HttpStatus status() {
        return status;
    }

    /** The metric tag value. */
    String tag() {
        return tag;
    }

    /** The pre-rendered body of a 2xx answer. */
    String acceptedBody() {
        return body;
    }
}
