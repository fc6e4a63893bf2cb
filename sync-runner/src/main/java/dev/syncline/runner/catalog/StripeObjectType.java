package dev.syncline.runner.catalog;

import java.util.List;
import java.util.Map;

/**
 * One Stripe object type the engine can backfill, and the list calls that together see every
 * object of it, whatever Stripe's defaults hide.
 *
 * @param name Stripe's {@code object} value, for example {@code customer}
 * @param passes the list calls; each is one backfill stream
 */
public record StripeObjectType(String name, List<ListPass> passes) {
    public StripeObjectType {
        passes = List.copyOf(passes);
    }

    /** A type whose default list already shows every object. */
    static StripeObjectType plain(String name, String listPath) {
        return new StripeObjectType(name, List.of(ListPass.of(listPath, Map.of())));
    }

    /** A type whose list needs several passes with different parameters. */
    static StripeObjectType passes(String name, String listPath, List<Map<String, String>> params) {
        return new StripeObjectType(name, params.stream().map(p -> ListPass.of(listPath, p)).toList());
    }

    public ListPass pass(int index) {
        return passes.get(index);
    }
}
