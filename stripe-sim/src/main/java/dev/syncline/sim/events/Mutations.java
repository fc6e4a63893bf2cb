package dev.syncline.sim.events;

import dev.syncline.sim.store.Json;
import dev.syncline.sim.store.ObjectStore;
import dev.syncline.sim.store.ObjectType;
import dev.syncline.sim.store.StoredObject;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Changes the account the way Stripe does and logs the matching event for each change:
 * {@code *.created} and {@code *.updated} (with {@code previous_attributes} holding the old value of
 * every changed top-level field) carry the object after the change; {@code *.deleted} carries the
 * full object from before the deletion, as Stripe's do. Deleting a subscription cancels it.
 */
public final class Mutations {

    /** Types whose deletion Stripe announces with a {@code .deleted} event (stripe-api.md §5). */
    private static final Set<ObjectType> DELETE_EVENTS = Set.of(
            ObjectType.CUSTOMER, ObjectType.PRODUCT, ObjectType.PRICE, ObjectType.PLAN, ObjectType.COUPON,
            ObjectType.INVOICE, ObjectType.INVOICE_ITEM, ObjectType.TAX_ID);

    private final ObjectStore store;
    private final EventLog events;

    public Mutations(ObjectStore store, EventLog events) {
        this.store = store;
        this.events = events;
    }

    public EventLog events() {
        return events;
    }

    /** Adds a new object; {@code created} defaults to the simulator's clock. */
    public Map<String, Object> create(ObjectType type, Map<String, Object> object) {
        Map<String, Object> json = new LinkedHashMap<>(object);
        json.putIfAbsent("object", type.objectName());
        if (!json.containsKey("created") && !json.containsKey("date")) {
            json.put("created", events.now());
        }
        StoredObject stored = StoredObject.live(json);
        synchronized (store.of(type)) {
            if (store.of(type).get(stored.id()).isPresent()) {
                throw new IllegalArgumentException(type.objectName() + " " + stored.id() + " already exists");
            }
            store.of(type).put(stored);
        }
        events.emit(EventLog.prefix(type) + ".created", stored.json(), null);
        return stored.json();
    }

    /**
     * Sets top-level fields (a null value clears one) and logs {@code <type>.updated}; fields whose
     * value does not change are left out of {@code previous_attributes}, and an update that changes
     * nothing logs no event, as Stripe does.
     *
     * @return the object after the update
     */
    public Map<String, Object> update(ObjectType type, String id, Map<String, ?> changes) {
        StoredObject after;
        Map<String, Object> previous = new LinkedHashMap<>();
        synchronized (store.of(type)) {
            StoredObject current = live(type, id);
            Map<String, Object> json = new LinkedHashMap<>(current.json());
            for (Map.Entry<String, ?> change : changes.entrySet()) {
                if (change.getKey().equals("id") || change.getKey().equals("created") || change.getKey().equals("object")) {
                    throw new IllegalArgumentException("cannot change " + change.getKey());
                }
                Object old = json.get(change.getKey());
                Object value = Json.deepFreeze(change.getValue());
                if (!java.util.Objects.equals(old, value)) {
                    previous.put(change.getKey(), old);
                    json.put(change.getKey(), value);
                }
            }
            if (previous.isEmpty()) {
                return current.json();
            }
            after = StoredObject.live(json);
            store.of(type).put(after);
        }
        events.emit(EventLog.prefix(type) + ".updated", after.json(), previous);
        return after.json();
    }

    /**
     * Deletes as Stripe does: subscriptions are canceled (they stay listable with {@code status=all}
     * and log {@code customer.subscription.deleted}); other types become {@code {id, object,
     * deleted}} stubs and log {@code <type>.deleted} where Stripe has such an event.
     *
     * @return true if the object was live
     */
    public boolean delete(ObjectType type, String id) {
        if (type == ObjectType.SUBSCRIPTION) {
            return cancelSubscription(id);
        }
        StoredObject before;
        synchronized (store.of(type)) {
            before = store.of(type).get(id)
                    .orElseThrow(() -> new IllegalArgumentException("No such " + type.objectName() + ": " + id));
            if (!store.of(type).delete(id)) {
                return false;
            }
        }
        if (DELETE_EVENTS.contains(type)) {
            events.emit(EventLog.prefix(type) + ".deleted", before.json(), null);
        }
        return true;
    }

    /** Cancels now: {@code status=canceled} with {@code canceled_at} and {@code ended_at}, one deleted event. */
    public boolean cancelSubscription(String id) {
        StoredObject after;
        synchronized (store.of(ObjectType.SUBSCRIPTION)) {
            StoredObject current = store.of(ObjectType.SUBSCRIPTION).get(id)
                    .orElseThrow(() -> new IllegalArgumentException("No such subscription: " + id));
            if (current.deleted() || "canceled".equals(current.json().get("status"))) {
                return false;
            }
            long now = events.now();
            Map<String, Object> json = new LinkedHashMap<>(current.json());
            json.put("status", "canceled");
            json.put("canceled_at", now);
            json.put("ended_at", now);
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("comment", null);
            details.put("feedback", null);
            details.put("reason", "cancellation_requested");
            json.put("cancellation_details", details);
            after = StoredObject.live(json);
            store.of(ObjectType.SUBSCRIPTION).put(after);
        }
        events.emit("customer.subscription.deleted", after.json(), null);
        return true;
    }

    private StoredObject live(ObjectType type, String id) {
        StoredObject current = store.of(type).get(id)
                .orElseThrow(() -> new IllegalArgumentException("No such " + type.objectName() + ": " + id));
        if (current.deleted()) {
            throw new IllegalArgumentException(type.objectName() + " " + id + " is deleted");
        }
        return current;
    }
}
