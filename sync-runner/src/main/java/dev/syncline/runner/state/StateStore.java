package dev.syncline.runner.state;

import dev.syncline.runner.backfill.SegmentSnapshot;
import dev.syncline.runner.backfill.StreamKey;
import dev.syncline.runner.connect.AccountStore;
import dev.syncline.runner.deadletter.DeadLetterStore;
import dev.syncline.runner.inbox.InboxStore;
import dev.syncline.runner.ownership.LeaseStore;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.Readable;
import io.r2dbc.spi.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The engine's own state in Postgres (R2DBC): backfill streams and the segments they still have
 * to read. A snapshot of a stream's segments is replaced in one transaction, so a crash leaves
 * either the old or the new snapshot, never a mix.
 */
public final class StateStore implements AutoCloseable {
    private static final long SCHEMA_LOCK = 0x5359_4e43_4c49_4e45L;

    private final ConnectionPool pool;
    private final InboxStore inbox;
    private final DeadLetterStore deadLetters;
    private final LeaseStore leases;
    private final AccountStore accounts;

    private StateStore(ConnectionPool pool) {
        this.pool = pool;
        this.inbox = new InboxStore(pool);
        this.deadLetters = new DeadLetterStore(pool);
        this.leases = new LeaseStore(pool);
        this.accounts = new AccountStore(pool);
    }

    /** Connects to the state database at an R2DBC URL; does no I/O until used. */
    public static StateStore connect(String r2dbcUrl) {
        ConnectionFactory factory = ConnectionFactories.get(r2dbcUrl);
        return new StateStore(new ConnectionPool(ConnectionPoolConfiguration.builder(factory)
                .initialSize(1).maxSize(8).maxAcquireTime(Duration.ofSeconds(30)).build()));
    }

    /** Creates the state tables if they are missing; safe to run from several replicas at once. */
    public Mono<Void> migrate() {
        return inTransaction(c -> execute(c, "SELECT pg_advisory_xact_lock(" + SCHEMA_LOCK + ")")
                .then(execute(c, "CREATE SCHEMA IF NOT EXISTS syncline"))
                .then(execute(c, """
                        CREATE TABLE IF NOT EXISTS syncline.backfill_streams (
                          pipeline text NOT NULL, account_id text NOT NULL, object_type text NOT NULL, pass int NOT NULL,
                          status text NOT NULL, since bigint NOT NULL, until bigint NOT NULL,
                          started_at timestamptz NOT NULL DEFAULT now(), completed_at timestamptz,
                          PRIMARY KEY (pipeline, account_id, object_type, pass))"""))
                .then(execute(c, """
                        CREATE TABLE IF NOT EXISTS syncline.backfill_segments (
                          pipeline text NOT NULL, account_id text NOT NULL, object_type text NOT NULL, pass int NOT NULL,
                          segment_id bigint NOT NULL, created_gte bigint NOT NULL, created_lt bigint NOT NULL,
                          cursor_id text, cursor_created bigint NOT NULL,
                          PRIMARY KEY (pipeline, account_id, object_type, pass, segment_id))"""))
                .then(Flux.fromIterable(InboxStore.schema()).concatMap(ddl -> execute(c, ddl)).then())
                .then(Flux.fromIterable(DeadLetterStore.schema()).concatMap(ddl -> execute(c, ddl)).then())
                .then(Flux.fromIterable(LeaseStore.schema()).concatMap(ddl -> execute(c, ddl)).then())
                .then(Flux.fromIterable(AccountStore.schema()).concatMap(ddl -> execute(c, ddl)).then()));
    }

    /** The inbox and the positions over it, in this database. */
    public InboxStore inbox() {
        return inbox;
    }

    /** The records destinations refused, in this database. */
    public DeadLetterStore deadLetters() {
        return deadLetters;
    }

    /** The work leases replicas hold, in this database. */
    public LeaseStore leases() {
        return leases;
    }

    /** The connected accounts synced, and their status, in this database. */
    public AccountStore accounts() {
        return accounts;
    }

