package dev.syncline.sim.events;

import dev.syncline.sim.store.ObjectStore;
import dev.syncline.sim.store.ObjectType;
import dev.syncline.sim.store.StoredObject;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

/**
 * Keeps the account changing at a steady rate: about 20 % creates (customers), 70 % updates and
 * 10 % deletes (customers deleted, subscriptions canceled). Half of the updates hit the object
 * updated just before, so the same object changes several times within one second, the case that
 * breaks syncs ordering by {@code created} or {@code updated} timestamps.
 */
public final class MutationGenerator {

    private static final List<ObjectType> UPDATED = List.of(
            ObjectType.CUSTOMER, ObjectType.CUSTOMER, ObjectType.SUBSCRIPTION, ObjectType.PRODUCT, ObjectType.PRICE,
            ObjectType.INVOICE, ObjectType.PAYMENT_INTENT, ObjectType.CHARGE);

    private final ObjectStore store;
    private final Mutations mutations;
    private final Random random;
    private long counter;
    private @Nullable ObjectType lastType;
    private @Nullable String lastId;

    public MutationGenerator(ObjectStore store, Mutations mutations, long seed) {
        this.store = store;
        this.mutations = mutations;
        this.random = new Random(seed);
    }

    /** Runs {@link #step()} {@code perSecond} times a second until disposed. */
    public Disposable start(double perSecond) {
        if (!(perSecond > 0)) {
            throw new IllegalArgumentException("rate must be positive: " + perSecond);
        }
        Duration period = Duration.ofNanos((long) (1e9 / perSecond));
        return Flux.interval(period).subscribe(tick -> step());
    }

    /** One mutation; returns the event it logged, or null if there was nothing to change. */
    public synchronized @Nullable Map<String, Object> step() {
        counter++;
        double r = random.nextDouble();
        if (r < 0.2) {
            return createCustomer();
        }
        if (r < 0.9) {
            return update();
        }
        return delete();
    }

    private @Nullable Map<String, Object> createCustomer() {
        StoredObject template = pick(ObjectType.CUSTOMER);
        if (template == null) {
            return null;
        }
        Map<String, Object> json = new LinkedHashMap<>(template.json());
        json.put("id", "cus_Gen" + Long.toString(counter, 36) + Long.toString(random.nextLong() & 0xffffffL, 36));
        json.remove("created");
        json.put("email", "generated" + counter + "@example.com");
        json.put("name", "Generated Customer " + counter);
        json.put("delinquent", false);
        mutations.create(ObjectType.CUSTOMER, json);
        return lastEvent();
    }

    private @Nullable Map<String, Object> update() {
        ObjectType type;
        String id;
        if (lastId != null && lastType != null && random.nextBoolean()
                && store.of(lastType).get(lastId).filter(o -> !o.deleted()).isPresent()) {
            type = lastType;
            id = lastId;
        } else {
            type = UPDATED.get(random.nextInt(UPDATED.size()));
            StoredObject target = pick(type);
            if (target == null) {
                return null;
            }
            id = target.id();
        }
        lastType = type;
        lastId = id;
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("sim_revision", Long.toString(counter));
        Map<String, Object> changes = new LinkedHashMap<>();
        changes.put("metadata", metadata);
        if (type == ObjectType.CUSTOMER && random.nextBoolean()) {
            changes.put("name", "Renamed Customer " + counter);
        }
        if (type == ObjectType.PRODUCT) {
            changes.put("updated", mutations.events().now());
        }
        mutations.update(type, id, changes);
        return lastEvent();
    }

    private @Nullable Map<String, Object> delete() {
        if (random.nextBoolean()) {
            StoredObject subscription = pick(ObjectType.SUBSCRIPTION);
            if (subscription != null && !"canceled".equals(subscription.json().get("status"))) {
                mutations.cancelSubscription(subscription.id());
                return lastEvent();
            }
        }
        StoredObject customer = pick(ObjectType.CUSTOMER);
        if (customer == null) {
            return null;
        }
        mutations.delete(ObjectType.CUSTOMER, customer.id());
        return lastEvent();
    }

    private @Nullable StoredObject pick(ObjectType type) {
        List<StoredObject> live = store.of(type).live();
        return live.isEmpty() ? null : live.get(random.nextInt(live.size()));
    }

    private @Nullable Map<String, Object> lastEvent() {
        return mutations.events().last();
    }
}
