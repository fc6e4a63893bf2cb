package dev.syncline.runner.inbox;

import dev.syncline.connector.record.Json;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.runtime.WorkerConfig;
import org.apache.kafka.connect.storage.MemoryOffsetBackingStore;
import tools.jackson.core.type.TypeReference;

/**
 * Keeps Debezium's offsets in the state database ({@code syncline.cdc_offsets}, one row per
 * engine), so a restart on another machine resumes the change stream where this one left it.
 * Debezium instantiates it by name and calls it from its own threads, so it uses plain JDBC.
 *
 * <p>These offsets only spare the stream from replaying old WAL: what a pipeline has delivered
 * is its own inbox position, and rows between the two are read from the table.
 */
public final class StateOffsetStore extends MemoryOffsetBackingStore {
    static final String URL = "offset.storage.syncline.jdbc.url";
    static final String USER = "offset.storage.syncline.jdbc.user";
    static final String PASSWORD = "offset.storage.syncline.jdbc.password";
    static final String NAME = "offset.storage.syncline.name";

    private String url = "";
    private String user = "";
    private String password = "";
    private String name = "";

    @Override
    public void configure(WorkerConfig config) {
        super.configure(config);
        Map<String, String> settings = config.originalsStrings();
        url = settings.getOrDefault(URL, "");
        user = settings.getOrDefault(USER, "");
        password = settings.getOrDefault(PASSWORD, "");
        name = settings.getOrDefault(NAME, "");
    }

    @Override
    public synchronized void start() {
        super.start();
        try (Connection c = connect(); PreparedStatement select = c.prepareStatement("SELECT offsets FROM syncline.cdc_offsets WHERE name = ?")) {
            select.setString(1, name);
            try (ResultSet rows = select.executeQuery()) {
                if (rows.next()) {
                    Map<String, String> stored = Json.mapper().readValue(rows.getString(1), new TypeReference<Map<String, String>>() {});
                    stored.forEach((key, value) -> data.put(decode(key), value == null ? null : decode(value)));
                }
            }
        } catch (SQLException e) {
            throw new ConnectException("could not read the change stream's offsets from the state database: " + e.getMessage(), e);
        }
    }

    @Override
    protected void save() {
        Map<String, String> encoded = new HashMap<>();
        data.forEach((key, value) -> encoded.put(encode(key), value == null ? null : encode(value)));
        try (Connection c = connect(); PreparedStatement upsert = c.prepareStatement("""
                INSERT INTO syncline.cdc_offsets (name, offsets) VALUES (?, ?)
                ON CONFLICT (name) DO UPDATE SET offsets = EXCLUDED.offsets, updated_at = now()""")) {
            upsert.setString(1, name);
            upsert.setString(2, Json.write(encoded));
            upsert.executeUpdate();
        } catch (SQLException e) {
            throw new ConnectException("could not save the change stream's offsets to the state database: " + e.getMessage(), e);
        }
    }

    @Override
    public Set<Map<String, Object>> connectorPartitions(String connectorName) {
        return Set.of();
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(url, user, password);
    }

    private static String encode(ByteBuffer buffer) {
        ByteBuffer copy = buffer.duplicate();
        byte[] bytes = new byte[copy.remaining()];
        copy.get(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    private static ByteBuffer decode(String text) {
        return ByteBuffer.wrap(Base64.getDecoder().decode(text.getBytes(StandardCharsets.US_ASCII)));
    }
}
