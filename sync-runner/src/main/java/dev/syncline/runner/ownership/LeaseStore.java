package dev.syncline.runner.ownership;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.Readable;
import io.r2dbc.spi.Statement;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The leases table in the state database ({@code syncline.leases}): one row per piece of work,
 * naming the replica that owns it and until when. Every time is the database's {@code now()}, so
 * the replicas' clocks never have to agree.
 *
 * <p>Acquiring and renewing are the same statement: an insert that, on conflict, takes the row
 * over only if its lease has expired or this replica already owns it. Two replicas racing for a
 * free lease serialise on the row; one wins.
 */
public final class LeaseStore {
    private static final String ACQUIRE = """
            WITH attempt AS (
              INSERT INTO syncline.leases AS l (name, owner, expires_at, acquired_at)
              VALUES ($1, $2, now() + $3 * interval '1 millisecond', now())
              ON CONFLICT (name) DO UPDATE SET owner = EXCLUDED.owner, expires_at = EXCLUDED.expires_at,
                acquired_at = CASE WHEN l.owner = EXCLUDED.owner THEN l.acquired_at ELSE now() END
              WHERE l.expires_at < now() OR l.owner = EXCLUDED.owner
              RETURNING 1)
            SELECT EXISTS (SELECT 1 FROM attempt),
                   (SELECT (EXTRACT(EPOCH FROM (expires_at - now())) * 1000)::bigint FROM syncline.leases WHERE name = $1)""";

    private final ConnectionFactory connections;

    public LeaseStore(ConnectionFactory connections) {
        this.connections = connections;
    }

    /** The DDL of the leases table, run by the state store's migration. */
    public static List<String> schema() {
        return List.of("""
                CREATE TABLE IF NOT EXISTS syncline.leases (
                  name text PRIMARY KEY, owner text NOT NULL, expires_at timestamptz NOT NULL,
                  acquired_at timestamptz NOT NULL DEFAULT now())""");
    }

    /**
     * Takes or renews the lease {@code name} for {@code owner} for {@code period}, unless another
     * owner holds it unexpired.
     */
    public Mono<Attempt> acquire(String name, String owner, Duration period) {
        return Mono.usingWhen(connections.create(),
                c -> Flux.from(c.createStatement(ACQUIRE).bind(0, name).bind(1, owner).bind(2, period.toMillis()).execute())
                        .flatMap(result -> result.map((Readable r) -> {
                            Long remaining = r.get(1, Long.class);
                            return new Attempt(Boolean.TRUE.equals(r.get(0, Boolean.class)),
                                    Duration.ofMillis(remaining == null ? 0 : Math.max(0, remaining)));
                        }))
                        .single(),
                Connection::close);
    }

    /**
     * Lets the lease go: it expires after {@code settle} (when that is sooner than its expiry), so
     * the next owner starts once this replica's work has finished closing. A lease another owner
     * took meanwhile is left alone.
     */
    public Mono<Void> release(String name, String owner, Duration settle) {
        return Mono.usingWhen(connections.create(),
                c -> Flux.from(c.createStatement("""
                                UPDATE syncline.leases SET expires_at = least(expires_at, now() + $3 * interval '1 millisecond')
                                WHERE name = $1 AND owner = $2""").bind(0, name).bind(1, owner).bind(2, settle.toMillis()).execute())
                        .flatMap(result -> result.getRowsUpdated()).then(),
                Connection::close);
    }

    /**
     * Renews, in one statement, every lease of {@code names} this owner still holds (expired or
     * not, as long as no other owner took it).
     *
     * @return the names renewed; a name missing was taken by another owner
     */
    public Mono<Set<String>> renewAll(Collection<String> names, String owner, Duration period) {
        if (names.isEmpty()) {
            return Mono.just(Set.of());
        }
        return names("""
                UPDATE syncline.leases SET expires_at = now() + $3 * interval '1 millisecond'
                WHERE name = ANY($1) AND owner = $2 RETURNING name""", names, owner, period.toMillis(), null);
    }

