package dev.syncline.runner.inbox;

import java.util.Objects;

/**
 * One Stripe event as the inbox keeps it: enough to route and order it without parsing the body
 * again, and the body itself, byte for byte as Stripe sent it.
 *
 * @param eventId Stripe's event id ({@code evt_…}); the inbox stores each at most once
 * @param accountId the account the event belongs to ({@code event.account}, else the platform's)
 * @param eventType for example {@code customer.updated}
 * @param objectType the Stripe object type the event is about, for example {@code customer}
 * @param objectId the id of that object
 * @param created the event's {@code created}, Unix seconds: the version stamp of its snapshot
 * @param source how the event reached Syncline
 * @param kind whether the body carries the object's state or only names it
 * @param body the event JSON (for a snapshot, with {@code data.object}); for an envelope, the inner event
 */
public record InboxEvent(String eventId, String accountId, String eventType, String objectType, String objectId, long created,
                         Source source, Kind kind, String body) {
    public InboxEvent {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(eventType, "eventType");
        Objects.requireNonNull(objectType, "objectType");
        Objects.requireNonNull(objectId, "objectId");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(body, "body");
    }

    /** How an event reached Syncline. */
    public enum Source {
        /** A signed webhook POST from Stripe. */
        WEBHOOK,
        /** Read from {@code GET /v1/events} by the poller. */
        EVENTS_API,
        /** An AWS EventBridge envelope forwarded by an API destination. */
        EVENTBRIDGE
    }

    /** What the body holds. */
    public enum Kind {
        /** A v1 snapshot event: {@code data.object} is the object's state at {@code created}. */
        SNAPSHOT,
        /** A thin event (or a snapshot treated as a change notice): the object must be retrieved. */
        NOTICE
    }

    @Override
    public String toString() {
        // The body holds customer data: keep it out of logs.
        return "InboxEvent[" + eventId + " " + eventType + " " + objectType + "/" + objectId + " " + accountId + " " + source + " " + kind + "]";
    }
}
