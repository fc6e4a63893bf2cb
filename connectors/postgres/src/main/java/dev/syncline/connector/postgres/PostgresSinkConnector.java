package dev.syncline.connector.postgres;

import dev.syncline.connector.postgres.BatchPlan.Indexed;
import dev.syncline.connector.record.Origin;
import dev.syncline.connector.record.RecordKey;
import dev.syncline.connector.record.SyncRecord;
import dev.syncline.connector.spi.BatchResult;
import dev.syncline.connector.spi.RecordBatch;
import dev.syncline.connector.spi.RecordOutcome;
import dev.syncline.connector.spi.SinkConnector;
import dev.syncline.connector.spi.SinkContext;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.postgresql.api.PostgresqlConnection;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactoryOptions;
import io.r2dbc.spi.Result;
import io.r2dbc.spi.Statement;
import io.r2dbc.spi.Wrapped;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.util.function.Tuples;

/**
 * Writes Stripe objects into one table per object type, with multi-row upserts guarded by version.
 *
 * <p>Each batch becomes, per object type, as few statements as the bind-parameter limit allows; one
 * statement both writes and reports the state each row met, so outcomes are exact without a second
 * round trip. Large backfill batches take the bulk path instead: {@code COPY} into a temporary table,
 * then one merge statement with the same guards and the same per-row report. A data error in a
 * statement is isolated by writing its rows one by one: the culprit is rejected, the rest is written.
 *
 * <p>Parents with child tables (invoices, subscriptions) are written in one transaction with their
 * children, so the child table always matches the parent version it stores.
 */
final class PostgresSinkConnector implements SinkConnector {
    static final String UNFIT_VALUES = "syncline.postgres.unfit_values";
    static final String COLUMNS_ADDED = "syncline.postgres.columns_added";
    static final String PARTIAL_CHILD_LISTS = "syncline.postgres.partial_child_lists";
    static final String BULK_ROWS = "syncline.postgres.bulk_rows";
    static final String DIRECT_COPY_ROWS = "syncline.postgres.direct_copy_rows";
    static final String FRESHNESS_VIEW = "sync_freshness";
    private static final String STAGING_TABLE = "_syncline_staging";
    private static final int COPY_ROWS_PER_BUFFER = 256;
    /** Batches at least this large are scanned for new fields beside the event loop. */
    private static final int SCAN_BESIDE_EVENT_LOOP = 256;
    private static final Logger log = LoggerFactory.getLogger(PostgresSinkConnector.class);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration ACQUIRE_TIMEOUT = Duration.ofSeconds(30);

    private final PostgresSettings settings;
    /** By table name: the columns the table is known to have, growing as new fields appear. */
    private final Map<String, TableLayout> layouts = new ConcurrentHashMap<>();
    private final Set<String> preparedTables = ConcurrentHashMap.newKeySet();
    private final DirectCopyGate directCopy = new DirectCopyGate();
    private @Nullable ConnectionPool pool;
    private @Nullable SinkContext context;

    PostgresSinkConnector(PostgresSettings settings) {
        this.settings = settings;
    }

    @Override
    public Mono<Void> open(SinkContext sinkContext) {
        return Mono.defer(() -> {
            this.context = sinkContext;
            ConnectionPool created = createPool();
            this.pool = created;
            return Mono.usingWhen(created.create(), this::ensureSchema, Connection::close)
                    .onErrorMap(e -> PostgresErrorClassifier.classify(e, "opening " + settings.path()))
                    .doOnSuccess(v -> log.info("Postgres destination {} ready: schema {}, pipeline {}",
                            settings.path(), settings.schema(), sinkContext.pipeline()));
        });
    }

    @Override
    public Mono<BatchResult> write(RecordBatch batch) {
        return Mono.defer(() -> {
            if (batch.size() == 0) {
                return Mono.just(new BatchResult(List.of()));
            }
            ConnectionPool current = requireOpen();
            BatchPlan plan = BatchPlan.of(batch.records());
            OffsetDateTime syncedAt = OffsetDateTime.ofInstant(context().clock().instant(), ZoneOffset.UTC);
            Mono<Map<Integer, RecordOutcome>> outcomes = takesBulkPath(batch)
                    // The tables are prepared on one connection, released before the parts take their own:
                    // a batch never holds a connection while it waits for another, so lanes sharing a
                    // small pool cannot starve each other of connections.
                    ? Mono.usingWhen(current.create(),
                                    connection -> Flux.fromIterable(plan.winnersByType().entrySet())
                                            .concatMap(e -> prepareType(connection, e.getKey(), e.getValue(), syncedAt))
                                            .collectList(),
                                    Connection::close)
                            .flatMapMany(prepared -> Flux.fromIterable(prepared).concatMap(this::writeBulk))
                            .collectMap(IndexedOutcome::index, IndexedOutcome::outcome)
                    : Mono.usingWhen(current.create(),
                            connection -> Flux.fromIterable(plan.winnersByType().entrySet())
                                    .concatMap(e -> prepareType(connection, e.getKey(), e.getValue(), syncedAt)
                                            .flatMapMany(prepared -> prepared.writer(connection).chunked(prepared.rows())))
                                    .collectMap(IndexedOutcome::index, IndexedOutcome::outcome),
                            Connection::close);
            return outcomes
                    .map(plan::result)
                    .onErrorMap(e -> PostgresErrorClassifier.classify(e, "writing to " + settings.path()));
        });
    }

