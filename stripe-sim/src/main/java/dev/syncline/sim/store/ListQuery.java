package dev.syncline.sim.store;

import java.util.Map;
import java.util.function.Predicate;

/**
 * A parsed list request. {@code createdFrom}/{@code createdTo} are inclusive bounds in Unix
 * seconds (the HTTP layer folds gt/lt into them); {@code filter} carries the type-specific filters.
 */
public record ListQuery(
        int limit,
        String startingAfter,
        String endingBefore,
        long createdFrom,
        long createdTo,
        Predicate<Map<String, Object>> filter) {

    public static final int DEFAULT_LIMIT = 10;

    public ListQuery {
        if (limit < 1 || limit > 100) {
            throw new IllegalArgumentException("limit must be within 1..100: " + limit);
        }
        if (startingAfter != null && endingBefore != null) {
            throw new IllegalArgumentException("starting_after and ending_before are exclusive");
        }
    }

    public static ListQuery firstPage(int limit) {
        return new ListQuery(limit, null, null, Long.MIN_VALUE, Long.MAX_VALUE, o -> true);
    }

    public ListQuery startingAfter(String id) {
        return new ListQuery(limit, id, null, createdFrom, createdTo, filter);
    }

    public ListQuery endingBefore(String id) {
        return new ListQuery(limit, null, id, createdFrom, createdTo, filter);
    }

    public ListQuery created(long fromInclusive, long toInclusive) {
        return new ListQuery(limit, startingAfter, endingBefore, fromInclusive, toInclusive, filter);
    }

    public ListQuery filter(Predicate<Map<String, Object>> newFilter) {
        return new ListQuery(limit, startingAfter, endingBefore, createdFrom, createdTo, newFilter);
    }
}