    /**
     * Every saved stream of the pipeline's account, by key: a backfill plans all its streams from
     * one connection and two queries, not two per stream (with a thousand connected accounts that
     * was a dozen round trips per account before its first request).
     */
    public Mono<Map<StreamKey, StoredStream>> loadAll(String pipeline, String account) {
        return Mono.usingWhen(pool.create(), c -> {
            Mono<Map<StreamKey, StreamRow>> rows = Flux.from(c.createStatement("""
                            SELECT object_type, pass, status, since, until FROM syncline.backfill_streams
                            WHERE pipeline = $1 AND account_id = $2""").bind(0, pipeline).bind(1, account).execute())
                    .flatMap(result -> result.map((Readable r) -> Map.entry(key(r),
                            new StreamRow(r.get(2, String.class), r.get(3, Long.class), r.get(4, Long.class)))))
                    .collectMap(Map.Entry::getKey, Map.Entry::getValue);
            Mono<Map<StreamKey, List<SegmentSnapshot>>> segments = Flux.from(c.createStatement("""
                            SELECT object_type, pass, segment_id, created_gte, created_lt, cursor_id, cursor_created FROM syncline.backfill_segments
                            WHERE pipeline = $1 AND account_id = $2 ORDER BY object_type, pass, segment_id""")
                            .bind(0, pipeline).bind(1, account).execute())
                    .flatMap(result -> result.map((Readable r) -> Map.entry(key(r), new SegmentSnapshot(r.get(2, Long.class),
                            r.get(3, Long.class), r.get(4, Long.class), r.get(5, String.class), r.get(6, Long.class)))))
                    .collectMultimap(Map.Entry::getKey, Map.Entry::getValue)
                    .map(byKey -> {
                        Map<StreamKey, List<SegmentSnapshot>> lists = new HashMap<>();
                        byKey.forEach((key, list) -> lists.put(key, List.copyOf(list)));
                        return lists;
                    });
            return rows.zipWith(segments, (found, segs) -> {
                Map<StreamKey, StoredStream> streams = new HashMap<>();
                found.forEach((key, row) -> streams.put(key,
                        new StoredStream(row.complete(), row.since(), row.until(), segs.getOrDefault(key, List.of()))));
                return streams;
            });
        }, Connection::close);
    }

    private static StreamKey key(Readable row) {
        Integer pass = row.get(1, Integer.class);
        return new StreamKey(String.valueOf(row.get(0, String.class)), pass == null ? 0 : pass);
    }

    /**
     * Replaces the state of several streams of one account in one transaction: a checkpoint of
     * every stream that changed costs one commit, not one per stream.
     */
    public Mono<Void> saveAll(String pipeline, String account, List<StreamState> states) {
        if (states.isEmpty()) {
            return Mono.empty();
        }
        return inTransaction(c -> Flux.fromIterable(states).concatMap(state -> {
            StreamKey stream = state.stream();
            Mono<Void> upsertStream = execute(bind(c.createStatement("""
                    INSERT INTO syncline.backfill_streams (pipeline, account_id, object_type, pass, status, since, until, completed_at)
                    VALUES ($1, $2, $3, $4, $5, $6, $7, CASE WHEN $5 = 'complete' THEN now() END)
                    ON CONFLICT (pipeline, account_id, object_type, pass) DO UPDATE
                    SET status = EXCLUDED.status, since = EXCLUDED.since, until = EXCLUDED.until, completed_at = EXCLUDED.completed_at"""),
                    pipeline, account, stream).bind(4, state.complete() ? "complete" : "running").bind(5, state.since()).bind(6, state.until()));
            Mono<Void> clear = execute(bind(c.createStatement("""
                    DELETE FROM syncline.backfill_segments
                    WHERE pipeline = $1 AND account_id = $2 AND object_type = $3 AND pass = $4"""), pipeline, account, stream));
            Mono<Void> insert = state.open().isEmpty() ? Mono.empty() : execute(insertSegments(c, pipeline, account, stream, state.open()));
            return upsertStream.then(clear).then(insert);
        }).then());
    }

