package dev.syncline.runner.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.syncline.connector.schema.FieldSpec;
import dev.syncline.connector.schema.FieldType;
import dev.syncline.connector.schema.ObjectSchema;
import dev.syncline.runner.catalog.StripeCatalog;
import dev.syncline.runner.catalog.StripeSchemas;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Has the connector create the table of every object type of the catalog, checks each against the
 * derivation, and compares docs/warehouse-schema.md with a rendering of what was created. With
 * {@code -Dsyncline.docs.update=true} it rewrites the document instead (see
 * {@link WarehouseSchemaDocument#UPDATE_COMMAND}).
 */
class WarehouseSchemaDocIT {
    private static final Path DOCUMENT = Path.of("..", "docs", "warehouse-schema.md");
    private static final StripeSchemas SCHEMAS = new StripeSchemas();
    private static WarehouseFixture warehouse;

    @BeforeAll
    static void createEveryTable() {
        warehouse = new WarehouseFixture();
        for (String type : StripeCatalog.names()) {
            // The smallest object of the type: creates its table with every derived column, adds none.
            Map<String, Object> stub = new LinkedHashMap<>();
            stub.put("id", "stub_" + type);
            stub.put("object", type);
            warehouse.backfill(type, "acct_1SchemaDoc000001", List.of(stub), 1);
        }
    }

    @AfterAll
    static void close() {
        if (warehouse != null) {
            warehouse.close();
        }
    }

    @Test
    void everyCatalogTypeHasATableWithATypedColumnPerDerivedField() throws Exception {
        Map<String, Map<String, String>> tables = tables();
        for (String type : StripeCatalog.names()) {
            ObjectSchema schema = SCHEMAS.schemaOf(type).orElseThrow();
            Map<String, String> columns = tables.get(schema.collectionName());
            assertThat(columns).as("table of %s", type).isNotNull();
            assertThat(new ArrayList<>(columns.keySet())).as("columns of %s", type)
                    .startsWith("_account_id", "id").endsWith("_raw", "_synced_at", "_version", "_deleted");
            for (FieldSpec field : schema.fields()) {
                if (!field.name().equals("id")) {
                    assertThat(columns).as("%s.%s", type, field.name()).containsEntry(field.name(), sqlType(field.type()));
                }
            }
        }
        assertThat(tables).containsKeys("invoice_line_items", "subscription_items");
        assertThat(tables.get("invoice_line_items")).containsEntry("invoice", "text").containsEntry("amount", "bigint");
        assertThat(tables.get("subscription_items")).containsEntry("subscription", "text").containsEntry("quantity", "bigint");
    }

    @Test
    void theSchemaReferenceMatchesTheTablesTheConnectorCreates() throws Exception {
        String rendered = render();
        if (Boolean.getBoolean("syncline.docs.update")) {
            Files.writeString(DOCUMENT, rendered);
        }
        assertThat(Files.exists(DOCUMENT)).as("%s exists; create it with: %s", DOCUMENT, WarehouseSchemaDocument.UPDATE_COMMAND).isTrue();
        assertThat(Files.readString(DOCUMENT))
                .as("docs/warehouse-schema.md is out of date; regenerate it with: %s", WarehouseSchemaDocument.UPDATE_COMMAND)
                .isEqualTo(rendered);
    }

    private static String render() throws Exception {
        Map<String, String> objectTypes = new LinkedHashMap<>();
        for (String type : StripeCatalog.names()) {
            objectTypes.put(ObjectSchema.collectionName(type), type);
        }
        objectTypes.put("invoice_line_items", "line_item");
        objectTypes.put("subscription_items", "subscription_item");
        List<WarehouseSchemaDocument.Table> tables = new ArrayList<>();
        tables().forEach((name, columns) -> tables.add(new WarehouseSchemaDocument.Table(name, objectTypes.get(name), columns,
                switch (name) {
                    case "invoice_line_items" -> Optional.of("invoices");
                    case "subscription_items" -> Optional.of("subscriptions");
                    default -> Optional.empty();
                })));
        return WarehouseSchemaDocument.render(tables, SCHEMAS);
    }

    /** Every base table of the schema, by name, with its columns in order and their types. */
    private static Map<String, Map<String, String>> tables() throws Exception {
        Map<String, Map<String, String>> tables = new java.util.TreeMap<>();
        try (Connection c = warehouse.jdbc(); PreparedStatement s = c.prepareStatement(
                "SELECT c.table_name, c.column_name, c.data_type FROM information_schema.columns c"
                        + " JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name"
                        + " WHERE c.table_schema = ? AND t.table_type = 'BASE TABLE' ORDER BY c.table_name, c.ordinal_position")) {
            s.setString(1, WarehouseFixture.SCHEMA);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    tables.computeIfAbsent(rs.getString(1), k -> new LinkedHashMap<>()).put(rs.getString(2), rs.getString(3));
                }
            }
        }
        return tables;
    }

    private static String sqlType(FieldType type) {
        return switch (type) {
            case TEXT, REFERENCE -> "text";
            case BIGINT -> "bigint";
            case NUMERIC -> "numeric";
            case BOOLEAN -> "boolean";
            case TIMESTAMP -> "timestamp with time zone";
            case JSON -> "jsonb";
        };
    }
}