    /**
     * Backfill batches are large, new rows mostly, and nobody waits for them one by one: there COPY
     * pays off. Live batches are small, and a temporary table per batch would cost more than it saves.
     */
    private boolean takesBulkPath(RecordBatch batch) {
        return settings.bulkThreshold() > 0 && batch.size() >= settings.bulkThreshold()
                && batch.records().stream().allMatch(r -> r.origin() == Origin.BACKFILL);
    }

    @Override
    public Mono<Void> close() {
        return Mono.defer(() -> {
            ConnectionPool current = pool;
            pool = null;
            return current == null ? Mono.empty() : current.disposeLater();
        });
    }

    private ConnectionPool createPool() {
        ConnectionFactoryOptions.Builder options = ConnectionFactoryOptions.parse(settings.url()).mutate()
                .option(ConnectionFactoryOptions.CONNECT_TIMEOUT, CONNECT_TIMEOUT);
        settings.username().ifPresent(user -> options.option(ConnectionFactoryOptions.USER, user));
        settings.password().ifPresent(password -> options.option(ConnectionFactoryOptions.PASSWORD, password));
        ConnectionPoolConfiguration configuration = ConnectionPoolConfiguration
                .builder(ConnectionFactories.get(options.build()))
                .name("syncline-postgres-" + context().pipeline())
                .initialSize(0)
                .maxSize(settings.poolSize())
                .maxAcquireTime(ACQUIRE_TIMEOUT)
                .maxIdleTime(Duration.ofMinutes(10))
                .build();
        return new ConnectionPool(configuration);
    }

    private Mono<Void> ensureSchema(Connection connection) {
        // CREATE SCHEMA IF NOT EXISTS needs the CREATE privilege even when the schema exists, and a
        // warehouse user often has only the schema it was given.
        return Flux.from(connection.createStatement("SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = $1)")
                        .bind(0, settings.schema()).execute())
                .flatMap(result -> result.map((row, meta) -> Boolean.TRUE.equals(row.get(0, Boolean.class))))
                .next()
                .flatMap(exists -> exists ? Mono.empty()
                        : execute(connection, "CREATE SCHEMA IF NOT EXISTS " + Sql.quote(settings.schema())));
    }

    // ------------------------------------------------------------------ tables and columns

    /**
     * The layout of {@code initial}'s table, created if needed, with a column for every top-level
     * field of {@code payloads} the table does not have yet.
     */
    private Mono<TableLayout> prepare(Connection connection, TableLayout initial, List<Map<String, @Nullable Object>> payloads) {
        TableLayout known = layouts.computeIfAbsent(initial.table(), t -> initial);
        Mono<TableLayout> created = preparedTables.contains(known.table()) ? Mono.just(known) : createTable(connection, known);
        return created.flatMap(layout -> addNewFields(connection, layout, payloads));
    }

    private Mono<TableLayout> createTable(Connection connection, TableLayout layout) {
        return inTransaction(connection, Flux.concat(
                        lockTable(connection, layout.table()),
                        Flux.fromIterable(layout.ddl()).concatMap(sql -> execute(connection, sql))))
                .then(existingColumns(connection, layout.table()))
                .map(existing -> {
                    // Columns an earlier run added for new fields keep their type and are written again.
                    List<Column> found = new ArrayList<>();
                    existing.forEach((name, type) -> {
                        if (!layout.hasColumn(name)) {
                            Column.existing(name, type).ifPresent(found::add);
                        }
                    });
                    TableLayout complete = found.isEmpty() ? layout : layout.withColumns(found);
                    layouts.put(complete.table(), complete);
                    return complete;
                })
                .flatMap(complete -> refreshFreshnessView(connection)
                        .then(Mono.fromRunnable(() -> preparedTables.add(complete.table())))
                        .thenReturn(complete));
    }

