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
}
