package dev.syncline.runner.catalog;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One list call that, with the others of its type, sees every object: prices need an
 * {@code active=true} and an {@code active=false} pass, subscriptions {@code status=all}, and tax
 * IDs a pass over every customer's own list plus one over the account's.
 *
 * @param path the list endpoint, for example {@code /v1/customers}; for a per-parent pass, the
 *     parents' list, which the backfill pages through
 * @param params the query parameters this pass adds
 * @param filtersByCreated whether that list accepts {@code created[…]} filters (and so can be split)
 * @param childPath for a per-parent pass, one parent's list with {@code {parent}} for its id
 */
public record ListPass(String path, Map<String, String> params, boolean filtersByCreated, @Nullable String childPath) {
    public ListPass {
        params = Map.copyOf(params);
    }

    /** A pass over a list that filters by {@code created}. */
    static ListPass of(String path, Map<String, String> params) {
        return new ListPass(path, params, true, null);
    }

    /** A pass over a list that takes no {@code created} filter: paged with one cursor. */
    static ListPass unfiltered(String path) {
        return new ListPass(path, Map.of(), false, null);
    }

    /** A pass that pages through {@code parents} and reads each parent's list at {@code childPath}. */
    static ListPass perParent(ListPass parents, String childPath) {
        return new ListPass(parents.path(), parents.params(), parents.filtersByCreated(), childPath);
    }

    public boolean perParent() {
        return childPath != null;
    }

    /** The list of one parent's objects. */
    public String childListPath(String parentId) {
        if (childPath == null) {
            throw new IllegalStateException(path + " is not read per parent");
        }
        return childPath.replace("{parent}", parentId);
    }
}