    /**
     * Takes, in one statement, up to {@code limit} of the {@code candidates} that no other owner
     * holds (never held, or expired), in the order given. Two owners racing for the same
     * candidate serialise on its row: one gets it, the other simply gets fewer this time.
     *
     * @return the names taken
     */
    public Mono<Set<String>> acquireFree(List<String> candidates, String owner, Duration period, int limit) {
        if (candidates.isEmpty() || limit <= 0) {
            return Mono.just(Set.of());
        }
        return names("""
                WITH free AS (
                  SELECT c.name FROM unnest($1::text[]) WITH ORDINALITY AS c(name, position)
                  LEFT JOIN syncline.leases f ON f.name = c.name
                  WHERE f.name IS NULL OR f.expires_at < now() OR f.owner = $2
                  ORDER BY c.position LIMIT $4)
                INSERT INTO syncline.leases AS l (name, owner, expires_at, acquired_at)
                SELECT name, $2, now() + $3 * interval '1 millisecond', now() FROM free
                ON CONFLICT (name) DO UPDATE SET owner = EXCLUDED.owner, expires_at = EXCLUDED.expires_at,
                  acquired_at = CASE WHEN l.owner = EXCLUDED.owner THEN l.acquired_at ELSE now() END
                WHERE l.expires_at < now() OR l.owner = EXCLUDED.owner
                RETURNING l.name""", candidates, owner, period.toMillis(), limit);
    }

    /** Lets several leases go at once, as {@link #release} does one. */
    public Mono<Void> releaseAll(Collection<String> names, String owner, Duration settle) {
        if (names.isEmpty()) {
            return Mono.empty();
        }
        return names("""
                UPDATE syncline.leases SET expires_at = least(expires_at, now() + $3 * interval '1 millisecond')
                WHERE name = ANY($1) AND owner = $2 RETURNING name""", names, owner, settle.toMillis(), null).then();
    }

    /** How many unexpired leases have a name starting with {@code prefix}: the live replicas, for {@code replica:}. */
    public Mono<Integer> countLive(String prefix) {
        return Mono.usingWhen(connections.create(),
                c -> Flux.from(c.createStatement("SELECT count(*) FROM syncline.leases WHERE starts_with(name, $1) AND expires_at > now()")
                                .bind(0, prefix).execute())
                        .flatMap(result -> result.map((Readable r) -> r.get(0, Long.class)))
                        .single().map(count -> count == null ? 0 : count.intValue()),
                Connection::close);
    }

    /**
     * How many replicas other than {@code owner} hold an unexpired lease on work, any lease whose
     * name does not start with {@code heartbeatPrefix}: the others reading Stripe.
     */
    public Mono<Integer> countOtherWorkers(String heartbeatPrefix, String owner) {
        return Mono.usingWhen(connections.create(),
                c -> Flux.from(c.createStatement("SELECT count(DISTINCT owner) FROM syncline.leases"
                                        + " WHERE NOT starts_with(name, $1) AND owner <> $2 AND expires_at > now()")
                                .bind(0, heartbeatPrefix).bind(1, owner).execute())
                        .flatMap(result -> result.map((Readable r) -> r.get(0, Long.class)))
                        .single().map(count -> count == null ? 0 : count.intValue()),
                Connection::close);
    }

    /** Runs a statement over a set of lease names ($1), an owner ($2), a duration ($3) and optionally a limit ($4); returns the names it returned. */
    private Mono<Set<String>> names(String sql, Collection<String> names, String owner, long millis, @Nullable Integer limit) {
        return Mono.usingWhen(connections.create(), c -> {
                    Statement statement = c.createStatement(sql).bind(0, names.toArray(String[]::new)).bind(1, owner).bind(2, millis);
                    if (limit != null) {
                        statement.bind(3, limit);
                    }
                    return Flux.from(statement.execute())
                            .flatMap(result -> result.map((Readable r) -> r.get(0, String.class)))
                            .collect(Collectors.toCollection(LinkedHashSet::new))
                            .map(taken -> (Set<String>) taken);
                },
                Connection::close);
    }

    /** The owner of every unexpired lease, by name. */
    public Mono<Map<String, String>> owners() {
        return Mono.usingWhen(connections.create(),
                c -> Flux.from(c.createStatement("SELECT name, owner FROM syncline.leases WHERE expires_at > now()").execute())
                        .flatMap(result -> result.map((Readable r) -> Map.entry(r.get(0, String.class), r.get(1, String.class))))
                        .collectMap(Map.Entry::getKey, Map.Entry::getValue),
                Connection::close);
    }

    /**
     * What one attempt found.
     *
     * @param acquired whether this replica holds the lease now
     * @param remaining when not acquired, how long the current owner's lease still runs
     */
    public record Attempt(boolean acquired, Duration remaining) {}
}
