package dev.syncline.sim.data;

import dev.syncline.sim.store.ObjectType;
import java.util.List;
import java.util.Map;

/**
 * A generated world: the platform account plus every object by type, as JSON-shaped maps (strings,
 * Longs, Booleans, nested maps and lists) ready to be stored and served.
 */
public record Dataset(Map<String, Object> account, Map<ObjectType, List<Map<String, Object>>> objects) {

    public String accountId() {
        return (String) account.get("id");
    }
}