    private Mono<TableLayout> addNewFields(Connection connection, TableLayout layout, List<Map<String, @Nullable Object>> payloads) {
        Mono<List<Column>> scan = Mono.fromCallable(() -> newFields(layout, payloads));
        // Looking at every field of a backfill batch takes milliseconds, too long for an event loop;
        // a live batch's few records are looked at where they are, without a thread hop.
        return (payloads.size() < SCAN_BESIDE_EVENT_LOOP ? scan : scan.subscribeOn(Schedulers.parallel()))
                .flatMap(columns -> columns.isEmpty() ? Mono.just(layout) : addColumns(connection, layout, columns));
    }

    private static List<Column> newFields(TableLayout layout, List<Map<String, @Nullable Object>> payloads) {
        Map<String, Column> added = new LinkedHashMap<>();
        for (Map<String, @Nullable Object> payload : payloads) {
            payload.forEach((name, value) -> {
                if (!layout.hasColumn(name) && !added.containsKey(name) && usableColumnName(name)) {
                    Column.inferred(name, value).ifPresent(column -> added.put(name, column));
                }
            });
        }
        return List.copyOf(added.values());
    }

    private Mono<TableLayout> addColumns(Connection connection, TableLayout layout, List<Column> columns) {
        return inTransaction(connection, Flux.concat(lockTable(connection, layout.table()), execute(connection, layout.addColumns(columns))))
                .then(existingColumns(connection, layout.table()))
                .map(existing -> {
                    // Another pipeline may have added the column first with another type; the table decides.
                    List<Column> actual = columns.stream()
                            .map(c -> Optional.ofNullable(existing.get(c.name())).flatMap(t -> Column.existing(c.name(), t)).orElse(c))
                            .toList();
                    TableLayout evolved = layout.withColumns(actual);
                    layouts.put(evolved.table(), evolved);
                    for (Column column : actual) {
                        log.info("Postgres: new field {}.{} added as column {} {}", layout.objectType(), column.name(),
                                layout.table(), column.sqlType());
                        context().metrics().increment(COLUMNS_ADDED, 1, "object_type", layout.objectType(), "field", column.name());
                    }
                    return evolved;
                });
    }

    private static boolean usableColumnName(String name) {
        return !name.isEmpty() && name.indexOf('\0') < 0
                && name.getBytes(StandardCharsets.UTF_8).length <= TableLayout.MAX_IDENTIFIER_BYTES;
    }

    private Mono<Map<String, String>> existingColumns(Connection connection, String table) {
        return Flux.from(connection.createStatement("SELECT column_name, data_type FROM information_schema.columns"
                                + " WHERE table_schema = $1 AND table_name = $2 AND is_generated = 'NEVER' ORDER BY ordinal_position")
                        .bind(0, settings.schema()).bind(1, table).execute())
                .concatMap(result -> result.map((row, meta) -> Map.entry(
                        String.valueOf(row.get(0, String.class)), String.valueOf(row.get(1, String.class)))))
                .collectMap(Map.Entry::getKey, Map.Entry::getValue, LinkedHashMap::new);
    }

    /**
     * Recreates the freshness view over every table of the schema; called when this connector first
     * meets a table, so a new table is in the view from its first row.
     */
    private Mono<Void> refreshFreshnessView(Connection connection) {
        String tablesSql = "SELECT c.table_name FROM information_schema.columns c JOIN information_schema.tables t"
                + " ON t.table_schema = c.table_schema AND t.table_name = c.table_name"
                + " WHERE c.table_schema = $1 AND c.column_name = '_version' AND t.table_type = 'BASE TABLE' ORDER BY 1";
        return Flux.from(connection.createStatement(tablesSql).bind(0, settings.schema()).execute())
                .concatMap(result -> result.map((row, meta) -> String.valueOf(row.get(0, String.class))))
                .collectList()
                .flatMap(tables -> tables.isEmpty() ? Mono.empty()
                        : inTransaction(connection, Flux.concat(
                                // Pipelines sharing the schema would otherwise race on the view's catalog row.
                                Flux.from(connection.createStatement("SELECT pg_advisory_xact_lock(hashtext($1))")
                                        .bind(0, settings.schema() + "." + FRESHNESS_VIEW).execute())
                                        .concatMap(r -> r.map((row, meta) -> 1)).then(),
                                execute(connection, freshnessView(tables)))).then());
    }

