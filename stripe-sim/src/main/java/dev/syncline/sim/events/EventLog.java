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
import java.util.function.Consumer;
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
    private final List<Consumer<Map<String, Object>>> listeners = new CopyOnWriteArrayList<>();

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

    public void subscribe(Consumer<Map<String, Object>> listener) {
        listeners.add(listener);
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
        event.put("pending_webhooks", (long) listeners.size());
        Map<String, Object> request = new LinkedHashMap<>();
        // Changes made by the simulator itself look like Stripe's automatic ones: no request id.
        request.put("id", null);
        request.put("idempotency_key", null);
        event.put("request", request);
        event.put("type", type);
        StoredObject stored = StoredObject.live(event);
        store.of(ObjectType.EVENT).put(stored);
        last = stored.json();
        for (Consumer<Map<String, Object>> listener : listeners) {
            listener.accept(stored.json());
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
