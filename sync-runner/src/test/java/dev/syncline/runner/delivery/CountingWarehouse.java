package dev.syncline.runner.delivery;

import dev.syncline.testkit.postgres.PostgresFixture;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A Postgres warehouse whose {@code stripe.customers} table records every row offered to it:
 * a {@code BEFORE INSERT} trigger fires for each row of the connector's
 * {@code INSERT … ON CONFLICT DO UPDATE}, whether it then updates or is skipped by the version
 * guard, so {@code stripe_writes} counts deliveries, redeliveries included. The table is created
 * with its key and system columns only; the connector adds the typed columns as usual.
 */
final class CountingWarehouse {
    private final PostgresFixture postgres = PostgresFixture.get();
    private final String database = postgres.createDatabase();

    CountingWarehouse() throws SQLException {
        execute("""
                CREATE SCHEMA stripe;
                CREATE TABLE stripe.customers (_account_id text NOT NULL, id text NOT NULL, _raw jsonb NOT NULL,
                  _synced_at timestamptz NOT NULL, _version bigint NOT NULL, _deleted boolean NOT NULL DEFAULT false,
                  PRIMARY KEY (_account_id, id));
                CREATE TABLE public.stripe_writes (id text NOT NULL, version bigint NOT NULL);
                CREATE FUNCTION public.count_write() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                  INSERT INTO public.stripe_writes VALUES (NEW.id, NEW._version);
                  RETURN NEW;
                END $$;
                CREATE TRIGGER count_write BEFORE INSERT ON stripe.customers FOR EACH ROW EXECUTE FUNCTION public.count_write();""");
    }

    /** The YAML of a destination writing here, through {@code port} on 127.0.0.1 (a proxy, or the database's own port). */
    String destinationYaml(int port) {
        return "{ type: postgres, url: \"r2dbc:postgresql://127.0.0.1:%d/%s\", username: %s, password: %s, schema: stripe }"
                .formatted(port, database, postgres.user(), postgres.password());
    }

    int port() {
        return postgres.port();
    }

    /** Live customers and their names. */
    Map<String, String> names() throws SQLException {
        Map<String, String> names = new HashMap<>();
        try (Connection connection = postgres.connect(database); Statement sql = connection.createStatement();
             ResultSet rows = sql.executeQuery("SELECT id, _raw->>'name' FROM stripe.customers WHERE NOT _deleted")) {
            while (rows.next()) {
                names.put(rows.getString(1), Objects.toString(rows.getString(2)));
            }
        }
        return names;
    }

    private long count(String query) throws SQLException {
        try (Connection connection = postgres.connect(database); Statement sql = connection.createStatement();
             ResultSet row = sql.executeQuery(query)) {
            row.next();
            return row.getLong(1);
        }
    }

    /** Deliveries beyond the first of the ids not listed in {@code excludedTable} (objects read twice by the backfill). */
    long repeatedWritesExcept(String excludedTable) throws SQLException {
        return count("SELECT count(*) - count(DISTINCT id) FROM public.stripe_writes w WHERE NOT EXISTS (SELECT 1 FROM " + excludedTable
                + " x WHERE x.id = w.id)");
    }

    /** Deliveries of an (id, version) seen before: the same state written again. */
    long repeatedStates() throws SQLException {
        return count("SELECT count(*) - count(DISTINCT (id, version)) FROM public.stripe_writes");
    }

    /** Customers written at least once. */
    long customersWritten() throws SQLException {
        return count("SELECT count(DISTINCT id) FROM public.stripe_writes");
    }

    long writes() throws SQLException {
        return count("SELECT count(*) FROM public.stripe_writes");
    }

    void execute(String statements) throws SQLException {
        try (Connection connection = postgres.connect(database); Statement sql = connection.createStatement()) {
            sql.execute(statements);
        }
    }

    /** The egress entry that allows writing through 127.0.0.1:{@code port}. */
    static String egressYaml(int... ports) {
        StringBuilder allow = new StringBuilder();
        for (int port : ports) {
            allow.append(allow.isEmpty() ? "" : ", ").append("\"r2dbc:postgresql://127.0.0.1:").append(port).append("/\"");
        }
        return "egress: { allow: [" + allow + "] }";
    }
}
