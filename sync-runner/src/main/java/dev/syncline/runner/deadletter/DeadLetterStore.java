package dev.syncline.runner.deadletter;

import dev.syncline.connector.record.Json;
import dev.syncline.connector.record.Operation;
import dev.syncline.connector.record.Origin;
import dev.syncline.connector.record.RecordKey;
import dev.syncline.connector.record.SyncRecord;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.Readable;
import io.r2dbc.spi.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The dead-letter table in the state database (R2DBC, non-blocking).
 *
 * <p>There is at most one pending row per {@code (pipeline, account, object type, id)}: a new
 * refusal of an object that already waits updates its row (the newer version's payload and
 * reason win, attempts grow) instead of adding one, so a destination that keeps refusing an
 * object that keeps changing does not grow the table. Replays change a row only if no refusal
 * touched it since it was read ({@code attempts} is the row's change counter), so a refusal that
 * arrives during a replay is never marked replayed by mistake.
 */
public final class DeadLetterStore {
    /** 9 parameters a row: a batch of the largest configurable size takes two statements at most. */
    private static final int ROWS_PER_STATEMENT = 5_000;
    private static final int ROW_PARAMETERS = 9;
    private static final String COLUMNS = "id, pipeline, destination_type, account_id, object_type, object_id, operation, version, origin,"
            + " payload::text, reason, attempts, first_failed_at, last_failed_at, status, replayed_at";

    private final ConnectionFactory connections;

    public DeadLetterStore(ConnectionFactory connections) {
        this.connections = connections;
    }

    /** The DDL of the dead-letter table, run by the state store's migration. */
    public static List<String> schema() {
        return List.of("""
                CREATE TABLE IF NOT EXISTS syncline.dead_letters (
                  id bigserial PRIMARY KEY, pipeline text NOT NULL, destination_type text NOT NULL,
                  account_id text NOT NULL, object_type text NOT NULL, object_id text NOT NULL,
                  operation text NOT NULL, version bigint NOT NULL, origin text NOT NULL, payload jsonb NOT NULL,
                  reason text NOT NULL, attempts int NOT NULL,
                  first_failed_at timestamptz NOT NULL DEFAULT now(), last_failed_at timestamptz NOT NULL DEFAULT now(),
                  status text NOT NULL DEFAULT 'pending', replayed_at timestamptz)""", """
                CREATE UNIQUE INDEX IF NOT EXISTS dead_letters_pending_object
                  ON syncline.dead_letters (pipeline, account_id, object_type, object_id) WHERE status = 'pending'""", """
                CREATE INDEX IF NOT EXISTS dead_letters_by_status ON syncline.dead_letters (status, pipeline, id)""");
    }

    /**
     * Stores one batch's refused records, in one transaction; completes once they are durable.
     * Several refusals of the same object in the batch count as that many attempts.
     */
    public Mono<Void> record(String pipeline, String destinationType, List<Rejection> rejections) {
        if (rejections.isEmpty()) {
            return Mono.empty();
        }
        List<Merged> rows = merge(rejections);
        return inTransaction(c -> Flux.range(0, (rows.size() + ROWS_PER_STATEMENT - 1) / ROWS_PER_STATEMENT)
                .concatMap(chunk -> execute(upsert(c, pipeline, destinationType,
                        rows.subList(chunk * ROWS_PER_STATEMENT, Math.min(rows.size(), (chunk + 1) * ROWS_PER_STATEMENT)))))
                .then());
    }

    /** One row per object: the newest version with its reason, and how many refusals it stands for. */
    private static List<Merged> merge(List<Rejection> rejections) {
        Map<RecordKey, Merged> byKey = new LinkedHashMap<>();
        for (Rejection rejection : rejections) {
            byKey.merge(rejection.record().key(), new Merged(rejection, 1), (a, b) -> new Merged(
                    b.rejection().record().version() >= a.rejection().record().version() ? b.rejection() : a.rejection(),
                    a.attempts() + b.attempts()));
        }
        return List.copyOf(byKey.values());
    }

    private static Statement upsert(Connection c, String pipeline, String destinationType, List<Merged> rows) {
        StringBuilder sql = new StringBuilder("INSERT INTO syncline.dead_letters AS d (pipeline, destination_type, account_id, object_type,"
                + " object_id, operation, version, origin, payload, reason, attempts) VALUES ");
        for (int i = 0; i < rows.size(); i++) {
            int p = 3 + i * ROW_PARAMETERS;
            sql.append(i == 0 ? "" : ", ").append("($1, $2");
            for (int column = 0; column < ROW_PARAMETERS; column++) {
                sql.append(", $").append(p + column).append(column == 6 ? "::jsonb" : "");
            }
            sql.append(')');
        }
        sql.append("""
                 ON CONFLICT (pipeline, account_id, object_type, object_id) WHERE status = 'pending' DO UPDATE SET
                  destination_type = EXCLUDED.destination_type,
                  operation = CASE WHEN EXCLUDED.version >= d.version THEN EXCLUDED.operation ELSE d.operation END,
                  origin = CASE WHEN EXCLUDED.version >= d.version THEN EXCLUDED.origin ELSE d.origin END,
                  payload = CASE WHEN EXCLUDED.version >= d.version THEN EXCLUDED.payload ELSE d.payload END,
                  reason = CASE WHEN EXCLUDED.version >= d.version THEN EXCLUDED.reason ELSE d.reason END,
                  version = GREATEST(d.version, EXCLUDED.version),
                  attempts = d.attempts + EXCLUDED.attempts,
                  last_failed_at = now()""");
        Statement statement = c.createStatement(sql.toString()).bind(0, pipeline).bind(1, destinationType);
        for (int i = 0; i < rows.size(); i++) {
            SyncRecord record = rows.get(i).rejection().record();
            int p = 2 + i * ROW_PARAMETERS;
            statement.bind(p, record.key().accountId()).bind(p + 1, record.key().objectType()).bind(p + 2, record.key().id())
                    .bind(p + 3, record.operation().name().toLowerCase(Locale.ROOT)).bind(p + 4, record.version())
                    .bind(p + 5, record.origin().name().toLowerCase(Locale.ROOT)).bind(p + 6, Json.write(record.payload()))
                    .bind(p + 7, rows.get(i).rejection().reason()).bind(p + 8, rows.get(i).attempts());
        }
        return statement;
    }

    /** The dead letters {@code query} selects, in id order. */
    public Flux<DeadLetter> list(DeadLetterQuery query) {
        List<Object> values = new ArrayList<>();
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM syncline.dead_letters WHERE id > $1");
        values.add(query.afterId());
        query.pipeline().ifPresent(p -> condition(sql, values, " AND pipeline = $", p));
        query.objectType().ifPresent(t -> condition(sql, values, " AND object_type = $", t));
        query.status().ifPresent(s -> condition(sql, values, " AND status = $", s.column()));
        query.since().ifPresent(s -> condition(sql, values, " AND last_failed_at >= $", OffsetDateTime.ofInstant(s, java.time.ZoneOffset.UTC)));
        if (!query.ids().isEmpty()) {
            condition(sql, values, " AND id = ANY($", query.ids().toArray(Long[]::new));
            sql.append(')');
        }
        sql.append(" ORDER BY id LIMIT ").append(query.limit());
        return Flux.usingWhen(connections.create(), c -> {
            Statement statement = c.createStatement(sql.toString());
            for (int i = 0; i < values.size(); i++) {
                statement.bind(i, values.get(i));
            }
            return Flux.from(statement.execute()).flatMap(result -> result.map(DeadLetterStore::read));
        }, Connection::close);
    }

    private static void condition(StringBuilder sql, List<Object> values, String clause, Object value) {
        values.add(value);
        sql.append(clause).append(values.size());
    }

    /** One dead letter by id. */
    public Mono<DeadLetter> get(long id) {
        return list(DeadLetterQuery.all(1).ids(List.of(id))).next();
    }

    /**
     * Marks the letters replayed, each only if it is still pending and unchanged since it was read.
     *
     * @return how many rows were marked
     */
    public Mono<Long> markReplayed(List<DeadLetter> letters) {
        if (letters.isEmpty()) {
            return Mono.just(0L);
        }
        return Mono.usingWhen(connections.create(), c -> rowsUpdated(c.createStatement("""
                        UPDATE syncline.dead_letters d SET status = 'replayed', replayed_at = now()
                        FROM (SELECT unnest($1::bigint[]) AS id, unnest($2::int[]) AS attempts) seen
                        WHERE d.id = seen.id AND d.attempts = seen.attempts AND d.status = 'pending'""")
                        .bind(0, ids(letters)).bind(1, attempts(letters))),
                Connection::close);
    }

    /**
     * Records that a replay was refused again: the new reason, one more attempt. A letter that
     * changed since it was read keeps the newer refusal it already holds.
     */
    public Mono<Long> refusedAgain(List<DeadLetter> letters, List<String> reasons) {
        if (letters.isEmpty()) {
            return Mono.just(0L);
        }
        return Mono.usingWhen(connections.create(), c -> rowsUpdated(c.createStatement("""
                        UPDATE syncline.dead_letters d SET reason = seen.reason, attempts = d.attempts + 1, last_failed_at = now()
                        FROM (SELECT unnest($1::bigint[]) AS id, unnest($2::int[]) AS attempts, unnest($3::text[]) AS reason) seen
                        WHERE d.id = seen.id AND d.attempts = seen.attempts AND d.status = 'pending'""")
                        .bind(0, ids(letters)).bind(1, attempts(letters)).bind(2, reasons.toArray(String[]::new))),
                Connection::close);
    }

    /** Per pipeline with pending dead letters: how many, and since when the oldest waits. */
    public Flux<PendingDeadLetters> pending() {
        return Flux.usingWhen(connections.create(), c -> Flux.from(c.createStatement("""
                        SELECT pipeline, count(*), min(first_failed_at) FROM syncline.dead_letters
                        WHERE status = 'pending' GROUP BY pipeline ORDER BY pipeline""").execute())
                .flatMap(result -> result.map((Readable r) -> new PendingDeadLetters(text(r, 0), number(r, 1),
                        instant(r.get(2, OffsetDateTime.class))))), Connection::close);
    }

    private static DeadLetter read(Readable r) {
        RecordKey key = new RecordKey(text(r, 3), text(r, 4), text(r, 5));
        Operation operation = Operation.valueOf(text(r, 6).toUpperCase(Locale.ROOT));
        SyncRecord record = new SyncRecord(key, operation, number(r, 7), Origin.valueOf(text(r, 8).toUpperCase(Locale.ROOT)),
                Json.parseObject(text(r, 9)));
        Integer attempts = r.get(11, Integer.class);
        OffsetDateTime replayed = r.get(15, OffsetDateTime.class);
        return new DeadLetter(number(r, 0), text(r, 1), text(r, 2), record, text(r, 10), attempts == null ? 0 : attempts,
                instant(r.get(12, OffsetDateTime.class)), instant(r.get(13, OffsetDateTime.class)),
                DeadLetterStatus.fromColumn(text(r, 14)), replayed == null ? null : replayed.toInstant());
    }

    private static String text(Readable r, int index) {
        String value = r.get(index, String.class);
        return value == null ? "" : value;
    }

    private static long number(Readable r, int index) {
        Long value = r.get(index, Long.class);
        return value == null ? 0 : value;
    }

    private static Instant instant(@Nullable OffsetDateTime value) {
        return value == null ? Instant.EPOCH : value.toInstant();
    }

    private static Long[] ids(List<DeadLetter> letters) {
        return letters.stream().map(DeadLetter::id).toArray(Long[]::new);
    }

    private static Integer[] attempts(List<DeadLetter> letters) {
        return letters.stream().map(DeadLetter::attempts).toArray(Integer[]::new);
    }

    private Mono<Void> inTransaction(Function<Connection, Mono<Void>> work) {
        return Mono.usingWhen(connections.create(),
                c -> Mono.from(c.beginTransaction()).then(work.apply(c)).then(Mono.from(c.commitTransaction())),
                Connection::close,
                (c, error) -> Mono.from(c.rollbackTransaction()).onErrorResume(e -> Mono.empty()).then(Mono.from(c.close())),
                c -> Mono.from(c.rollbackTransaction()).onErrorResume(e -> Mono.empty()).then(Mono.from(c.close())));
    }

    private static Mono<Void> execute(Statement statement) {
        return rowsUpdated(statement).then();
    }

    private static Mono<Long> rowsUpdated(Statement statement) {
        return Flux.from(statement.execute()).flatMap(result -> result.getRowsUpdated()).reduce(0L, Long::sum);
    }

    private record Merged(Rejection rejection, int attempts) {}
}
