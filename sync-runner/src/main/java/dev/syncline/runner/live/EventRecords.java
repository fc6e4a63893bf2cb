package dev.syncline.runner.live;

import dev.syncline.connector.record.Json;
import dev.syncline.connector.record.Origin;
import dev.syncline.connector.record.RecordKey;
import dev.syncline.connector.record.SyncRecord;
import dev.syncline.runner.inbox.InboxEvent;
import dev.syncline.runner.inbox.StripeEvents;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * The merge rules that turn one inbox event into what a pipeline delivers:
 * <ul>
 *   <li>a snapshot becomes an upsert versioned by the event's {@code created} second;</li>
 *   <li>{@code *.deleted} events (and deleted stubs) become tombstones at that version, except
 *       {@code customer.subscription.deleted}, which reports a canceled subscription, not a deleted one;</li>
 *   <li>thin events, every event of a type configured for refetching, and every event created
 *       before the inbox was complete (a webhook Stripe retried for days, from before the first
 *       start) are change notices: the latest object is retrieved instead of trusting the payload;</li>
 *   <li>events about types the pipeline does not sync, and of accounts it does not sync, are skipped.</li>
 * </ul>
 */
final class EventRecords {
    private final Set<String> objectTypes;
    private final Set<String> refetchTypes;
    private final String platformAccount;
    private final long completeFrom;
    private final Predicate<String> synced;

    /**
     * @param completeFrom the second from which the inbox holds every event (see
     *     {@code InboxStore#completeFrom}); events created at or before it are refetched
     */
    EventRecords(Set<String> objectTypes, Set<String> refetchTypes, String platformAccount, long completeFrom) {
        this(objectTypes, refetchTypes, platformAccount, completeFrom, account -> true);
    }

    /** @param synced whether an account's events are applied (see {@link LiveEvents}) */
    EventRecords(Set<String> objectTypes, Set<String> refetchTypes, String platformAccount, long completeFrom, Predicate<String> synced) {
        this.synced = synced;
        this.objectTypes = Set.copyOf(objectTypes);
        this.refetchTypes = Set.copyOf(refetchTypes);
        this.platformAccount = platformAccount;
        this.completeFrom = completeFrom;
    }

    /** What to do with one event. */
    Action of(InboxEvent event) {
        if (!objectTypes.contains(event.objectType())) {
            return new Skip();
        }
        String account = StripeEvents.PLATFORM_ACCOUNT.equals(event.accountId()) ? platformAccount : event.accountId();
        if (!synced.test(account)) {
            return new Skip();
        }
        RecordKey key = new RecordKey(account, event.objectType(), event.objectId());
        if (event.kind() == InboxEvent.Kind.NOTICE) {
            return new Refetch(key, null, event.created() - 1);
        }
        Map<String, @Nullable Object> object = dataObject(event.body());
        // A late webhook from before the inbox was complete: a deletion after it may never arrive,
        // and the backfill, which read after it, cannot tombstone what it no longer saw.
        if (refetchTypes.contains(event.objectType()) || event.created() <= completeFrom) {
            return new Refetch(key, object, event.created() - 1);
        }
        boolean deleted = isDeletion(event.eventType()) || Boolean.TRUE.equals(object.get("deleted"));
        SyncRecord record = deleted
                ? SyncRecord.delete(account, event.objectType(), event.objectId(), event.created(), Origin.EVENT, object)
                : SyncRecord.upsert(account, event.objectType(), event.objectId(), event.created(), Origin.EVENT, object);
        return new Deliver(record);
    }

    /** Whether the event type reports the object's deletion. */
    static boolean isDeletion(String eventType) {
        // Stripe sends customer.subscription.deleted when a subscription ends: it still exists, canceled.
        return eventType.endsWith(".deleted") && !"customer.subscription.deleted".equals(eventType);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, @Nullable Object> dataObject(String body) {
        Map<String, @Nullable Object> event = Json.parseObject(body);
        return event.get("data") instanceof Map<?, ?> data && data.get("object") instanceof Map<?, ?> object
                ? (Map<String, @Nullable Object>) object
                : Map.of();
    }

    /** What the pipeline does with an event. */
    sealed interface Action permits Deliver, Refetch, Skip {}

    /** Deliver this record. */
    record Deliver(SyncRecord record) implements Action {}

    /**
     * Retrieve the latest state of {@code key} as read after second {@code after}.
     *
     * @param known the state the event carried, if any
     */
    record Refetch(RecordKey key, @Nullable Map<String, @Nullable Object> known, long after) implements Action {}

    /** Nothing for this pipeline. */
    record Skip() implements Action {}
}
