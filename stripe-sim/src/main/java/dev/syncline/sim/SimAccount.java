package dev.syncline.sim;

import dev.syncline.sim.data.Dataset;
import dev.syncline.sim.events.EventLog;
import dev.syncline.sim.events.MutationGenerator;
import dev.syncline.sim.events.Mutations;
import dev.syncline.sim.http.AccountDirectory;
import dev.syncline.sim.http.StripeApiRouter;
import dev.syncline.sim.store.ObjectStore;
import dev.syncline.sim.store.ObjectType;
import dev.syncline.sim.store.StoredObject;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** One account's world, the platform's or a connected account's: its objects, events and router. */
final class SimAccount {

    private static final long EVENT_RETENTION_SECONDS = 30L * 86_400;

    final String id;
    final Map<String, Object> account;
    final ObjectStore store;
    final EventLog events;
    final Mutations mutations;
    final MutationGenerator generator;
    final GroundTruth groundTruth;
    final StripeApiRouter router;
    private final Clock clock;
    volatile boolean authorized = true;

    /**
     * @param connected true for a connected account: its events carry {@code account}
     * @param directory the platform's view of its connected accounts; null for a connected account
     */
    SimAccount(Dataset dataset, Clock clock, long seed, boolean connected, @Nullable AccountDirectory directory) {
        this.id = dataset.accountId();
        this.account = dataset.account();
        this.clock = clock;
        this.store = new ObjectStore(dataset.objects());
        this.events = new EventLog(store, clock, connected ? id : null, seed);
        seedCreationEvents(store, events, clock.instant().getEpochSecond());
        this.mutations = new Mutations(store, events);
        this.generator = new MutationGenerator(store, mutations, seed);
        this.groundTruth = new StoreBackedGroundTruth(store);
        this.router = new StripeApiRouter(store, account, () -> clock.instant().getEpochSecond(), directory);
    }

    /** Every event still within the 30-day window, newest first, as served by {@code /v1/events}. */
    List<Map<String, Object>> events() {
        long from = clock.instant().getEpochSecond() - EVENT_RETENTION_SECONDS;
        return store.of(ObjectType.EVENT).live().stream()
                .filter(e -> e.created() >= from).map(StoredObject::json).toList();
    }

    /**
     * The event log starts with the {@code *.created} events of objects created in the last 30 days
     * (older ones would be past retention anyway), in creation order, carrying today's snapshot.
     */
    private static void seedCreationEvents(ObjectStore store, EventLog events, long now) {
        List<StoredObject> recent = new ArrayList<>();
        for (ObjectType type : ObjectType.values()) {
            if (type == ObjectType.EVENT || type == ObjectType.ACCOUNT || type == ObjectType.PLAN
                    || type == ObjectType.SUBSCRIPTION_ITEM || type == ObjectType.BALANCE_TRANSACTION) {
                continue;
            }
            for (StoredObject o : store.of(type).live()) {
                if (o.created() >= now - EVENT_RETENTION_SECONDS) {
                    recent.add(o);
                }
            }
        }
        recent.sort(Comparator.comparingLong(StoredObject::created).thenComparing(StoredObject::id));
        for (StoredObject o : recent) {
            ObjectType type = ObjectType.byObjectName((String) o.json().get("object")).orElseThrow();
            events.emit(EventLog.prefix(type) + ".created", o.json(), null, o.created());
        }
    }
}
