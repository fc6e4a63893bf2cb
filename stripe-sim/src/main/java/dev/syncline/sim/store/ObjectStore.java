package dev.syncline.sim.store;

import java.util.Collection;
import java.util.EnumMap;
import java.util.Map;

/** The simulator's whole state: one {@link TypeStore} per object type. */
public final class ObjectStore {

    private final Map<ObjectType, TypeStore> stores = new EnumMap<>(ObjectType.class);

    public ObjectStore(Map<ObjectType, ? extends Collection<Map<String, Object>>> objectsByType) {
        for (ObjectType type : ObjectType.values()) {
            Collection<Map<String, Object>> objects = objectsByType.get(type);
            stores.put(
                    type,
                    new TypeStore(
                            type,
                            objects == null ? java.util.List.of() : objects.stream().map(StoredObject::live).toList()));
        }
    }

    public TypeStore of(ObjectType type) {
        return stores.get(type);
    }
}