    private String freshnessView(List<String> tables) {
        StringBuilder sql = new StringBuilder("CREATE OR REPLACE VIEW ")
                .append(Sql.qualified(settings.schema(), FRESHNESS_VIEW)).append(" AS ");
        for (int i = 0; i < tables.size(); i++) {
            String table = tables.get(i);
            sql.append(i == 0 ? "" : " UNION ALL ")
                    .append("SELECT text '").append(table.replace("'", "''")).append("' AS \"table_name\",")
                    .append(" count(*) AS \"rows\",")
                    .append(" count(*) FILTER (WHERE NOT \"_deleted\") AS \"live_rows\",")
                    .append(" max(\"_synced_at\") AS \"last_synced_at\",")
                    .append(" to_timestamp(max(\"_version\")) AS \"newest_version_at\",")
                    .append(" max(\"_synced_at\") - to_timestamp(max(\"_version\")) AS \"lag\",")
                    .append(" now() - max(\"_synced_at\") AS \"since_last_sync\"")
                    .append(" FROM ").append(Sql.qualified(settings.schema(), table));
        }
        return sql.toString();
    }

    private TableLayout initialLayout(String objectType) {
        return TableLayout.of(settings.schema(), objectType, context().schemas().schemaOf(objectType));
    }

    private TableLayout initialLayout(ChildList child) {
        return TableLayout.child(settings.schema(), child.childType(), child.table(), child.parentColumn(),
                context().schemas().schemaOf(child.childType()));
    }

    // ------------------------------------------------------------------ writes

    /** One object type's tables, created and widened as its records need, and its rows. */
    private Mono<PreparedType> prepareType(Connection connection, String objectType, List<Indexed> records,
                                           OffsetDateTime syncedAt) {
        List<Map<String, @Nullable Object>> payloads = records.stream()
                .map(Indexed::record).filter(r -> !r.isDelete()).map(SyncRecord::payload).toList();
        List<ChildList> children = ChildList.of(objectType);
        // Child tables are prepared before any transaction starts: DDL stays out of the write transactions.
        Mono<Map<String, TableLayout>> childLayouts = Flux.fromIterable(children)
                .concatMap(child -> prepare(connection, initialLayout(child), childPayloads(child, records)))
                .collectMap(TableLayout::table);
        // One after the other: statements of one connection must not interleave with a DDL transaction.
        return prepare(connection, initialLayout(objectType), payloads)
                .flatMap(parent -> childLayouts.map(prepared -> new PreparedType(parent, children, prepared, records, syncedAt)));
    }

    /** A bulk batch of one type, in parts, each through its own connection in its own transaction with its children. */
    private Flux<IndexedOutcome> writeBulk(PreparedType prepared) {
        List<Row> rows = prepared.rows();
        List<List<Row>> parts = bulkParts(rows);
        // Keys are unique within a batch, so the parts never touch the same row.
        return Flux.fromIterable(parts).flatMapSequential(part -> Flux.usingWhen(requireOpen().create(),
                partConnection -> bulkOrUpserts(prepared.writer(partConnection), part),
                Connection::close), parts.size(), 1);
    }

    /** What writing one object type needs once its tables are ready. */
    private final class PreparedType {
        private final TableLayout layout;
        private final List<ChildList> children;
        private final Map<String, TableLayout> childLayouts;
        private final List<Indexed> records;
        private final OffsetDateTime syncedAt;

        PreparedType(TableLayout layout, List<ChildList> children, Map<String, TableLayout> childLayouts,
                     List<Indexed> records, OffsetDateTime syncedAt) {
            this.layout = layout;
            this.children = children;
            this.childLayouts = childLayouts;
            this.records = records;
            this.syncedAt = syncedAt;
        }

        Writer writer(Connection connection) {
            return new Writer(connection, layout, children, childLayouts, syncedAt);
        }

        List<Row> rows() {
            return records.stream().map(this::parentRow).toList();
        }

        private Row parentRow(Indexed indexed) {
            SyncRecord record = indexed.record();
            // Converted when bound or copied, so the bulk path encodes while Postgres parses what it got.
            return new Row(indexed.index(), record, () -> values(layout, record.key().accountId(), record.key().id(),
                    record.payload(), record.version(), record.isDelete(), null));
        }
    }

    private static Flux<IndexedOutcome> bulkOrUpserts(Writer writer, List<Row> rows) {
        return writer.bulk(rows).onErrorResume(PostgresErrorClassifier::isDataError, e -> {
            log.warn("Postgres: the bulk load of {} rows into {} hit a data error; writing them with upserts",
                    rows.size(), writer.layout.table());
            return writer.chunked(rows);
        });
    }