    /**
     * One stream's state to save.
     *
     * @param open its segments still to read or acknowledge
     * @param complete whether every segment was read and acknowledged
     */
    public record StreamState(StreamKey stream, long since, long until, List<SegmentSnapshot> open, boolean complete) {}

    /** Forgets the stream, so the next backfill starts it afresh. */
    public Mono<Void> reset(String pipeline, String account, StreamKey stream) {
        return inTransaction(c -> execute(bind(c.createStatement("""
                        DELETE FROM syncline.backfill_segments WHERE pipeline = $1 AND account_id = $2 AND object_type = $3 AND pass = $4"""),
                        pipeline, account, stream))
                .then(execute(bind(c.createStatement("""
                        DELETE FROM syncline.backfill_streams WHERE pipeline = $1 AND account_id = $2 AND object_type = $3 AND pass = $4"""),
                        pipeline, account, stream))));
    }

    /** One multi-row insert for all of a stream's open segments. */
    private static Statement insertSegments(Connection c, String pipeline, String account, StreamKey stream, List<SegmentSnapshot> open) {
        StringBuilder sql = new StringBuilder("INSERT INTO syncline.backfill_segments (pipeline, account_id, object_type, pass, segment_id,"
                + " created_gte, created_lt, cursor_id, cursor_created) VALUES ");
        for (int i = 0; i < open.size(); i++) {
            int p = 5 + i * 5;
            sql.append(i == 0 ? "" : ", ").append("($1, $2, $3, $4, $").append(p).append(", $").append(p + 1).append(", $")
                    .append(p + 2).append(", $").append(p + 3).append(", $").append(p + 4).append(')');
        }
        Statement statement = bind(c.createStatement(sql.toString()), pipeline, account, stream);
        for (int i = 0; i < open.size(); i++) {
            SegmentSnapshot s = open.get(i);
            int index = 4 + i * 5;
            statement.bind(index, s.id()).bind(index + 1, s.gte()).bind(index + 2, s.lt()).bind(index + 4, s.cursorCreated());
            if (s.cursorId() == null) {
                statement.bindNull(index + 3, String.class);
            } else {
                statement.bind(index + 3, s.cursorId());
            }
        }
        return statement;
    }

    private static Statement bind(Statement statement, String pipeline, String account, StreamKey stream) {
        return statement.bind(0, pipeline).bind(1, account).bind(2, stream.objectType()).bind(3, stream.pass());
    }

    private Mono<Void> inTransaction(Function<Connection, Mono<Void>> work) {
        return Mono.usingWhen(pool.create(),
                c -> Mono.from(c.beginTransaction()).then(work.apply(c)).then(Mono.from(c.commitTransaction())),
                Connection::close,
                (c, error) -> Mono.from(c.rollbackTransaction()).onErrorResume(e -> Mono.empty()).then(Mono.from(c.close())),
                c -> Mono.from(c.rollbackTransaction()).onErrorResume(e -> Mono.empty()).then(Mono.from(c.close())));
    }

    private static Mono<Void> execute(Connection c, String sql) {
        return execute(c.createStatement(sql));
    }

    private static Mono<Void> execute(Statement statement) {
        return Flux.from(statement.execute()).flatMap(result -> result.getRowsUpdated()).then();
    }

    @Override
    public void close() {
        pool.dispose();
    }

    /**
     * A stream as saved.
     *
     * @param complete whether every segment was read and acknowledged
     * @param since the lower {@code created} bound it was started with
     * @param until the upper bound (exclusive), fixed when it started
     * @param segments the segments still open
     */
    public record StoredStream(boolean complete, long since, long until, List<SegmentSnapshot> segments) {}

    private record StreamRow(@Nullable String status, @Nullable Long sinceSecond, @Nullable Long untilSecond) {
        boolean complete() {
            return "complete".equals(status);
        }

        long since() {
            return sinceSecond == null ? 0 : sinceSecond;
        }

        long until() {
            return untilSecond == null ? 0 : untilSecond;
        }
    }
}
