package dev.syncline.connector.postgres;

import dev.syncline.connector.schema.FieldSpec;
import dev.syncline.connector.schema.FieldType;
import dev.syncline.connector.schema.ObjectSchema;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;
import org.jspecify.annotations.Nullable;

/**
 * The table of one object type (or of one child list) and the SQL that maintains it:
 * {@code _account_id}, {@code id}, one typed column per field of the object's schema, then the
 * system columns.
 */
final class TableLayout {
    /** Postgres counts bind parameters in 16 bits. */
    static final int MAX_BIND_PARAMETERS = 65_535;
    /** Longer names are truncated by Postgres, so two fields could land in one column. */
    static final int MAX_IDENTIFIER_BYTES = 63;
    /** Per row: _account_id, id, _raw, _version, _deleted, plus one per typed column. */
    private static final int SYSTEM_PARAMETERS_PER_ROW = 5;
    static final Set<String> SYSTEM_COLUMNS = Set.of("_account_id", "id", "_raw", "_synced_at", "_version", "_deleted");
    /** The columns analysts filter and join on most; indexed whenever a table has them. */
    private static final List<String> INDEXED_COLUMNS = List.of("created", "customer");

    private final String objectType;
    private final String schema;
    private final String table;
    private final List<Column> columns;
    /** Asked for every field of every record a batch brings, so a set rather than a scan of {@link #columns}. */
    private final Set<String> columnNames;
    private final @Nullable String parentColumn;

    private TableLayout(String objectType, String schema, String table, List<Column> columns, @Nullable String parentColumn) {
        this.objectType = objectType;
        this.schema = schema;
        this.table = table;
        this.columns = List.copyOf(columns);
        Set<String> names = new HashSet<>(SYSTEM_COLUMNS);
        columns.forEach(c -> names.add(c.name()));
        this.columnNames = Set.copyOf(names);
        this.parentColumn = parentColumn;
    }

    /**
     * The layout for {@code objectType}; with no schema known, the table keeps only the key and
     * system columns, and {@code _raw} still holds everything.
     */
    static TableLayout of(String schema, String objectType, Optional<ObjectSchema> objectSchema) {
        return new TableLayout(objectType, schema, ObjectSchema.collectionName(objectType),
                columnsOf(objectSchema, List.of()), null);
    }

    /**
     * The layout of a child table: the parent's id in {@code parentColumn} right after the key, then
     * the child object's own fields.
     */
    static TableLayout child(String schema, String childType, String table, String parentColumn,
                             Optional<ObjectSchema> childSchema) {
        return new TableLayout(childType, schema, table,
                columnsOf(childSchema, List.of(new Column(parentColumn, FieldType.TEXT))), parentColumn);
    }

    private static List<Column> columnsOf(Optional<ObjectSchema> objectSchema, List<Column> first) {
        List<Column> columns = new ArrayList<>(first);
        Set<String> seen = new HashSet<>();
        first.forEach(c -> seen.add(c.name()));
        for (FieldSpec field : objectSchema.map(ObjectSchema::fields).orElse(List.of())) {
            if (!SYSTEM_COLUMNS.contains(field.name()) && seen.add(field.name())) {
                columns.add(new Column(field.name(), field.type()));
            }
        }
        return columns;
    }

    /** This layout with {@code added} appended, for fields first seen in data or found in the table. */
    TableLayout withColumns(List<Column> added) {
        List<Column> all = new ArrayList<>(columns);
        all.addAll(added);
        return new TableLayout(objectType, schema, table, all, parentColumn);
    }

    String objectType() {
        return objectType;
    }

    String table() {
        return table;
    }

    String qualifiedName() {
        return Sql.qualified(schema, table);
    }

    List<Column> columns() {
        return columns;
    }

    Optional<String> parentColumn() {
        return Optional.ofNullable(parentColumn);
    }

