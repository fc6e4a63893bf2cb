package dev.syncline.runner.catalog;

import java.util.List;
import java.util.Map;

/**
 * One Stripe object type the engine can backfill, and how its list endpoint must be called so
 * that nothing is hidden by Stripe's defaults.
 *
 * @param name Stripe's {@code object} value, for example {@code customer}
 * @param listPath the list endpoint, for example {@code /v1/customers}
 * @param filtersByCreated whether the list accepts {@code created[…]} filters
 * @param listPasses the query parameters of each pass needed to see every object: prices need an
 *     {@code active=true} and an {@code active=false} pass, subscriptions {@code status=all}
 */
public record StripeObjectType(String name, String listPath, boolean filtersByCreated, List<Map<String, String>> listPasses) {
    public StripeObjectType {
        listPasses = List.copyOf(listPasses);
    }

    /** A type whose default list already shows every object. */
    static StripeObjectType plain(String name, String listPath) {
        return new StripeObjectType(name, listPath, true, List.of(Map.of()));
    }

    /** The path that retrieves one object of this type. */
    public String retrievePath(String id) {
        return listPath + "/" + id;
    }
}
