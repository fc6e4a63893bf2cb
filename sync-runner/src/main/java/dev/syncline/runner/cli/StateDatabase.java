package dev.syncline.runner.cli;

import dev.syncline.runner.config.SynclineConfig;
import dev.syncline.runner.state.EmbeddedPostgresServer;
import dev.syncline.runner.state.StateStore;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * The state database for commands that work on it while Syncline may or may not be running
 * ({@code syncline dead-letters}). With the embedded Postgres, a running Syncline already
 * listens on its port: the command connects to it rather than starting a second server on the
 * same data directory. Otherwise it starts the embedded Postgres for the command's duration.
 */
final class StateDatabase implements AutoCloseable {
    private static final Duration MIGRATION_TIMEOUT = Duration.ofMinutes(1);

    private final @Nullable EmbeddedPostgresServer postgres;
    private final StateStore store;

    private StateDatabase(@Nullable EmbeddedPostgresServer postgres, StateStore store) {
        this.postgres = postgres;
        this.store = store;
    }

    /**
     * Connects (starting the embedded Postgres if the configuration uses it and nothing runs it)
     * and creates missing tables.
     *
     * @param withDestinations whether the command also writes to the pipelines' destinations, so
     *     an embedded warehouse must run too
     */
    static StateDatabase open(SynclineConfig config, boolean withDestinations) {
        EmbeddedPostgresServer postgres = usesEmbedded(config, withDestinations) && portIsFree(config.state().embeddedPort())
                ? EmbeddedPostgresServer.start(config.state().dataDir().toAbsolutePath().resolve("postgres"), config.state().embeddedPort())
                : null;
        StateStore store = StateStore.connect(config.state().r2dbcUrl());
        try {
            store.migrate().block(MIGRATION_TIMEOUT);
            return new StateDatabase(postgres, store);
        } catch (RuntimeException e) {
            store.close();
            if (postgres != null) {
                postgres.close();
            }
            throw e;
        }
    }

    /** Like the runtime: the embedded Postgres holds the state, or (when destinations are written) a pipeline's warehouse. */
    private static boolean usesEmbedded(SynclineConfig config, boolean withDestinations) {
        String warehouse = config.state().embeddedUrl("warehouse");
        return config.state().embedded()
                || withDestinations && config.pipelines().stream().anyMatch(p -> warehouse.equals(p.destination().get("url")));
    }

    private static boolean portIsFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    StateStore store() {
        return store;
    }

    @Override
    public void close() {
        try {
            store.close();
        } finally {
            if (postgres != null) {
                postgres.close();
            }
        }
    }
}
