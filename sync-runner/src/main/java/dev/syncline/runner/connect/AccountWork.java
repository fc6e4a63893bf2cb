package dev.syncline.runner.connect;

import reactor.core.publisher.Mono;

/**
 * What syncing one connected account means (its backfills in every pipeline, and optionally its
 * Events API poll), started and stopped as a unit. {@link ConnectedAccounts} starts an account's
 * work through this one method, so that
 * {@link OwnedAccounts}, which decides which replica owns an account, wraps it.
 */
public interface AccountWork {
    /**
     * Starts syncing the account.
     *
     * @param again whether to read streams that already completed (a backfill again)
     */
    Running start(String account, boolean again);

    /** One account's work, as started. */
    interface Running {
        /** Stops requesting anything for the account; what was read is still delivered and checkpointed. */
        void stop();

        /**
         * Completes once the work has ended (after {@link #stop}: what was read is delivered and
         * checkpointed), so that its lease may go to the next owner, which resumes from there.
         */
        default Mono<Void> done() {
            return Mono.empty();
        }
    }
}
