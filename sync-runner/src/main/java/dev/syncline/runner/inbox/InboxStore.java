package dev.syncline.runner.inbox;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.Readable;
import io.r2dbc.spi.Statement;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The inbox table and the positions kept over it, in the state database.
 *
 * <p>Appends take one transaction-scoped advisory lock, so rows commit in the order of their
 * {@code seq} across every writer and replica: a reader that has seen {@code seq} has seen
 * everything before it, and a position is one number per pipeline.
 */
public final class InboxStore {
    /** Serialises inbox appends so commit order equals {@code seq} order. */
    private static final long APPEND_LOCK = 0x5359_4e43_494e_4258L;
    private static final int COLUMNS = 9;

    private final ConnectionFactory connections;

    public InboxStore(ConnectionFactory connections) {
        this.connections = connections;
    }

    /** The DDL of the inbox tables, run by the state store's migration. */
    public static List<String> schema() {
        return List.of("""
                CREATE TABLE IF NOT EXISTS syncline.inbox (
                  seq bigserial PRIMARY KEY, event_id text NOT NULL UNIQUE, account_id text NOT NULL, event_type text NOT NULL,
                  object_type text NOT NULL, object_id text NOT NULL, created bigint NOT NULL, source text NOT NULL, kind text NOT NULL,
                  body text NOT NULL, received_at timestamptz NOT NULL DEFAULT now())""", """
                CREATE TABLE IF NOT EXISTS syncline.inbox_positions (
                  pipeline text PRIMARY KEY, seq bigint NOT NULL, updated_at timestamptz NOT NULL DEFAULT now())""", """
                CREATE TABLE IF NOT EXISTS syncline.event_cursors (
                  account_id text PRIMARY KEY, event_id text, created bigint NOT NULL, updated_at timestamptz NOT NULL DEFAULT now())""",
                "ALTER TABLE syncline.event_cursors ADD COLUMN IF NOT EXISTS complete_from bigint", """
                CREATE TABLE IF NOT EXISTS syncline.cdc_offsets (
                  name text PRIMARY KEY, offsets text NOT NULL, updated_at timestamptz NOT NULL DEFAULT now())""");
    }

    /**
     * Stores the events in one transaction; an event id already in the inbox is left as it is.
     * Completes once the rows are durable.
     *
     * @return the ids that were new (the others were duplicates)
     */
    public Mono<Set<String>> append(List<InboxEvent> events) {
        if (events.isEmpty()) {
            return Mono.just(Set.of());
        }
        return Mono.usingWhen(connections.create(), c -> Mono.from(c.beginTransaction())
                        .then(execute(c.createStatement("SELECT pg_advisory_xact_lock(" + APPEND_LOCK + ")")))
                        .then(Flux.from(insert(c, events).execute())
                                .flatMap(result -> result.map((Readable r) -> r.get(0, String.class)))
                                .collect(HashSet<String>::new, Set::add))
                        .flatMap(stored -> Mono.from(c.commitTransaction()).thenReturn((Set<String>) stored)),
                Connection::close,
                (c, error) -> Mono.from(c.rollbackTransaction()).onErrorResume(e -> Mono.empty()).then(Mono.from(c.close())),
                c -> Mono.from(c.rollbackTransaction()).onErrorResume(e -> Mono.empty()).then(Mono.from(c.close())));
    }

    private static Statement insert(Connection c, List<InboxEvent> events) {
        StringBuilder sql = new StringBuilder("INSERT INTO syncline.inbox (event_id, account_id, event_type, object_type, object_id,"
                + " created, source, kind, body) VALUES ");
        for (int i = 0; i < events.size(); i++) {
            sql.append(i == 0 ? "(" : ", (");
            for (int column = 1; column <= COLUMNS; column++) {
                sql.append(column == 1 ? "$" : ", $").append(i * COLUMNS + column);
            }
            sql.append(')');
        }
        sql.append(" ON CONFLICT (event_id) DO NOTHING RETURNING event_id");
        Statement statement = c.createStatement(sql.toString());
        for (int i = 0; i < events.size(); i++) {
            InboxEvent e = events.get(i);
            int p = i * COLUMNS;
            statement.bind(p, e.eventId()).bind(p + 1, e.accountId()).bind(p + 2, e.eventType()).bind(p + 3, e.objectType())
                    .bind(p + 4, e.objectId()).bind(p + 5, e.created()).bind(p + 6, e.source().name()).bind(p + 7, e.kind().name())
                    .bind(p + 8, e.body());
        }
        return statement;
    }

