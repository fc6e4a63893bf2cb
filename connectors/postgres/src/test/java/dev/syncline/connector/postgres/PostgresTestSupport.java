package dev.syncline.connector.postgres;

import dev.syncline.connector.record.Json;
import dev.syncline.connector.record.RecordKey;
import dev.syncline.connector.schema.ObjectSchema;
import dev.syncline.connector.spi.SinkConnector;
import dev.syncline.connector.spi.SinkContext;
import dev.syncline.testkit.conformance.StoredObject;
import dev.syncline.testkit.postgres.PostgresFixture;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.sql.ResultSetMetaData;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/** Opens connectors on the shared fixture and reads their tables back over JDBC. */
final class PostgresTestSupport {
    static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final AtomicInteger SCHEMAS = new AtomicInteger();

    private final PostgresFixture postgres = PostgresFixture.get();
    private final String database;

    PostgresTestSupport() {
        this.database = postgres.createDatabase();
    }

    PostgresFixture postgres() {
        return postgres;
    }

    String database() {
        return database;
    }

    /** A schema name no other test in this JVM uses. */
    static String freshSchema() {
        return "stripe_" + SCHEMAS.incrementAndGet();
    }

    /** The destination block a user would write, as the YAML parser hands it over. */
    Map<String, Object> destination(String schema) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("type", "postgres");
        values.put("url", postgres.r2dbcUrl(database));
        values.put("username", postgres.user());
        values.put("password", postgres.password());
        values.put("schema", schema);
        return values;
    }

    SinkConnector open(Map<String, Object> destination, SinkContext context) {
        PostgresConnectorProvider provider = new PostgresConnectorProvider();
        SinkConnector connector = provider.create(provider.configSpec().parse("pipelines[0].destination", destination));
        connector.open(context).block(TIMEOUT);
        return connector;
    }

    Connection jdbc() throws SQLException {
        return postgres.connect(database);
    }

    Optional<StoredObject> read(String schema, RecordKey key) {
        String table = ObjectSchema.collectionName(key.objectType());
        String sql = "SELECT \"_version\", \"_deleted\", \"_raw\"::text FROM \"" + schema + "\".\"" + table
                + "\" WHERE \"_account_id\" = ? AND \"id\" = ?";
        try (Connection connection = jdbc(); PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, key.accountId());
            statement.setString(2, key.id());
            try (ResultSet rs = statement.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new StoredObject(rs.getLong(1), rs.getBoolean(2), Json.parseObject(rs.getString(3))));
            }
        } catch (SQLException e) {
            if ("42P01".equals(e.getSQLState()) || "3F000".equals(e.getSQLState())) {
                return Optional.empty(); // no table yet: the type was never written
            }
            throw new IllegalStateException(e);
        }
    }

    /** The typed columns of a stored row, by name, without the key and system columns. */
    Optional<Map<String, Object>> typedFields(String schema, RecordKey key) {
        String table = ObjectSchema.collectionName(key.objectType());
        String sql = "SELECT * FROM \"" + schema + "\".\"" + table + "\" WHERE \"_account_id\" = ? AND \"id\" = ?";
        try (Connection connection = jdbc(); PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, key.accountId());
            statement.setString(2, key.id());
            try (ResultSet rs = statement.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                Map<String, Object> fields = new LinkedHashMap<>();
                ResultSetMetaData meta = rs.getMetaData();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    String name = meta.getColumnName(i);
                    if (!name.startsWith("_") && !name.equals("id")) {
                        Object value = rs.getObject(i);
                        fields.put(name, value instanceof org.postgresql.util.PGobject json ? json.getValue() : value);
                    }
                }
                return Optional.of(fields);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The rows of {@code table} whose {@code parentColumn} is the parent's id, by child id. */
    Map<String, StoredObject> children(String schema, String table, String parentColumn, RecordKey parent) {
        String sql = "SELECT \"id\", \"_version\", \"_deleted\", \"_raw\"::text FROM \"" + schema + "\".\"" + table
                + "\" WHERE \"_account_id\" = ? AND \"" + parentColumn + "\" = ?";
        Map<String, StoredObject> children = new LinkedHashMap<>();
        try (Connection connection = jdbc(); PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, parent.accountId());
            statement.setString(2, parent.id());
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    children.put(rs.getString(1), new StoredObject(rs.getLong(2), rs.getBoolean(3), Json.parseObject(rs.getString(4))));
                }
            }
        } catch (SQLException e) {
            if ("42P01".equals(e.getSQLState())) {
                return children;
            }
            throw new IllegalStateException(e);
        }
        return children;
    }
}
