package dev.syncline.sim.events;

import dev.syncline.sim.http.SimHttpServer;
import dev.syncline.sim.store.ObjectStore;
import dev.syncline.sim.store.ObjectType;
import dev.syncline.sim.store.StoredObject;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * Writes snapshot events (API version {@value SimHttpServer#STRIPE_VERSION}, so stripe-java's
 * typed deserialization works) into the account's event store and hands each to the listeners
 * (the webhook sender). Event ids grow monotonically in creation order so same-second events
 * still list in the order they happened.
 */
public final class EventLog {

    private final ObjectStore store;
    private final Clock clock;
    private final @Nullable String connectedAccount;
    private final AtomicLong sequence = new AtomicLong();
    private final String idSalt;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();

    /** Told about every event as it is recorded: the webhook sender. */
    public interface Listener {

        /** How many deliveries an event of this account (null for the platform) needs: its {@code pending_webhooks}. */
        int endpointsFor(@Nullable String account);

        /** @param json the event's bytes as stored and served */
        void recorded(EventLog log, Map<String, Object> event, byte[] json);
    }

    /** @param connectedAccount set for a connected account's log: its events carry {@code account} */
    public EventLog(ObjectStore store, Clock clock, @Nullable String connectedAccount, long seed) {
        this.store = store;
        this.clock = clock;
        this.connectedAccount = connectedAccount;
        this.idSalt = Long.toString(Math.abs(seed * 2_654_435_761L) % 1_000_000, 36);
    }

    private volatile @Nullable Map<String, Object> last;

    /** The most recent event, if any. */
    public @Nullable Map<String, Object> last() {
        return last;
    }

    public void subscribe(Listener listener) {
        listeners.add(listener);
    }

    /** The account whose events this log holds; null for the platform. */
    public @Nullable String account() {
        return connectedAccount;
    }

    /**
     * One webhook endpoint received the event: {@code pending_webhooks} drops by one, so once
     * every endpoint has it the event leaves {@code delivery_success=false}.
     */
    public synchronized void markDelivered(String eventId) {
        StoredObject current = store.of(ObjectType.EVENT).get(eventId).orElse(null);
        if (current == null) {
            return;
        }
        long pending = ((Number) current.json().get("pending_webhooks")).longValue();
        if (pending <= 0) {
            return;
        }
        Map<String, Object> json = new LinkedHashMap<>(current.json());
        json.put("pending_webhooks", pending - 1);
        store.of(ObjectType.EVENT).put(StoredObject.live(json));
    }

    public long now() {
        return clock.instant().getEpochSecond();
    }

    public Map<String, Object> emit(String type, Map<String, Object> object, @Nullable Map<String, Object> previous) {
        return emit(type, object, previous, now());
    }

    /** Records an event that happened at {@code created} (seeding uses past times). */
    public Map<String, Object> emit(
            String type, Map<String, Object> object, @Nullable Map<String, Object> previous, long created) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("object", object);
        if (previous != null) {
            data.put("previous_attributes", previous);
        }
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("id", String.format("evt_1Sim%s%014d", idSalt, sequence.incrementAndGet()));
        event.put("object", "event");
        if (connectedAccount != null) {
            event.put("account", connectedAccount);
        }
        event.put("api_version", SimHttpServer.STRIPE_VERSION);
        event.put("created", created);
        event.put("data", data);
        event.put("livemode", false);
        long pending = 0;
        for (Listener listener : listeners) {
            pending += listener.endpointsFor(connectedAccount);
        }
        event.put("pending_webhooks", pending);
        Map<String, Object> request = new LinkedHashMap<>();
        // Changes made by the simulator itself look like Stripe's automatic ones: no request id.
        request.put("id", null);
        request.put("idempotency_key", null);
        event.put("request", request);
        event.put("type", type);
        StoredObject stored = StoredObject.live(event);
        store.of(ObjectType.EVENT).put(stored);
        last = stored.json();
        for (Listener listener : listeners) {
            listener.recorded(this, stored.json(), stored.bytes());
        }
        return stored.json();
    }

    /** The event type prefix Stripe uses for an object type, e.g. subscriptions are {@code customer.subscription}. */
    public static String prefix(ObjectType type) {
        return switch (type) {
            case SUBSCRIPTION -> "customer.subscription";
            case TAX_ID -> "customer.tax_id";
            case DISPUTE -> "charge.dispute";
            default -> type.objectName();
        };
    }

    static List<String> allTypes() {
        List<String> types = new ArrayList<>();
        for (ObjectType type : ObjectType.values()) {
            types.add(prefix(type));
        }
        return types;
    }
}
