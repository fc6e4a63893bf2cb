package dev.syncline.runner.deadletter;

import dev.syncline.sim.StripeSimulator;
import dev.syncline.testkit.postgres.PostgresFixture;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A warehouse database whose {@code dl.customers} table carries a check constraint (as an analyst
 * might add) that refuses about one customer in eight, always the same ones, until it is lifted.
 */
final class QuarantinedWarehouse {
    private final PostgresFixture postgres = PostgresFixture.get();
    private final String database = postgres.createDatabase();

    QuarantinedWarehouse() throws SQLException {
        execute("CREATE SCHEMA dl");
        execute("""
                CREATE TABLE dl.customers (_account_id text NOT NULL, id text NOT NULL, _raw jsonb NOT NULL,
                  _synced_at timestamptz NOT NULL, _version bigint NOT NULL, _deleted boolean NOT NULL DEFAULT false,
                  PRIMARY KEY (_account_id, id), CONSTRAINT quarantine CHECK (substr(md5(id), 1, 1) NOT IN ('0', '1')))""");
    }

    /** The YAML of a pipeline destination writing to it, and the egress entry that allows it. */
    String destinationYaml() {
        return "{ type: postgres, url: \"%s\", username: %s, password: %s, schema: dl, bulk-threshold: 0 }"
                .formatted(postgres.r2dbcUrl(database), postgres.user(), postgres.password());
    }

    String egressYaml() {
        return "egress: { allow: [\"r2dbc:postgresql://%s:%d/\"] }".formatted(postgres.host(), postgres.port());
    }

    /** The simulator's customers the constraint refuses, computed exactly as Postgres evaluates it. */
    static List<String> refusedCustomers(StripeSimulator simulator) throws NoSuchAlgorithmException {
        List<String> refused = new ArrayList<>();
        for (Map<String, Object> customer : simulator.groundTruth().objects("customer")) {
            String id = (String) customer.get("id");
            byte[] md5 = MessageDigest.getInstance("MD5").digest(id.getBytes(StandardCharsets.UTF_8));
            if ((md5[0] & 0xff) < 0x20) {
                refused.add(id);
            }
        }
        return refused;
    }

    Set<String> storedCustomers() throws SQLException {
        Set<String> ids = new TreeSet<>();
        try (Connection connection = postgres.connect(database); Statement sql = connection.createStatement();
             ResultSet rows = sql.executeQuery("SELECT id FROM dl.customers")) {
            while (rows.next()) {
                ids.add(rows.getString(1));
            }
        }
        return ids;
    }

    /** The cause is fixed: the constraint is dropped. */
    void lift() throws SQLException {
        execute("ALTER TABLE dl.customers DROP CONSTRAINT quarantine");
    }

    private void execute(String statement) throws SQLException {
        try (Connection connection = postgres.connect(database); Statement sql = connection.createStatement()) {
            sql.execute(statement);
        }
    }
}
