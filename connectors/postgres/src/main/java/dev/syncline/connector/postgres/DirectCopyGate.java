package dev.syncline.connector.postgres;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Decides, per table, whether a bulk part is first tried as a {@code COPY} straight into the table.
 *
 * <p>A straight copy costs Postgres about a third less than the staged merge, but it can only insert:
 * one key that already has a row fails the whole copy, which is rolled back and staged after all.
 * A first backfill into an empty table copies straight through; a table that refused a copy is
 * staged for the next {@link #STAGED_AFTER_CONFLICT} parts before a copy is tried again, so a
 * backfill over rows that exist pays for one refused copy in that many parts.
 */
final class DirectCopyGate {
    static final int STAGED_AFTER_CONFLICT = 64;

    private final Map<String, AtomicInteger> stagedPartsLeft = new ConcurrentHashMap<>();

    /** Whether the next part for {@code table} tries the straight copy; counts a staged part down if not. */
    boolean tryDirect(String table) {
        AtomicInteger left = stagedPartsLeft.get(table);
        return left == null || left.getAndUpdate(n -> Math.max(0, n - 1)) == 0;
    }

    /** A straight copy into {@code table} met a row that exists. */
    void conflicted(String table) {
        stagedPartsLeft.computeIfAbsent(table, t -> new AtomicInteger()).set(STAGED_AFTER_CONFLICT);
    }
}