    /**
     * A bulk batch in parts for {@code bulk-parallelism} connections, none smaller than
     * {@code bulk-threshold}: while Postgres merges one part, Syncline encodes the next.
     */
    private List<List<Row>> bulkParts(List<Row> rows) {
        int count = (int) Math.max(1, Math.min(settings.bulkParallelism(), rows.size() / (long) Math.max(1, settings.bulkThreshold())));
        int size = (rows.size() + count - 1) / count;
        List<List<Row>> parts = new ArrayList<>(count);
        for (int from = 0; from < rows.size(); from += size) {
            parts.add(rows.subList(from, Math.min(rows.size(), from + size)));
        }
        return parts;
    }

    private static List<Map<String, @Nullable Object>> childPayloads(ChildList child, List<Indexed> records) {
        List<Map<String, @Nullable Object>> payloads = new ArrayList<>();
        for (Indexed indexed : records) {
            if (!indexed.record().isDelete()) {
                child.items(indexed.record()).ifPresent(items -> payloads.addAll(items.items()));
            }
        }
        return payloads;
    }

    /** Writes the records of one object type through one connection. */
    private final class Writer {
        private final Connection connection;
        private final TableLayout layout;
        private final List<ChildList> children;
        private final Map<String, TableLayout> childLayouts;
        private final OffsetDateTime syncedAt;

        Writer(Connection connection, TableLayout layout, List<ChildList> children, Map<String, TableLayout> childLayouts,
               OffsetDateTime syncedAt) {
            this.connection = connection;
            this.layout = layout;
            this.children = children;
            this.childLayouts = childLayouts;
            this.syncedAt = syncedAt;
        }

        Flux<IndexedOutcome> chunked(List<Row> rows) {
            int chunkSize = layout.rowsPerStatement(settings.batchSize());
            List<List<Row>> chunks = new ArrayList<>();
            for (int from = 0; from < rows.size(); from += chunkSize) {
                chunks.add(rows.subList(from, Math.min(rows.size(), from + chunkSize)));
            }
            return Flux.fromIterable(chunks)
                    .concatMap(chunk -> upsertChunk(chunk)
                            .onErrorResume(PostgresErrorClassifier::isDataError,
                                    e -> chunk.size() == 1 ? rejected(chunk.get(0), e) : isolate(chunk)));
        }

        /** Writes the rows of a failed statement one by one, so only the culprits are rejected. */
        private Flux<IndexedOutcome> isolate(List<Row> chunk) {
            log.warn("Postgres: a data error in a statement of {} rows for {}; writing them one by one to isolate it",
                    chunk.size(), layout.table());
            return Flux.fromIterable(chunk)
                    .concatMap(row -> upsertChunk(List.of(row))
                            .onErrorResume(PostgresErrorClassifier::isDataError, e -> rejected(row, e)));
        }

        private Flux<IndexedOutcome> upsertChunk(List<Row> rows) {
            Flux<IndexedOutcome> upsert = Flux.defer(() -> {
                Statement statement = connection.createStatement(layout.upsert(rows.size()));
                statement.bind(0, syncedAt);
                int parameter = 1;
                for (Row row : rows) {
                    parameter = bindRow(statement, parameter, row.values());
                }
                return classify(statement, rows);
            });
            return children.isEmpty() ? upsert : inTransaction(connection, withChildren(upsert, rows));
        }

        /**
         * The part as one {@code COPY} into the table when its keys are likely new; if one is not,
         * that copy is rolled back and the part staged.
         */
        Flux<IndexedOutcome> bulk(List<Row> rows) {
            if (!directCopy.tryDirect(layout.table())) {
                return staged(rows);
            }
            return direct(rows).onErrorResume(PostgresErrorClassifier::isUniqueViolation, e -> {
                log.debug("Postgres: a key of a bulk part for {} has a row; staging the part", layout.table());
                directCopy.conflicted(layout.table());
                return staged(rows);
            });
        }

        /**
         * COPY straight into the table, in one transaction: every row is inserted, so every record is
         * applied, as the guarded upsert would have done for keys without a row.
         */
        private Flux<IndexedOutcome> direct(List<Row> rows) {
            Flux<IndexedOutcome> copy = postgres(connection).copyIn(layout.copyIntoTable(), copyBuffers(rows, syncedAt))
                    .thenMany(Flux.fromIterable(rows).map(row -> new IndexedOutcome(row.index(), RecordOutcome.APPLIED)))
                    .doOnComplete(() -> {
                        context().metrics().increment(BULK_ROWS, rows.size(), "object_type", layout.objectType());
                        context().metrics().increment(DIRECT_COPY_ROWS, rows.size(), "object_type", layout.objectType());
                    });
            return inTransaction(connection, withChildren(copy, rows));
        }