    /** Up to {@code limit} rows after {@code seq}, in order. */
    public Flux<InboxRow> after(long seq, int limit) {
        return Flux.usingWhen(connections.create(), c -> Flux.from(c.createStatement("""
                        SELECT seq, event_id, account_id, event_type, object_type, object_id, created, source, kind, body
                        FROM syncline.inbox WHERE seq > $1 ORDER BY seq LIMIT $2""").bind(0, seq).bind(1, limit).execute())
                .flatMap(result -> result.map((Readable r) -> new InboxRow(r.get(0, Long.class), new InboxEvent(
                        r.get(1, String.class), r.get(2, String.class), r.get(3, String.class), r.get(4, String.class),
                        r.get(5, String.class), r.get(6, Long.class), InboxEvent.Source.valueOf(r.get(7, String.class)),
                        InboxEvent.Kind.valueOf(r.get(8, String.class)), r.get(9, String.class))))), Connection::close);
    }

    /** The newest row's {@code seq}; 0 for an empty inbox. Every row up to it has committed (appends commit in order). */
    public Mono<Long> lastSeq() {
        return Mono.usingWhen(connections.create(), c -> Flux.from(c.createStatement("SELECT COALESCE(MAX(seq), 0) FROM syncline.inbox").execute())
                        .flatMap(result -> result.map((Readable r) -> r.get(0, Long.class))).next().defaultIfEmpty(0L),
                Connection::close);
    }

    /**
     * The rows in {@code (afterSeq, toSeq]} whose event type starts with {@code prefix}, without
     * their bodies: for watchers of one kind of event (connected accounts' authorizations) that
     * must not read every event's body to find a few.
     */
    public Flux<EventHeader> headers(long afterSeq, long toSeq, String prefix) {
        return Flux.usingWhen(connections.create(), c -> Flux.from(c.createStatement("""
                        SELECT seq, account_id, event_type, created FROM syncline.inbox
                        WHERE seq > $1 AND seq <= $2 AND event_type LIKE $3 ORDER BY seq""")
                        .bind(0, afterSeq).bind(1, toSeq).bind(2, prefix.replace("_", "\\_") + "%").execute())
                .flatMap(result -> result.map((Readable r) -> new EventHeader(r.get(0, Long.class), r.get(1, String.class),
                        r.get(2, String.class), r.get(3, Long.class)))), Connection::close);
    }

    /** An inbox row's routing facts. */
    public record EventHeader(long seq, String accountId, String eventType, long created) {}

    /** The pipeline's acknowledged position: every row up to it is delivered. 0 before the first. */
    public Mono<Long> position(String pipeline) {
        return Mono.usingWhen(connections.create(), c -> Flux.from(c.createStatement(
                                "SELECT seq FROM syncline.inbox_positions WHERE pipeline = $1").bind(0, pipeline).execute())
                        .flatMap(result -> result.map((Readable r) -> r.get(0, Long.class)))
                        .next().defaultIfEmpty(0L),
                Connection::close);
    }

    /** Moves the pipeline's position forward to {@code seq}; never backwards. */
    public Mono<Void> savePosition(String pipeline, long seq) {
        return Mono.usingWhen(connections.create(), c -> execute(c.createStatement("""
                        INSERT INTO syncline.inbox_positions (pipeline, seq) VALUES ($1, $2)
                        ON CONFLICT (pipeline) DO UPDATE SET seq = GREATEST(syncline.inbox_positions.seq, EXCLUDED.seq), updated_at = now()""")
                        .bind(0, pipeline).bind(1, seq)),
                Connection::close);
    }

    /** Where the Events API poller of an account stopped. */
    public Mono<Optional<EventCursor>> cursor(String account) {
        return Mono.usingWhen(connections.create(), c -> Flux.from(c.createStatement(
                                "SELECT event_id, created FROM syncline.event_cursors WHERE account_id = $1").bind(0, account).execute())
                        .flatMap(result -> result.map((Readable r) -> Optional.of(new EventCursor(r.get(0, String.class), r.get(1, Long.class)))))
                        .next().defaultIfEmpty(Optional.empty()),
                Connection::close);
    }

    /** Saves the poller's cursor of an account, once the events before it are in the inbox. */
    public Mono<Void> saveCursor(String account, EventCursor cursor) {
        return Mono.usingWhen(connections.create(), c -> {
            Statement statement = c.createStatement("""
                    INSERT INTO syncline.event_cursors (account_id, event_id, created, complete_from) VALUES ($1, $2, $3, $3)
                    ON CONFLICT (account_id) DO UPDATE SET event_id = EXCLUDED.event_id, created = EXCLUDED.created, updated_at = now()""")
                    .bind(0, account).bind(2, cursor.created());
            if (cursor.eventId() == null) {
                statement.bindNull(1, String.class);
            } else {
                statement.bind(1, cursor.eventId());
            }
            return execute(statement);
        }, Connection::close);
    }

