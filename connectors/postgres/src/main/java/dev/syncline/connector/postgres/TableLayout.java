package dev.syncline.connector.postgres;

import dev.syncline.connector.schema.FieldSpec;
import dev.syncline.connector.schema.ObjectSchema;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;

/**
 * The table of one object type and the SQL that maintains it: {@code _account_id}, {@code id}, one
 * typed column per field of the object's schema, then the system columns.
 */
final class TableLayout {
    /** Postgres counts bind parameters in 16 bits. */
    static final int MAX_BIND_PARAMETERS = 65_535;
    /** Per row: _account_id, id, _raw, _version, _deleted, plus one per typed column. */
    private static final int SYSTEM_PARAMETERS_PER_ROW = 5;
    private static final Set<String> SYSTEM_COLUMNS = Set.of("_account_id", "id", "_raw", "_synced_at", "_version", "_deleted");

    private final String objectType;
    private final String schema;
    private final String table;
    private final List<Column> columns;

    private TableLayout(String objectType, String schema, String table, List<Column> columns) {
        this.objectType = objectType;
        this.schema = schema;
        this.table = table;
        this.columns = List.copyOf(columns);
    }

    /**
     * The layout for {@code objectType}; with no schema known, the table keeps only the key and
     * system columns, and {@code _raw} still holds everything.
     */
    static TableLayout of(String schema, String objectType, Optional<ObjectSchema> objectSchema) {
        List<Column> columns = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (FieldSpec field : objectSchema.map(ObjectSchema::fields).orElse(List.of())) {
            if (!SYSTEM_COLUMNS.contains(field.name()) && seen.add(field.name())) {
                columns.add(new Column(field.name(), field.type()));
            }
        }
        return new TableLayout(objectType, schema, ObjectSchema.collectionName(objectType), columns);
    }

    String objectType() {
        return objectType;
    }

    String table() {
        return table;
    }

    List<Column> columns() {
        return columns;
    }

    int parametersPerRow() {
        return SYSTEM_PARAMETERS_PER_ROW + columns.size();
    }

    /** How many rows fit in one statement: the configured batch size, unless the bind limit is lower. */
    int rowsPerStatement(int batchSize) {
        // One parameter is shared by all rows: _synced_at.
        int byLimit = (MAX_BIND_PARAMETERS - 1) / parametersPerRow();
        return Math.max(1, Math.min(batchSize, byLimit));
    }

    /** Creates the table, or adds the columns new fields need to an existing one. */
    List<String> ddl() {
        String name = Sql.qualified(schema, table);
        StringJoiner create = new StringJoiner(", ", "CREATE TABLE IF NOT EXISTS " + name + " (", ")");
        create.add("\"_account_id\" text NOT NULL");
        create.add("\"id\" text NOT NULL");
        for (Column column : columns) {
            create.add(Sql.quote(column.name()) + " " + column.sqlType());
        }
        create.add("\"_raw\" jsonb NOT NULL");
        create.add("\"_synced_at\" timestamptz NOT NULL");
        create.add("\"_version\" bigint NOT NULL");
        create.add("\"_deleted\" boolean NOT NULL DEFAULT false");
        create.add("PRIMARY KEY (\"_account_id\", \"id\")");
        if (columns.isEmpty()) {
            return List.of(create.toString());
        }
        StringJoiner alter = new StringJoiner(", ", "ALTER TABLE " + name + " ", "");
        for (Column column : columns) {
            alter.add("ADD COLUMN IF NOT EXISTS " + Sql.quote(column.name()) + " " + column.sqlType());
        }
        return List.of(create.toString(), alter.toString());
    }

