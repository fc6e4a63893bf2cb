package dev.syncline.runner.connect;

/**
 * What syncing one connected account means (its backfills in every pipeline, and optionally its
 * Events API poll), started and stopped as a unit. {@link ConnectedAccounts} starts an account's
 * work through this one method, so that whoever decides which replica owns an account can wrap it.
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
    }
}