    /** The server's {@code wal_level}: change streaming needs {@code logical}. */
    public Mono<String> walLevel() {
        return Mono.usingWhen(connections.create(), c -> Flux.from(c.createStatement("SHOW wal_level").execute())
                .flatMap(result -> result.map((Readable r) -> String.valueOf(r.get(0, String.class)))).next(), Connection::close);
    }

    /**
     * Makes sure the inbox publication and the replication slot {@code slot} exist, so that every
     * row committed from now on is in the slot's stream, whenever its reader starts.
     */
    public Mono<Void> ensureReplication(String publication, String slot) {
        Mono<Void> createPublication = Mono.usingWhen(connections.create(), c -> Mono.from(c.beginTransaction())
                        .then(execute(c.createStatement("SELECT pg_advisory_xact_lock(" + (APPEND_LOCK + 1) + ")")))
                        .then(execute(c.createStatement("DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_publication WHERE pubname = '"
                                + publication + "') THEN CREATE PUBLICATION " + publication + " FOR TABLE syncline.inbox; END IF; END $$")))
                        .then(Mono.from(c.commitTransaction())),
                Connection::close);
        // Outside any transaction: Postgres creates logical slots only there. A replica racing us to it is fine.
        Mono<Void> createSlot = Mono.usingWhen(connections.create(), c -> Flux.from(c.createStatement(
                                "SELECT pg_create_logical_replication_slot($1, 'pgoutput')"
                                        + " WHERE NOT EXISTS (SELECT 1 FROM pg_replication_slots WHERE slot_name = $1)").bind(0, slot).execute())
                        .flatMap(result -> result.map((Readable r) -> 1)).then(),
                Connection::close)
                .onErrorResume(e -> e.getMessage() != null && e.getMessage().contains("already exists"), e -> Mono.empty());
        return createPublication.then(createSlot);
    }

    /**
     * Drops the inactive replication slots whose names start with {@code prefix} but are not in
     * {@code keep}: a pipeline removed from the configuration must not hold WAL forever.
     *
     * @return the slots dropped
     */
    public Flux<String> dropStaleSlots(String prefix, Set<String> keep) {
        return Flux.usingWhen(connections.create(), c -> Flux.from(c.createStatement(
                                "SELECT slot_name FROM pg_replication_slots WHERE slot_name LIKE $1 AND NOT active AND database = current_database()")
                        .bind(0, prefix + "%").execute())
                .flatMap(result -> result.map((Readable r) -> String.valueOf(r.get(0, String.class))))
                .filter(slot -> !keep.contains(slot))
                .concatMap(slot -> Flux.from(c.createStatement("SELECT pg_drop_replication_slot($1)").bind(0, slot).execute())
                        .flatMap(result -> result.getRowsUpdated()).then(Mono.just(slot))), Connection::close);
    }

    /**
     * The second from which the inbox holds every event of the account: the first cursor's, or
     * the newest event's after a gap the Events API could no longer fill. An event created at or
     * before it may have been overtaken by one that never arrived (a deletion, say), so its
     * snapshot is not trusted. Empty when no poller ever ran for the account.
     */
    public Mono<Optional<Long>> completeFrom(String account) {
        return Mono.usingWhen(connections.create(), c -> Flux.from(c.createStatement(
                                "SELECT complete_from FROM syncline.event_cursors WHERE account_id = $1").bind(0, account).execute())
                        .flatMap(result -> result.map((Readable r) -> Optional.ofNullable(r.get(0, Long.class))))
                        .next().defaultIfEmpty(Optional.empty()),
                Connection::close);
    }

    /** Events before {@code created} may be missing for good (they left Stripe's 30 days unread). */
    public Mono<Void> restartCompleteFrom(String account, long created) {
        return Mono.usingWhen(connections.create(), c -> execute(c.createStatement(
                                "UPDATE syncline.event_cursors SET complete_from = GREATEST(coalesce(complete_from, 0), $2) WHERE account_id = $1")
                        .bind(0, account).bind(1, created)),
                Connection::close);
    }

    private static Mono<Void> execute(Statement statement) {
        return Flux.from(statement.execute()).flatMap(result -> result.getRowsUpdated()).then();
    }
}
