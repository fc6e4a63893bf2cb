package dev.syncline.runner;

import dev.syncline.connector.schema.ObjectSchema;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Set;

/** Reads what a warehouse holds, for comparing it with the simulator's ground truth. */
public final class WarehouseRows {
    private WarehouseRows() {}

    /** The ids of the objects of {@code objectType} in schema {@code stripe} that are not deleted. */
    public static Set<String> liveIds(Connection warehouse, String objectType) throws SQLException {
        Set<String> ids = new HashSet<>();
        try (Statement statement = warehouse.createStatement();
             ResultSet rows = statement.executeQuery("SELECT id FROM stripe." + ObjectSchema.collectionName(objectType) + " WHERE NOT _deleted")) {
            while (rows.next()) {
                ids.add(rows.getString(1));
            }
        }
        return ids;
    }
}
