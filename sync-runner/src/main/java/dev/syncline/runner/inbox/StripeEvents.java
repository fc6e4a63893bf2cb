package dev.syncline.runner.inbox;

import dev.syncline.connector.record.Json;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Reads the routing facts of a Stripe event body: a v1 snapshot event ({@code "object": "event"})
 * or a thin event ({@code "object": "v2.core.event"}, which only names its related object).
 * Both the webhook intake and the Events API poller store what this returns.
 */
public final class StripeEvents {
    /** The account of an event that carries none: the platform's own, resolved when consumed. */
    public static final String PLATFORM_ACCOUNT = "";

    private StripeEvents() {}

    /**
     * The inbox entry of an event body.
     *
     * @throws MalformedEventException if the body is not a Stripe event this engine understands
     */
    public static InboxEvent parse(String body, InboxEvent.Source source) {
        Map<String, @Nullable Object> event;
        try {
            event = Json.parseObject(body);
        } catch (IllegalArgumentException e) {
            throw new MalformedEventException("the body is not a JSON object");
        }
        if (event == null) {
            // The JSON literal null decodes to no map at all.
            throw new MalformedEventException("the body is not a JSON object");
        }
        return parse(event, body, source);
    }

    /** The inbox entry of an already decoded event, whose text is {@code body}. */
    public static InboxEvent parse(Map<String, @Nullable Object> event, String body, InboxEvent.Source source) {
        String id = text(event, "id");
        String type = text(event, "type");
        if (id == null || !id.startsWith("evt_") || type == null) {
            throw new MalformedEventException("an event needs an id (evt_…) and a type");
        }
        Object object = event.get("object");
        if ("event".equals(object)) {
            if (!(event.get("data") instanceof Map<?, ?> data) || !(data.get("object") instanceof Map<?, ?> state)) {
                throw new MalformedEventException("a snapshot event needs data.object");
            }
            String objectType = state.get("object") instanceof String s ? s : null;
            String objectId = state.get("id") instanceof String s ? s : null;
            if (objectType == null || objectId == null || !(event.get("created") instanceof Number created)) {
                throw new MalformedEventException("a snapshot event needs created, data.object.object and data.object.id");
            }
            return new InboxEvent(id, account(text(event, "account")), type, objectType, objectId, created.longValue(), source,
                    InboxEvent.Kind.SNAPSHOT, body);
        }
        if ("v2.core.event".equals(object)) {
            if (!(event.get("related_object") instanceof Map<?, ?> related)
                    || !(related.get("type") instanceof String objectType) || !(related.get("id") instanceof String objectId)) {
                throw new MalformedEventException("a thin event needs related_object.type and related_object.id");
            }
            return new InboxEvent(id, account(text(event, "context")), type, objectType, objectId, thinCreated(event.get("created")), source,
                    InboxEvent.Kind.NOTICE, body);
        }
        throw new MalformedEventException("object must be \"event\" or \"v2.core.event\"");
    }

    /**
     * The snapshot event type a thin event type stands for: {@code v1.customer.updated} is about
     * the same change as {@code customer.updated}.
     */
    public static String snapshotType(String eventType) {
        return eventType.startsWith("v1.") ? eventType.substring(3) : eventType;
    }

    private static String account(@Nullable String account) {
        return account != null && account.startsWith("acct_") ? account : PLATFORM_ACCOUNT;
    }

    private static long thinCreated(@Nullable Object created) {
        if (created instanceof Number n) {
            return n.longValue();
        }
        if (created instanceof String text) {
            try {
                return Instant.parse(text).getEpochSecond();
            } catch (DateTimeParseException e) {
                throw new MalformedEventException("created is not an ISO-8601 instant");
            }
        }
        throw new MalformedEventException("a thin event needs created");
    }

    private static @Nullable String text(Map<String, @Nullable Object> map, String key) {
        return map.get(key) instanceof String s && !s.isEmpty() ? s : null;
    }

    /** The body is not a Stripe event this engine understands; the intake answers 400. */
    public static final class MalformedEventException extends RuntimeException {
        public MalformedEventException(String message) {
            super(message);
        }
    }
}
