package dev.syncline.runner.stripe;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One page of a Stripe list.
 *
 * @param data the objects, newest first
 * @param hasMore whether more objects follow in the paging direction
 * @param readAt when Stripe answered, in Unix seconds: the version stamp of every object read here
 */
public record ListPage(List<Map<String, @Nullable Object>> data, boolean hasMore, long readAt) {
    public ListPage {
        data = List.copyOf(data);
    }

    /** The id to pass as {@code starting_after} for the next page. */
    public String lastId() {
        return String.valueOf(data.get(data.size() - 1).get("id"));
    }
}
