package dev.syncline.runner.events;

import org.jspecify.annotations.Nullable;

/**
 * Runs an account's backfill again. The poller asks for it when events may have been lost to
 * Stripe's 30-day retention: the list API still has every object's current state, so backfilling
 * again restores convergence, and "newer wins" keeps it from regressing anything.
 */
@FunctionalInterface
public interface RebackfillScheduler {
    /**
     * Schedules a new backfill of every stream of {@code account}; returns without waiting for it,
     * and must not block: the poller calls it on a reactor thread, before it moves the cursor on.
     * Throwing fails the poll, which then asks again at the next tick.
     *
     * @param account the account, as passed to the poller: null for the API key's own account
     * @param reason why, for the log and the status page
     */
    void rebackfill(@Nullable String account, String reason);
}
