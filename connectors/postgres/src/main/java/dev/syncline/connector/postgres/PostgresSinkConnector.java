package dev.syncline.connector.postgres;

import dev.syncline.connector.postgres.BatchPlan.Indexed;
import dev.syncline.connector.record.Json;
import dev.syncline.connector.record.SyncRecord;
import dev.syncline.connector.spi.BatchResult;
import dev.syncline.connector.spi.RecordBatch;
import dev.syncline.connector.spi.RecordOutcome;
import dev.syncline.connector.spi.SinkConnector;
import dev.syncline.connector.spi.SinkContext;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactoryOptions;
import io.r2dbc.spi.Result;
import io.r2dbc.spi.Statement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Writes Stripe objects into one table per object type, with multi-row upserts guarded by version.
 *
 * <p>Each batch becomes, per object type, as few statements as the bind-parameter limit allows; one
 * statement both writes and reports the state each row met, so outcomes are exact without a second
 * round trip. A data error in a statement is isolated by writing its rows one by one: the culprit is
 * rejected, the rest is written.
 */
final class PostgresSinkConnector implements SinkConnector {
    static final String UNFIT_VALUES = "syncline.postgres.unfit_values";
    private static final Logger log = LoggerFactory.getLogger(PostgresSinkConnector.class);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration ACQUIRE_TIMEOUT = Duration.ofSeconds(30);

    private final PostgresSettings settings;
    private final Map<String, TableLayout> layouts = new ConcurrentHashMap<>();
    private final Set<String> preparedTables = ConcurrentHashMap.newKeySet();
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
            return Mono.usingWhen(current.create(),
                            connection -> Flux.fromIterable(plan.winnersByType().entrySet())
                                    .concatMap(e -> writeType(connection, layout(e.getKey()), e.getValue(), syncedAt))
                                    .collectMap(IndexedOutcome::index, IndexedOutcome::outcome),
                            Connection::close)
                    .map(plan::result)
                    .onErrorMap(e -> PostgresErrorClassifier.classify(e, "writing to " + settings.path()));
        });
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

    private TableLayout layout(String objectType) {
        return layouts.computeIfAbsent(objectType,
                type -> TableLayout.of(settings.schema(), type, context().schemas().schemaOf(type)));
    }

    private Mono<Void> ensureTable(Connection connection, TableLayout layout) {
        if (preparedTables.contains(layout.objectType())) {
            return Mono.empty();
        }
        return Flux.fromIterable(layout.ddl())
                .concatMap(sql -> execute(connection, sql))
                .then(Mono.fromRunnable(() -> preparedTables.add(layout.objectType())));
    }

    private Flux<IndexedOutcome> writeType(Connection connection, TableLayout layout, List<Indexed> records,
                                           OffsetDateTime syncedAt) {
        List<Row> rows = records.stream().map(r -> toRow(layout, r)).toList();
        int chunkSize = layout.rowsPerStatement(settings.batchSize());
        List<List<Row>> chunks = new ArrayList<>();
        for (int from = 0; from < rows.size(); from += chunkSize) {
            chunks.add(rows.subList(from, Math.min(rows.size(), from + chunkSize)));
        }
        return ensureTable(connection, layout)
                .thenMany(Flux.fromIterable(chunks))
                .concatMap(chunk -> upsert(connection, layout, chunk, syncedAt)
                        .onErrorResume(PostgresErrorClassifier::isDataError,
                                e -> chunk.size() == 1 ? rejected(chunk.get(0), e) : isolate(connection, layout, chunk, syncedAt)));
    }

    /** Writes the rows of a failed statement one by one, so only the culprits are rejected. */
    private Flux<IndexedOutcome> isolate(Connection connection, TableLayout layout, List<Row> chunk, OffsetDateTime syncedAt) {
        log.warn("Postgres: a data error in a statement of {} rows for {}; writing them one by one to isolate it",
                chunk.size(), layout.table());
        return Flux.fromIterable(chunk)
                .concatMap(row -> upsert(connection, layout, List.of(row), syncedAt)
                        .onErrorResume(PostgresErrorClassifier::isDataError, e -> rejected(row, e)));
    }

    private Flux<IndexedOutcome> rejected(Row row, Throwable error) {
        log.warn("Postgres rejected {}: {}", row.record(), PostgresErrorClassifier.rejectionReason(error));
        return Flux.just(new IndexedOutcome(row.index(), RecordOutcome.rejected(PostgresErrorClassifier.rejectionReason(error))));
    }

    private Flux<IndexedOutcome> upsert(Connection connection, TableLayout layout, List<Row> rows, OffsetDateTime syncedAt) {
        return Flux.defer(() -> {
            Statement statement = connection.createStatement(layout.upsert(rows.size()));
            statement.bind(0, syncedAt);
            int parameter = 1;
            for (Row row : rows) {
                for (Object value : row.values()) {
                    if (value instanceof Class<?> nullOfType) {
                        statement.bindNull(parameter++, nullOfType);
                    } else {
                        statement.bind(parameter++, value);
                    }
                }
            }
            Map<String, Row> byKey = new HashMap<>();
            rows.forEach(row -> byKey.put(keyOf(row.record().key().accountId(), row.record().key().id()), row));
            return Flux.from(statement.execute())
                    .concatMap(result -> result.map((r, meta) -> {
                        Row row = byKey.get(keyOf(r.get("_account_id", String.class), r.get("id", String.class)));
                        if (row == null) {
                            throw new IllegalStateException("the upsert returned a key it was not given");
                        }
                        RecordOutcome outcome = WriteOutcomes.classify(row.record(),
                                Boolean.TRUE.equals(r.get("_written", Boolean.class)),
                                r.get("_stored_version", Long.class),
                                r.get("_stored_deleted", Boolean.class),
                                r.get("_same_raw", Boolean.class));
                        return new IndexedOutcome(row.index(), outcome);
                    }));
        });
    }

    /** Converts a record into its bind values; a {@code Class} stands for a null of that type. */
    private Row toRow(TableLayout layout, Indexed indexed) {
        SyncRecord record = indexed.record();
        List<Object> values = new ArrayList<>(layout.parametersPerRow());
        values.add(record.key().accountId());
        values.add(record.key().id());
        for (Column column : layout.columns()) {
            Object raw = record.payload().get(column.name());
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
        values.add(io.r2dbc.postgresql.codec.Json.of(Json.write(record.payload())));
        values.add(record.version());
        values.add(record.isDelete());
        return new Row(indexed.index(), record, values);
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

    /** One record ready to bind. */
    private record Row(int index, SyncRecord record, List<Object> values) {}

    private record IndexedOutcome(int index, RecordOutcome outcome) {}
}