        /** COPY into a temporary table, then one merge with the upsert's guards, in one transaction. */
        private Flux<IndexedOutcome> staged(List<Row> rows) {
            Set<String> written = new HashSet<>();
            Map<String, StoredState> before = new HashMap<>();
            Flux<IndexedOutcome> merge = execute(connection, layout.createStaging(STAGING_TABLE))
                    .then(postgres(connection).copyIn(layout.copyInto(STAGING_TABLE), copyBuffers(rows, null)))
                    .then(Mono.defer(() -> report(connection.createStatement(layout.merge(STAGING_TABLE)).bind(0, syncedAt), written, before)))
                    .then(Mono.defer(() -> written.size() == rows.size() ? Mono.<Void>empty()
                            : report(connection.createStatement(layout.storedStateOf(STAGING_TABLE)), written, before)))
                    .thenMany(Flux.defer(() -> outcomes(rows, written, before)))
                    .doOnComplete(() -> context().metrics().increment(BULK_ROWS, rows.size(), "object_type", layout.objectType()));
            return inTransaction(connection, withChildren(merge, rows));
        }

        /** The rows in COPY text, each followed by {@code syncedAt} unless it is null. */
        private Flux<ByteBuf> copyBuffers(List<Row> rows, @Nullable OffsetDateTime syncedAt) {
            List<List<Row>> parts = new ArrayList<>();
            for (int from = 0; from < rows.size(); from += COPY_ROWS_PER_BUFFER) {
                parts.add(rows.subList(from, Math.min(rows.size(), from + COPY_ROWS_PER_BUFFER)));
            }
            // Encoding is the bulk path's main CPU cost: it runs beside the event loop, two parts at a
            // time, in order, while Postgres parses what it already got.
            return Flux.fromIterable(parts).flatMapSequential(part -> Mono.fromCallable(() -> {
                CopyText text = new CopyText(part.size() * 1024);
                part.forEach(row -> text.appendRow(row.values(), syncedAt));
                return Unpooled.wrappedBuffer(text.bytes(), 0, text.size());
            }).subscribeOn(Schedulers.parallel()), 2, 1);
        }

        /** Runs a guarded upsert and gives every row its outcome from the state it met. */
        private Flux<IndexedOutcome> classify(Statement statement, List<Row> rows) {
            Set<String> written = new HashSet<>();
            Map<String, StoredState> before = new HashMap<>();
            return report(statement, written, before).thenMany(Flux.defer(() -> outcomes(rows, written, before)));
        }

        /** Reads a statement's report: the keys it wrote, and the stored state of keys that had a row. */
        private Mono<Void> report(Statement statement, Set<String> written, Map<String, StoredState> before) {
            return Flux.from(statement.execute())
                    .concatMap(result -> result.map((r, meta) -> {
                        String key = keyOf(r.get("_account_id", String.class), r.get("id", String.class));
                        if (Boolean.TRUE.equals(r.get("_written", Boolean.class))) {
                            written.add(key);
                        } else {
                            before.put(key, new StoredState(r.get("_stored_version", Long.class),
                                    r.get("_stored_deleted", Boolean.class), r.get("_same_raw", Boolean.class)));
                        }
                        return key;
                    }))
                    .then();
        }

        private Flux<IndexedOutcome> outcomes(List<Row> rows, Set<String> written, Map<String, StoredState> before) {
            return Flux.fromIterable(rows).map(row -> {
                String key = keyOf(row.record().key().accountId(), row.record().key().id());
                StoredState stored = before.getOrDefault(key, StoredState.NONE);
                RecordOutcome outcome = WriteOutcomes.classify(row.record(), written.contains(key),
                        stored.version(), stored.deleted(), stored.sameRaw());
                return new IndexedOutcome(row.index(), outcome);
            });
        }

        /** Runs {@code parentWrite}, then brings the child tables of the parents it wrote in line. */
        private Flux<IndexedOutcome> withChildren(Flux<IndexedOutcome> parentWrite, List<Row> rows) {
            if (children.isEmpty()) {
                return parentWrite;
            }
            return parentWrite.collectList().flatMapMany(outcomes -> {
                Map<Integer, Row> byIndex = new HashMap<>();
                rows.forEach(row -> byIndex.put(row.index(), row));
                List<SyncRecord> written = outcomes.stream()
                        .filter(o -> o.outcome().status() == RecordOutcome.Status.APPLIED)
                        .map(o -> byIndex.get(o.index()).record())
                        .toList();
                return Flux.fromIterable(children)
                        .concatMap(child -> writeChildren(child, childLayouts.get(child.table()), written))
                        .thenMany(Flux.fromIterable(outcomes));
            });
        }

