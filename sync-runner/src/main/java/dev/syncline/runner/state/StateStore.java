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
import java.util.List;
import java.util.Optional;
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

    /** The stream's saved state, if it was ever started. */
    public Mono<Optional<StoredStream>> load(String pipeline, String account, StreamKey stream) {
        return Mono.usingWhen(pool.create(), c -> {
            Mono<Optional<StreamRow>> row = Flux.from(bind(c.createStatement("""
                            SELECT status, since, until FROM syncline.backfill_streams
                            WHERE pipeline = $1 AND account_id = $2 AND object_type = $3 AND pass = $4"""), pipeline, account, stream)
                            .execute())
                    .flatMap(result -> result.map((Readable r) -> new StreamRow(r.get(0, String.class), r.get(1, Long.class), r.get(2, Long.class))))
                    .next().map(Optional::of).defaultIfEmpty(Optional.empty());
            Mono<List<SegmentSnapshot>> segments = Flux.from(bind(c.createStatement("""
                            SELECT segment_id, created_gte, created_lt, cursor_id, cursor_created FROM syncline.backfill_segments
                            WHERE pipeline = $1 AND account_id = $2 AND object_type = $3 AND pass = $4 ORDER BY segment_id"""),
                            pipeline, account, stream).execute())
                    .flatMap(result -> result.map((Readable r) -> new SegmentSnapshot(r.get(0, Long.class), r.get(1, Long.class),
                            r.get(2, Long.class), r.get(3, String.class), r.get(4, Long.class))))
                    .collectList();
            return row.zipWith(segments, (found, segs) -> found.map(s -> new StoredStream(s.complete(), s.since(), s.until(), segs)));
        }, Connection::close);
    }

    /**
     * Replaces the stream's state: its open segments, and whether it is complete.
     */
    public Mono<Void> save(String pipeline, String account, StreamKey stream, long since, long until, List<SegmentSnapshot> open, boolean complete) {
        return inTransaction(c -> {
            Mono<Void> upsertStream = execute(bind(c.createStatement("""
                    INSERT INTO syncline.backfill_streams (pipeline, account_id, object_type, pass, status, since, until, completed_at)
                    VALUES ($1, $2, $3, $4, $5, $6, $7, CASE WHEN $5 = 'complete' THEN now() END)
                    ON CONFLICT (pipeline, account_id, object_type, pass) DO UPDATE
                    SET status = EXCLUDED.status, since = EXCLUDED.since, until = EXCLUDED.until, completed_at = EXCLUDED.completed_at"""),
                    pipeline, account, stream).bind(4, complete ? "complete" : "running").bind(5, since).bind(6, until));
            Mono<Void> clear = execute(bind(c.createStatement("""
                    DELETE FROM syncline.backfill_segments
                    WHERE pipeline = $1 AND account_id = $2 AND object_type = $3 AND pass = $4"""), pipeline, account, stream));
            Mono<Void> insert = open.isEmpty() ? Mono.empty() : execute(insertSegments(c, pipeline, account, stream, open));
            return upsertStream.then(clear).then(insert);
        });
    }

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
