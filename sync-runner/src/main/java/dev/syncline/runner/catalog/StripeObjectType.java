package dev.syncline.runner.catalog;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One Stripe object type the engine can backfill, and how its list endpoint must be called so
 * that nothing is hidden by Stripe's defaults.
 *
 * @param name Stripe's {@code object} value, for example {@code customer}
 * @param listPath the list endpoint, for example {@code /v1/customers}; for a child type, its
 *     parent's list, which the backfill pages through
 * @param filtersByCreated whether that list accepts {@code created[…]} filters
 * @param listPasses the query parameters of each pass needed to see every object: prices need an
 *     {@code active=true} and an {@code active=false} pass, subscriptions {@code status=all}
 * @param childPath for types Stripe lists only per parent (a customer's payment methods), the
 *     list under one parent with {@code {parent}} for its id; null otherwise
 */
public record StripeObjectType(String name, String listPath, boolean filtersByCreated, List<Map<String, String>> listPasses,
                               @Nullable String childPath) {
    public StripeObjectType {
        listPasses = List.copyOf(listPasses);
    }

    /** A type whose default list already shows every object. */
    static StripeObjectType plain(String name, String listPath) {
        return new StripeObjectType(name, listPath, true, List.of(Map.of()), null);
    }

    /** A type listed per parent: every parent is listed, then each parent's own list. */
    static StripeObjectType child(String name, StripeObjectType parent, String childPath) {
        return new StripeObjectType(name, parent.listPath(), parent.filtersByCreated(), parent.listPasses(), childPath);
    }

    public boolean isChild() {
        return childPath != null;
    }

    /** The list of one parent's objects of this type. */
    public String childListPath(String parentId) {
        if (childPath == null) {
            throw new IllegalStateException(name + " is not listed per parent");
        }
        return childPath.replace("{parent}", parentId);
    }

    /** The path that retrieves one object of this type. */
    public String retrievePath(String id) {
        return listPath + "/" + id;
    }
}