        /**
         * Replaces the children of each written parent: items no longer in the list are deleted, the
         * others upserted at the parent's version. A parent's tombstone marks its children deleted.
         * Only written parents get here, so a stale parent never touches newer children.
         */
        private Mono<Void> writeChildren(ChildList child, TableLayout childLayout, List<SyncRecord> written) {
            List<String> replacedAccounts = new ArrayList<>();
            List<String> replacedParents = new ArrayList<>();
            List<String> deletedAccounts = new ArrayList<>();
            List<String> deletedParents = new ArrayList<>();
            List<Long> deletedVersions = new ArrayList<>();
            Map<RecordKey, Row> itemRows = new LinkedHashMap<>();
            for (SyncRecord parent : written) {
                String account = parent.key().accountId();
                if (parent.isDelete()) {
                    deletedAccounts.add(account);
                    deletedParents.add(parent.key().id());
                    deletedVersions.add(parent.version());
                    continue;
                }
                Optional<ChildList.Items> items = child.items(parent);
                if (items.isEmpty()) {
                    continue;
                }
                if (items.get().complete()) {
                    replacedAccounts.add(account);
                    replacedParents.add(parent.key().id());
                } else {
                    context().metrics().increment(PARTIAL_CHILD_LISTS, 1, "object_type", parent.key().objectType());
                }
                for (Map<String, @Nullable Object> item : items.get().items()) {
                    String id = (String) item.get("id");
                    RecordKey key = new RecordKey(account, child.childType(), id);
                    SyncRecord itemRecord = SyncRecord.upsert(account, child.childType(), id, parent.version(), parent.origin(), item);
                    itemRows.putIfAbsent(key, new Row(itemRows.size(), itemRecord, () -> values(childLayout, account, id, item,
                            parent.version(), false, parent.key().id())));
                }
            }
            String table = childLayout.qualifiedName();
            String parentColumn = Sql.quote(child.parentColumn());
            Mono<Void> removeReplaced = replacedParents.isEmpty() ? Mono.empty()
                    : Flux.from(connection.createStatement("DELETE FROM " + table + " c USING unnest($1::text[], $2::text[]) AS p(a, id)"
                                    + " WHERE c.\"_account_id\" = p.a AND c." + parentColumn + " = p.id")
                            .bind(0, replacedAccounts.toArray(String[]::new)).bind(1, replacedParents.toArray(String[]::new))
                            .execute()).concatMap(Result::getRowsUpdated).then();
            Mono<Void> tombstones = deletedParents.isEmpty() ? Mono.empty()
                    : Flux.from(connection.createStatement("UPDATE " + table + " c SET \"_deleted\" = true, \"_version\" = p.v,"
                                    + " \"_synced_at\" = $1 FROM unnest($2::text[], $3::text[], $4::bigint[]) AS p(a, id, v)"
                                    + " WHERE c.\"_account_id\" = p.a AND c." + parentColumn + " = p.id AND c.\"_version\" < p.v")
                            .bind(0, syncedAt).bind(1, deletedAccounts.toArray(String[]::new))
                            .bind(2, deletedParents.toArray(String[]::new)).bind(3, deletedVersions.toArray(Long[]::new))
                            .execute()).concatMap(Result::getRowsUpdated).then();
            List<Row> rows = List.copyOf(itemRows.values());
            int chunkSize = childLayout.rowsPerStatement(settings.batchSize());
            Flux<Long> upserts = Flux.range(0, (rows.size() + chunkSize - 1) / chunkSize).concatMap(c -> {
                List<Row> chunk = rows.subList(c * chunkSize, Math.min(rows.size(), (c + 1) * chunkSize));
                Statement statement = connection.createStatement(childLayout.upsert(chunk.size()));
                statement.bind(0, syncedAt);
                int parameter = 1;
                for (Row row : chunk) {
                    parameter = bindRow(statement, parameter, row.values());
                }
                return Flux.from(statement.execute()).concatMap(result -> result.map((r, meta) -> 1L));
            });
            return removeReplaced.then(tombstones).thenMany(upserts).then();
        }
    }

    private static int bindRow(Statement statement, int first, List<Object> values) {
        int parameter = first;
        for (Object value : values) {
            if (value instanceof Class<?> nullOfType) {
                statement.bindNull(parameter++, nullOfType);
            } else if (value instanceof JsonValue json) {
                statement.bind(parameter++, io.r2dbc.postgresql.codec.Json.of(json.bytes()));
            } else {
                statement.bind(parameter++, value);
            }
        }
        return parameter;
    }

    private Flux<IndexedOutcome> rejected(Row row, Throwable error) {
        log.warn("Postgres rejected {}: {}", row.record(), PostgresErrorClassifier.rejectionReason(error));
        return Flux.just(new IndexedOutcome(row.index(), RecordOutcome.rejected(PostgresErrorClassifier.rejectionReason(error))));
    }

