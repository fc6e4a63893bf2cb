package dev.syncline.sim;

import dev.syncline.sim.store.ObjectStore;
import dev.syncline.sim.store.ObjectType;
import dev.syncline.sim.store.StoredObject;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads straight from the store the server uses, so it always matches what HTTP would return. */
final class StoreBackedGroundTruth implements GroundTruth {

    private static final List<String> TYPES =
            Arrays.stream(ObjectType.values()).filter(StoreBackedGroundTruth::synced).map(ObjectType::objectName).toList();

    private final ObjectStore store;

    StoreBackedGroundTruth(ObjectStore store) {
        this.store = store;
    }

    @Override
    public List<String> objectTypes() {
        return TYPES;
    }

    @Override
    public int count(String objectType) {
        return store.of(type(objectType)).liveCount();
    }

    @Override
    public List<Map<String, Object>> objects(String objectType) {
        return store.of(type(objectType)).live().stream().map(StoredObject::json).toList();
    }

    @Override
    public Optional<Map<String, Object>> get(String objectType, String id) {
        return store.of(type(objectType)).get(id).filter(o -> !o.deleted()).map(StoredObject::json);
    }

    /** The event log and the connected-account directory are not part of an account's data. */
    private static boolean synced(ObjectType type) {
        return type != ObjectType.EVENT && type != ObjectType.ACCOUNT;
    }

    static ObjectType type(String objectType) {
        return ObjectType.byObjectName(objectType).filter(StoreBackedGroundTruth::synced)
                .orElseThrow(() -> new IllegalArgumentException(
                        "Unknown object type '" + objectType + "'; expected one of " + TYPES));
    }
}
