package dev.syncline.sim;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the simulator holds right now, read without HTTP, so tests can compare what a sync
 * produced with what actually exists. Object maps are immutable JSON trees (integers as Long).
 */
public interface GroundTruth {

    /** {@code "customer", "product", "price", "subscription", "invoice"}. */
    List<String> objectTypes();

    /** Live (not deleted) objects of that type, every status included (inactive prices, canceled subscriptions). */
    int count(String objectType);

    /** Live objects of that type in list order (newest first). */
    List<Map<String, Object>> objects(String objectType);

    /** A live object; empty if unknown or deleted. */
    Optional<Map<String, Object>> get(String objectType, String id);
}
