package dev.syncline.runner.cli;

import dev.syncline.connector.schema.ObjectSchema;
import dev.syncline.runner.state.EmbeddedPostgresServer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Counts the rows of the warehouse tables, for the summary people see after a demo sync. */
final class WarehouseSummary {
    private WarehouseSummary() {}

    /** Table name to row count, for each object type's table in {@code schema}. */
    static Map<String, Long> rowCounts(EmbeddedPostgresServer postgres, String schema, List<String> objectTypes) throws SQLException {
        Map<String, Long> counts = new LinkedHashMap<>();
        try (Connection connection = postgres.connect("warehouse"); Statement statement = connection.createStatement()) {
            for (String type : objectTypes) {
                String table = ObjectSchema.collectionName(type);
                try (ResultSet rows = statement.executeQuery("SELECT count(*) FROM \"" + schema + "\".\"" + table + "\"")) {
                    rows.next();
                    counts.put(schema + "." + table, rows.getLong(1));
                }
            }
        }
        return counts;
    }
}