    /**
     * One statement that upserts {@code rows} rows and reports, per key, the state it found.
     *
     * <p>Parameter {@code $1} is {@code _synced_at}; each row then binds {@code _account_id},
     * {@code id}, the typed columns, {@code _raw}, {@code _version}, {@code _deleted}. The
     * {@code before} CTE reads the stored state from the statement's snapshot, which the
     * {@code INSERT} does not change, so every row is classified against the state it met.
     *
     * <p>Result columns: {@code _account_id}, {@code id}, {@code _stored_version},
     * {@code _stored_deleted}, {@code _same_raw}, {@code _written}.
     */
    String upsert(int rows) {
        String name = Sql.qualified(schema, table);
        List<String> inputColumns = new ArrayList<>();
        inputColumns.add("_account_id");
        inputColumns.add("id");
        columns.forEach(c -> inputColumns.add(c.name()));
        inputColumns.add("_raw");
        inputColumns.add("_version");
        inputColumns.add("_deleted");
        List<String> types = new ArrayList<>();
        types.add("text");
        types.add("text");
        columns.forEach(c -> types.add(c.sqlType()));
        types.add("jsonb");
        types.add("bigint");
        types.add("boolean");

        String quotedInput = String.join(", ", inputColumns.stream().map(Sql::quote).toList());
        StringBuilder sql = new StringBuilder(256 + rows * types.size() * 16);
        sql.append("WITH \"input\" (").append(quotedInput).append(") AS (VALUES ");
        int parameter = 2;
        for (int row = 0; row < rows; row++) {
            sql.append(row == 0 ? "(" : ", (");
            for (int i = 0; i < types.size(); i++) {
                // Casting every parameter fixes its type even when the first row binds a null.
                sql.append(i == 0 ? "" : ", ").append('$').append(parameter++).append("::").append(types.get(i));
            }
            sql.append(')');
        }
        sql.append("), \"before\" AS (SELECT t.\"_account_id\", t.\"id\", t.\"_version\", t.\"_deleted\", t.\"_raw\" FROM ")
                .append(name).append(" t JOIN \"input\" i ON t.\"_account_id\" = i.\"_account_id\" AND t.\"id\" = i.\"id\")");
        sql.append(", \"written\" AS (INSERT INTO ").append(name).append(" AS t (").append(quotedInput)
                .append(", \"_synced_at\") SELECT ").append(quotedInput).append(", $1::timestamptz FROM \"input\"")
                .append(" ON CONFLICT (\"_account_id\", \"id\") DO UPDATE SET ");
        StringJoiner set = new StringJoiner(", ");
        // A delete keeps the last known state of a known row: analysts still see what was deleted.
        for (Column column : columns) {
            String c = Sql.quote(column.name());
            set.add(c + " = CASE WHEN EXCLUDED.\"_deleted\" THEN t." + c + " ELSE EXCLUDED." + c + " END");
        }
        set.add("\"_raw\" = CASE WHEN EXCLUDED.\"_deleted\" THEN t.\"_raw\" ELSE EXCLUDED.\"_raw\" END");
        set.add("\"_synced_at\" = EXCLUDED.\"_synced_at\"");
        set.add("\"_version\" = EXCLUDED.\"_version\"");
        set.add("\"_deleted\" = EXCLUDED.\"_deleted\"");
        sql.append(set).append(" WHERE t.\"_version\" < EXCLUDED.\"_version\"")
                .append(" RETURNING t.\"_account_id\", t.\"id\")");
        sql.append(" SELECT i.\"_account_id\", i.\"id\", b.\"_version\" AS \"_stored_version\",")
                .append(" b.\"_deleted\" AS \"_stored_deleted\", b.\"_raw\" = i.\"_raw\" AS \"_same_raw\",")
                .append(" w.\"id\" IS NOT NULL AS \"_written\" FROM \"input\" i")
                .append(" LEFT JOIN \"before\" b ON b.\"_account_id\" = i.\"_account_id\" AND b.\"id\" = i.\"id\"")
                .append(" LEFT JOIN \"written\" w ON w.\"_account_id\" = i.\"_account_id\" AND w.\"id\" = i.\"id\"");
        return sql.toString();
    }
}