    /**
     * The bind values of one row, in {@link TableLayout#inputColumns()} order; a {@code Class} stands
     * for a null of that type.
     *
     * @param parentId for a child row, the parent's id, which fills the parent column
     */
    private List<Object> values(TableLayout layout, String accountId, String id, Map<String, @Nullable Object> payload,
                                long version, boolean deleted, @Nullable String parentId) {
        List<Object> values = new ArrayList<>(layout.parametersPerRow());
        values.add(accountId);
        values.add(id);
        String parentColumn = layout.parentColumn().orElse(null);
        for (Column column : layout.columns()) {
            if (parentId != null && column.name().equals(parentColumn)) {
                values.add(parentId);
                continue;
            }
            Object raw = payload.get(column.name());
            Optional<Object> converted = ColumnValues.convert(column.fieldType(), raw);
            if (converted.isEmpty()) {
                context().metrics().increment(UNFIT_VALUES, 1, "object_type", layout.objectType(), "field", column.name());
                values.add(column.bindType());
            } else if (converted.get() == ColumnValues.Null.INSTANCE) {
                values.add(column.bindType());
            } else {
                values.add(converted.get());
            }
        }
        values.add(new JsonValue(payload));
        values.add(version);
        values.add(deleted);
        return values;
    }

    /** Runs {@code work} in a transaction: committed when it completes, rolled back when it fails. */
    /**
     * Serialises DDL on one table across writers (lanes, pipelines, replicas): concurrent
     * {@code CREATE ... IF NOT EXISTS} still collide in Postgres's catalog. Held until the transaction ends.
     */
    private Mono<Void> lockTable(Connection connection, String table) {
        return Flux.from(connection.createStatement("SELECT pg_advisory_xact_lock(hashtext($1))")
                        .bind(0, settings.schema() + "." + table).execute())
                .concatMap(r -> r.map((row, meta) -> 1)).then();
    }

    private static <T> Flux<T> inTransaction(Connection connection, Flux<T> work) {
        return Flux.usingWhen(Mono.from(connection.beginTransaction()).thenReturn(connection),
                c -> work,
                c -> c.commitTransaction(),
                // The rollback's own failure must not hide the error that caused it.
                (c, error) -> Mono.from(c.rollbackTransaction()).onErrorResume(e -> Mono.empty()),
                c -> Mono.from(c.rollbackTransaction()).onErrorResume(e -> Mono.empty()));
    }

    /** The driver's own connection behind the pool's wrapper, for COPY. */
    private static PostgresqlConnection postgres(Connection connection) {
        Object current = connection;
        while (!(current instanceof PostgresqlConnection) && current instanceof Wrapped<?> wrapped) {
            current = wrapped.unwrap();
        }
        if (current instanceof PostgresqlConnection postgresql) {
            return postgresql;
        }
        throw new IllegalStateException("not an r2dbc-postgresql connection: " + connection.getClass().getName());
    }

    private static Mono<Void> execute(Connection connection, String sql) {
        return Flux.from(connection.createStatement(sql).execute()).flatMap(Result::getRowsUpdated).then();
    }

    private static String keyOf(@Nullable String accountId, @Nullable String id) {
        return accountId + "\u0000" + id;
    }

    private ConnectionPool requireOpen() {
        ConnectionPool current = pool;
        if (current == null) {
            throw new IllegalStateException("the Postgres connector is not open");
        }
        return current;
    }

    private SinkContext context() {
        SinkContext current = context;
        if (current == null) {
            throw new IllegalStateException("the Postgres connector is not open");
        }
        return current;
    }

    /** One record and, once asked for, its bind values. */
    private static final class Row {
        private final int index;
        private final SyncRecord record;
        private final Supplier<List<Object>> converter;
        private @Nullable List<Object> values;

        Row(int index, SyncRecord record, Supplier<List<Object>> converter) {
            this.index = index;
            this.record = record;
            this.converter = converter;
        }

        int index() {
            return index;
        }

        SyncRecord record() {
            return record;
        }

        /** Converted once: a retry after a data error binds the same values and counts unfit values once. */
        List<Object> values() {
            List<Object> current = values;
            if (current == null) {
                current = converter.get();
                values = current;
            }
            return current;
        }
    }

    private record IndexedOutcome(int index, RecordOutcome outcome) {}

    /** A row's state before the statement; {@link #NONE} when there was no row. */
    private record StoredState(@Nullable Long version, @Nullable Boolean deleted, @Nullable Boolean sameRaw) {
        static final StoredState NONE = new StoredState(null, null, null);
    }
}
