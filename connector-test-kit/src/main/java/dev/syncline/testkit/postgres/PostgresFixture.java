package dev.syncline.testkit.postgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * One Postgres server for every integration test in a JVM, started on first use and stopped by a
 * shutdown hook.
 *
 * <p>It runs in a Testcontainers container ({@code postgres:16}) when a Docker engine is reachable,
 * and otherwise as an embedded Postgres 16 started from zonky's binaries, so tests run everywhere
 * and never skip for lack of Docker. Both have logical replication enabled, for the CDC tests.
 *
 * <p>Test classes isolate themselves with {@link #createDatabase()} rather than sharing a database:
 * starting a server costs seconds, creating a database milliseconds.
 *
 * <pre>{@code
 * PostgresFixture postgres = PostgresFixture.get();
 * String db = postgres.createDatabase();
 * String url = postgres.r2dbcUrl(db);
 * }</pre>
 *
 * Or inject it with {@code @ExtendWith(PostgresExtension.class)}.
 */
public final class PostgresFixture {
    private static final Logger log = LoggerFactory.getLogger(PostgresFixture.class);
    private static final String IMAGE = "postgres:16";
    private static final AtomicInteger DATABASES = new AtomicInteger();

    private final PostgresServer server;

    private PostgresFixture(PostgresServer server) {
        this.server = server;
    }

    /** The shared server, started on the first call. */
    public static PostgresFixture get() {
        return Holder.INSTANCE;
    }

    /** Which kind of server runs: {@code testcontainers} or {@code embedded}. */
    public String kind() {
        return server.kind();
    }

    public String host() {
        return server.host();
    }

    public int port() {
        return server.port();
    }

    /** A superuser, so tests may create databases, schemas and replication slots. */
    public String user() {
        return server.user();
    }

    public String password() {
        return server.password();
    }

    /** {@code r2dbc:postgresql://host:port/database}, without credentials (see {@link #user()}). */
    public String r2dbcUrl(String database) {
        return "r2dbc:postgresql://" + host() + ":" + port() + "/" + database;
    }

    /** {@code jdbc:postgresql://host:port/database}, without credentials (see {@link #user()}). */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + host() + ":" + port() + "/" + database;
    }

    /** A JDBC connection to {@code database} as {@link #user()}; the caller closes it. */
    public Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), user(), password());
    }

    /**
     * Creates an empty database with a name no other caller gets, so test classes sharing the server
     * cannot see each other's tables.
     *
     * @return the database's name
     */
    public String createDatabase() {
        String name = "test_" + DATABASES.incrementAndGet() + "_"
                + UUID.randomUUID().toString().substring(0, 8).toLowerCase(Locale.ROOT);
        try (Connection connection = connect("postgres"); Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE \"" + name + "\"");
        } catch (SQLException e) {
            throw new IllegalStateException("could not create test database " + name, e);
        }
        return name;
    }

    @Override
    public String toString() {
        return "PostgresFixture[" + kind() + " " + host() + ":" + port() + "]";
    }

    private static PostgresFixture start() {
        long started = System.nanoTime();
        PostgresServer server = dockerAvailable() ? startContainer() : startEmbedded();
        Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "postgres-fixture-stop"));
        log.info("Postgres fixture ready: {} at {}:{} in {} ms", server.kind(), server.host(), server.port(),
                (System.nanoTime() - started) / 1_000_000);
        return new PostgresFixture(server);
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            log.debug("Docker probe failed", e);
            return false;
        }
    }

    private static PostgresServer startContainer() {
        log.info("Postgres fixture: Docker is available, starting a Testcontainers {} container", IMAGE);
        PostgreSQLContainer container = new PostgreSQLContainer(IMAGE)
                .withCommand("postgres", "-c", "wal_level=logical", "-c", "max_replication_slots=10",
                        "-c", "max_wal_senders=10", "-c", "fsync=off");
        container.start();
        return new PostgresServer("testcontainers", container.getHost(),
                container.getMappedPort(PostgreSQLContainer.POSTGRESQL_PORT),
                container.getUsername(), container.getPassword(), container::stop);
    }

    private static PostgresServer startEmbedded() {
        log.info("Postgres fixture: Docker is not available, starting an embedded Postgres 16 (zonky) instead");
        try {
            io.zonky.test.db.postgres.embedded.EmbeddedPostgres embedded =
                    io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder()
                            .setServerConfig("wal_level", "logical")
                            .setServerConfig("max_replication_slots", "10")
                            .setServerConfig("max_wal_senders", "10")
                            .setServerConfig("listen_addresses", "127.0.0.1")
                            .setServerConfig("fsync", "off")
                            .start();
            // initdb runs with trust authentication: any password is accepted, a fixed one keeps
            // clients that insist on one happy.
            return new PostgresServer("embedded", "127.0.0.1", embedded.getPort(), "postgres", "postgres", () -> {
                try {
                    embedded.close();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("could not start embedded Postgres", e);
        }
    }

    private record PostgresServer(String kind, String host, int port, String user, String password, Runnable stopper) {
        void stop() {
            try {
                stopper.run();
            } catch (RuntimeException e) {
                log.warn("Postgres fixture did not stop cleanly", e);
            }
        }
    }

    // The holder idiom starts the server once, lazily and thread-safely, without locks on the hot path.
    private static final class Holder {
        static final PostgresFixture INSTANCE = start();
    }
}