    boolean hasColumn(String name) {
        return columnNames.contains(name);
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

    /** Creates the table, adds the columns new fields need to an existing one, and its indexes. */
    List<String> ddl() {
        String name = qualifiedName();
        StringJoiner create = new StringJoiner(", ", "CREATE TABLE IF NOT EXISTS " + name + " (", ")");
        // Stripe ids are ASCII: byte order is their order, and the key index compares them with
        // memcmp instead of the database locale's strcoll, on every insert and every conflict check.
        create.add("\"_account_id\" text COLLATE \"C\" NOT NULL");
        create.add("\"id\" text COLLATE \"C\" NOT NULL");
        for (Column column : columns) {
            create.add(Sql.quote(column.name()) + " " + column.sqlType());
        }
        create.add("\"_raw\" jsonb NOT NULL");
        create.add("\"_synced_at\" timestamptz NOT NULL");
        create.add("\"_version\" bigint NOT NULL");
        create.add("\"_deleted\" boolean NOT NULL DEFAULT false");
        create.add("PRIMARY KEY (\"_account_id\", \"id\")");
        List<String> statements = new ArrayList<>();
        statements.add(create.toString());
        if (!columns.isEmpty()) {
            statements.add(addColumns(columns));
        }
        List<String> indexed = new ArrayList<>(INDEXED_COLUMNS);
        parentColumn().ifPresent(p -> indexed.add(0, p));
        for (String column : indexed) {
            if (columns.stream().anyMatch(c -> c.name().equals(column))) {
                statements.add("CREATE INDEX IF NOT EXISTS " + Sql.quote(indexName(column)) + " ON " + name
                        + " (\"_account_id\", " + Sql.quote(column) + ")");
            }
        }
        return statements;
    }

    /** Adds columns, idempotently: another pipeline writing the same schema may have added them first. */
    String addColumns(List<Column> added) {
        StringJoiner alter = new StringJoiner(", ", "ALTER TABLE " + qualifiedName() + " ", "");
        for (Column column : added) {
            alter.add("ADD COLUMN IF NOT EXISTS " + Sql.quote(column.name()) + " " + column.sqlType());
        }
        return alter.toString();
    }

    private String indexName(String column) {
        String name = table + "_" + column + "_idx";
        return name.length() > MAX_IDENTIFIER_BYTES ? name.substring(0, MAX_IDENTIFIER_BYTES) : name;
    }

    /** Every input column in bind order: key, typed columns, {@code _raw}, {@code _version}, {@code _deleted}. */
    List<String> inputColumns() {
        List<String> names = new ArrayList<>();
        names.add("_account_id");
        names.add("id");
        columns.forEach(c -> names.add(c.name()));
        names.add("_raw");
        names.add("_version");
        names.add("_deleted");
        return names;
    }

    private List<String> inputTypes() {
        List<String> types = new ArrayList<>();
        types.add("text");
        types.add("text");
        columns.forEach(c -> types.add(c.sqlType()));
        types.add("jsonb");
        types.add("bigint");
        types.add("boolean");
        return types;
    }

    /**
     * One statement that upserts {@code rows} bound rows and reports, per key, the state it found.
     * Parameter {@code $1} is {@code _synced_at}; each row then binds {@link #inputColumns()}.
     */
    String upsert(int rows) {
        List<String> types = inputTypes();
        StringBuilder values = new StringBuilder(rows * types.size() * 16);
        values.append("VALUES ");
        int parameter = 2;
        for (int row = 0; row < rows; row++) {
            values.append(row == 0 ? "(" : ", (");
            for (int i = 0; i < types.size(); i++) {
                // Casting every parameter fixes its type even when the first row binds a null.
                values.append(i == 0 ? "" : ", ").append('$').append(parameter++).append("::").append(types.get(i));
            }
            values.append(')');
        }
        return upsertFrom(values.toString());
    }

    /** A temporary table the bulk path copies a batch into; dropped when the transaction ends. */
    String createStaging(String stagingTable) {
        StringJoiner create = new StringJoiner(", ", "CREATE TEMPORARY TABLE " + Sql.quote(stagingTable) + " (", ") ON COMMIT DROP");
        List<String> names = inputColumns();
        List<String> types = inputTypes();
        for (int i = 0; i < names.size(); i++) {
            create.add(Sql.quote(names.get(i)) + " " + types.get(i));
        }
        return create.toString();
    }

    /** {@code COPY staging (columns) FROM STDIN}, in text format. */
    String copyInto(String stagingTable) {
        return "COPY " + Sql.quote(stagingTable) + " (" + String.join(", ", inputColumns().stream().map(Sql::quote).toList())
                + ") FROM STDIN";
    }

    /** {@code COPY table (columns, _synced_at) FROM STDIN}, in text format: the bulk path's straight copy. */
    String copyIntoTable() {
        return "COPY " + qualifiedName() + " (" + String.join(", ", inputColumns().stream().map(Sql::quote).toList())
                + ", \"_synced_at\") FROM STDIN";
    }

    /**
     * The bulk path's merge: the guarded insert of {@link #upsert}, reading the staging table
     * itself, reporting only the keys it wrote (column {@code _written} true). A backfill writes
     * nearly every row, so the state of the others is read afterwards, and only when there are
     * any, with {@link #storedStateOf}.
     */
    String merge(String stagingTable) {
        return guardedInsert(Sql.quote(stagingTable)) + ", true AS \"_written\"";
    }

    /**
     * The stored state of every staged key that has a row, in the columns of {@link #upsert}'s
     * report. Read after {@link #merge} in its transaction: a row the merge did not write is one
     * whose stored version was at least the record's, and versions only grow.
     */
    String storedStateOf(String stagingTable) {
        return "SELECT t.\"_account_id\", t.\"id\", t.\"_version\" AS \"_stored_version\", t.\"_deleted\" AS \"_stored_deleted\","
                + " t.\"_raw\" = s.\"_raw\" AS \"_same_raw\", false AS \"_written\" FROM " + qualifiedName() + " t JOIN "
                + Sql.quote(stagingTable) + " s ON t.\"_account_id\" = s.\"_account_id\" AND t.\"id\" = s.\"id\"";
    }

    /**
     * The guarded upsert over the {@code VALUES} list. The {@code before} CTE reads the stored
     * state from the statement's snapshot, which the {@code INSERT} does not change, so every row
     * is classified against the state it met.
     *
     * <p>Result rows, columns {@code _account_id}, {@code id}, {@code _stored_version},
     * {@code _stored_deleted}, {@code _same_raw}, {@code _written}: one with {@code _written} true
     * per written key, and one with {@code _written} false per key that already had a row. A key
     * in neither had no row and was not written. Reporting the two sets, rather than joining
     * them back to the input, keeps the batch from being sorted or hashed once more.
     */
    private String upsertFrom(String values) {
        String input = "\"input\"";
        String quotedInput = String.join(", ", inputColumns().stream().map(Sql::quote).toList());
        StringBuilder sql = new StringBuilder(1024 + values.length());
        sql.append("WITH ").append(input).append(" (").append(quotedInput).append(") AS (").append(values).append("), ");
        sql.append("\"before\" AS (SELECT t.\"_account_id\", t.\"id\", t.\"_version\", t.\"_deleted\",")
                .append(" t.\"_raw\" = i.\"_raw\" AS \"_same_raw\" FROM ")
                .append(qualifiedName()).append(" t JOIN ").append(input).append(" i ON t.\"_account_id\" = i.\"_account_id\" AND t.\"id\" = i.\"id\")");
        sql.append(", \"written\" AS (").append(guardedInsert(input)).append(")");
        sql.append(" SELECT \"_account_id\", \"id\", \"_version\" AS \"_stored_version\", \"_deleted\" AS \"_stored_deleted\",")
                .append(" \"_same_raw\", false AS \"_written\" FROM \"before\"")
                .append(" UNION ALL SELECT \"_account_id\", \"id\", NULL::bigint, NULL::boolean, NULL::boolean, true FROM \"written\"");
        return sql.toString();
    }

    /**
     * {@code INSERT … ON CONFLICT DO UPDATE} from {@code input} (a CTE or table with the columns of
     * {@link #inputColumns()}), writing only over older versions, returning the written keys.
     */
    private String guardedInsert(String input) {
        String name = qualifiedName();
        String quotedInput = String.join(", ", inputColumns().stream().map(Sql::quote).toList());
        StringBuilder sql = new StringBuilder(1024);
        sql.append("INSERT INTO ").append(name).append(" AS t (").append(quotedInput)
                .append(", \"_synced_at\") SELECT ").append(quotedInput).append(", $1::timestamptz FROM ").append(input)
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
                .append(" RETURNING t.\"_account_id\", t.\"id\"");
        return sql.toString();
    }
}
