package dev.syncline.runner.state;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Postgres server started by the engine, so a first run needs nothing installed. Its data
 * directory lives under the configured data directory, so a restart keeps the data. It listens
 * on 127.0.0.1 only, with logical replication enabled for change-data capture of the inbox.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresServer.class);
    /** The databases the engine uses: its own state, and the default warehouse. */
    public static final List<String> DATABASES = List.of("syncline", "warehouse");

    private final EmbeddedPostgres postgres;
    private final int port;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres, int port) {
        this.postgres = postgres;
        this.port = port;
    }

    /**
     * Starts Postgres on {@code dataDirectory} (created on first use) and creates the engine's
     * databases if they are missing.
     *
     * @throws IllegalStateException with a clear message if the port is taken or Postgres fails to start
     */
    public static EmbeddedPostgresServer start(Path dataDirectory, int port) {
        stopOrphan(dataDirectory);
        if (!portIsFree(port)) {
            throw new IllegalStateException("port " + port + " on 127.0.0.1 is in use, so the embedded Postgres cannot start there; "
                    + "stop what uses it or set state.embedded-port");
        }
        try {
            Files.createDirectories(dataDirectory);
            long started = System.nanoTime();
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(false)
                    .setRegisterShutdownHook(false)
                    .setPort(port)
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setServerConfig("wal_level", "logical")
                    .setServerConfig("max_replication_slots", "10")
                    .setServerConfig("max_wal_senders", "10")
                    .setServerConfig("max_connections", "100")
                    // The embedded server's library turns synchronous commits off. The inbox answers a
                    // webhook only once its row is committed, and logical decoding sends a commit only once
                    // its WAL is flushed: an asynchronous commit costs a crash's last webhooks and, waiting
                    // for the WAL writer, up to 200 ms on every live event. fsync stays off, as the library
                    // has it: the embedded server survives a crash of either process, not a power loss
                    // (docs/operations.md), and a shared disk's flushes would cost it most of its speed.
                    .setServerConfig("synchronous_commit", "on")
                    // A new WAL segment is usable without writing 16 MB of zeros first; with fsync off
                    // the zeros buy nothing, and a backfill fills a segment every second or so.
                    .setServerConfig("wal_init_zero", "off")
                    .start();
            EmbeddedPostgresServer server = new EmbeddedPostgresServer(postgres, port);
            server.createDatabases();
            log.info("Embedded Postgres started on 127.0.0.1:{} with data in {} ({} ms)", port, dataDirectory,
                    (System.nanoTime() - started) / 1_000_000);
            return server;
        } catch (IOException e) {
            throw new IllegalStateException("the embedded Postgres did not start (data directory " + dataDirectory + "): " + e.getMessage(), e);
        }
    }

    private void createDatabases() {
        try (Connection connection = postgres.getPostgresDatabase().getConnection(); Statement statement = connection.createStatement()) {
            for (String database : DATABASES) {
                try (ResultSet exists = statement.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + database + "'")) {
                    if (!exists.next()) {
                        statement.execute("CREATE DATABASE " + database);
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not create the engine's databases in the embedded Postgres: " + e.getMessage(), e);
        }
    }

    /**
     * A process killed without a chance to stop (kill -9, a crash) leaves its Postgres running on
     * the data directory; stop it so this start can take the directory over.
     */
    private static void stopOrphan(Path dataDirectory) {
        Path pidFile = dataDirectory.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        try {
            long pid = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
            Optional<ProcessHandle> orphan = ProcessHandle.of(pid)
                    .filter(ProcessHandle::isAlive)
                    .filter(p -> p.info().command().map(c -> c.endsWith("postgres")).orElse(false));
            if (orphan.isEmpty()) {
                return;
            }
            log.warn("Stopping the embedded Postgres (pid {}) that a previous run left on {}", pid, dataDirectory);
            orphan.get().destroy();
            try {
                orphan.get().onExit().get(30, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                orphan.get().destroyForcibly();
                orphan.get().onExit().get(10, TimeUnit.SECONDS);
            }
        } catch (IOException | RuntimeException | InterruptedException | ExecutionException | TimeoutException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("a Postgres from a previous run still holds " + dataDirectory + " and could not be stopped: " + e, e);
        }
    }

    public int port() {
        return port;
    }

    /** The R2DBC URL of one of its databases. */
    public String r2dbcUrl(String database) {
        return "r2dbc:postgresql://postgres@127.0.0.1:" + port + "/" + database;
    }

    /** A connection string for people: {@code psql "…"}. */
    public String connectionString(String database) {
        return "postgresql://postgres@127.0.0.1:" + port + "/" + database;
    }

    /** A JDBC connection for one-off administrative queries, never on an event loop. */
    public Connection connect(String database) throws SQLException {
        return postgres.getDatabase("postgres", database).getConnection();
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean portIsFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** A free port on 127.0.0.1, for tests and the demo. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
