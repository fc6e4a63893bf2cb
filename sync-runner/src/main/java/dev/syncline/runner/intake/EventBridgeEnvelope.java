package dev.syncline.runner.intake;

import dev.syncline.connector.record.Json;
import dev.syncline.runner.inbox.InboxEvent;
import dev.syncline.runner.inbox.StripeEvents;
import dev.syncline.runner.inbox.StripeEvents.MalformedEventException;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * An AWS EventBridge event from a Stripe event destination, forwarded by an API destination:
 * {@code {"version":"0","id":…,"detail-type":…,"source":"aws.partner/stripe.com/ed_…","detail":<Stripe event>}}.
 * The inbox keeps the Stripe event in {@code detail}, not the envelope.
 */
final class EventBridgeEnvelope {
    static final String STRIPE_SOURCE_PREFIX = "aws.partner/stripe.com/";

    private EventBridgeEnvelope() {}

    /**
     * The inbox entry of the Stripe event inside an envelope.
     *
     * @throws MalformedEventException if the body is not an EventBridge envelope of a Stripe event
     */
    static InboxEvent unwrap(String body) {
        Map<String, @Nullable Object> envelope;
        try {
            envelope = Json.parseObject(body);
        } catch (IllegalArgumentException e) {
            throw new MalformedEventException("the body is not a JSON object");
        }
        if (envelope == null || !(envelope.get("source") instanceof String source) || !source.startsWith(STRIPE_SOURCE_PREFIX)) {
            throw new MalformedEventException("an EventBridge envelope needs a source starting with " + STRIPE_SOURCE_PREFIX);
        }
        if (!(envelope.get("detail") instanceof Map<?, ?> detail)) {
            throw new MalformedEventException("an EventBridge envelope needs the Stripe event in detail");
        }
        @SuppressWarnings("unchecked")
        Map<String, @Nullable Object> event = (Map<String, @Nullable Object>) detail;
        return StripeEvents.parse(event, Json.write(event), InboxEvent.Source.EVENTBRIDGE);
    }
}
