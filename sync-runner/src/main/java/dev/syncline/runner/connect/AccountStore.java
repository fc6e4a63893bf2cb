package dev.syncline.runner.connect;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@code syncline.accounts}: every connected account Syncline has synced, whether it is still
 * authorized, and when its first backfill completed. A deauthorized account's warehouse rows are
 * kept (they are the platform's history); this table is what marks them: analysts join
 * {@code _account_id} to {@code account_id} and filter on {@code status} or
 * {@code deauthorized_at}. A row is never deleted; an account authorized again becomes
 * {@code active} and keeps its first sync time.
 */
public final class AccountStore {
    private final ConnectionFactory connections;

    public AccountStore(ConnectionFactory connections) {
        this.connections = connections;
    }

    /** The DDL, run by the state store's migration. */
    public static List<String> schema() {
        return List.of("""
                CREATE TABLE IF NOT EXISTS syncline.accounts (
                  account_id text PRIMARY KEY, status text NOT NULL, authorized_at timestamptz NOT NULL DEFAULT now(),
                  deauthorized_at timestamptz, backfill_started_at timestamptz, first_synced_at timestamptz, last_error text,
                  updated_at timestamptz NOT NULL DEFAULT now())""");
    }

    /**
     * The account is (again) connected and synced.
     *
     * @return whether it had been deauthorized: changes made meanwhile were never seen, so it is read again
     */
    public Mono<Boolean> authorized(String account) {
        // One round trip per account start: the CTE reads the row as it was before the upsert.
        return Mono.usingWhen(connections.create(), c -> Flux.from(c.createStatement("""
                                WITH previous AS (SELECT status FROM syncline.accounts WHERE account_id = $1)
                                INSERT INTO syncline.accounts (account_id, status) VALUES ($1, 'active')
                                ON CONFLICT (account_id) DO UPDATE SET status = 'active', deauthorized_at = NULL,
                                  authorized_at = CASE WHEN syncline.accounts.status = 'active' THEN syncline.accounts.authorized_at ELSE now() END,
                                  updated_at = now()
                                RETURNING (SELECT status FROM previous)""").bind(0, account).execute())
                        .flatMap(result -> result.map((Readable r) -> "deauthorized".equals(r.get(0, String.class))))
                        .next().defaultIfEmpty(false),
                Connection::close);
    }

    /** The account disconnected from the platform: it is no longer read, its rows stay. */
    public Mono<Void> deauthorized(String account) {
        return execute("""
                INSERT INTO syncline.accounts (account_id, status, deauthorized_at) VALUES ($1, 'deauthorized', now())
                ON CONFLICT (account_id) DO UPDATE SET status = 'deauthorized',
                  deauthorized_at = COALESCE(syncline.accounts.deauthorized_at, now()), updated_at = now()""", account);
    }

    public Mono<Void> backfillStarted(String account) {
        return execute("""
                UPDATE syncline.accounts SET backfill_started_at = COALESCE(backfill_started_at, now()), updated_at = now()
                WHERE account_id = $1""", account);
    }

    /** Every pipeline holds the account's whole history (delivered and checkpointed). */
    public Mono<Void> synced(String account) {
        return execute("""
                UPDATE syncline.accounts SET first_synced_at = COALESCE(first_synced_at, now()), last_error = NULL, updated_at = now()
                WHERE account_id = $1""", account);
    }

    /** A backfill of the account ended without reading everything (its streams resume at the next start). */
    public Mono<Void> failed(String account, String reason) {
        return Mono.usingWhen(connections.create(), c -> Flux.from(c.createStatement(
                                "UPDATE syncline.accounts SET last_error = $2, updated_at = now() WHERE account_id = $1")
                        .bind(0, account).bind(1, reason).execute()).flatMap(r -> r.getRowsUpdated()).then(),
                Connection::close);
    }

    /** Every account ever seen, oldest first. */
    public Flux<StoredAccount> all() {
        return Flux.usingWhen(connections.create(), c -> Flux.from(c.createStatement("""
                        SELECT account_id, status, backfill_started_at, first_synced_at, last_error
                        FROM syncline.accounts ORDER BY authorized_at, account_id""").execute())
                .flatMap(result -> result.map((Readable r) -> new StoredAccount(r.get(0, String.class), "active".equals(r.get(1, String.class)),
                        instant(r.get(2, OffsetDateTime.class)), instant(r.get(3, OffsetDateTime.class)), r.get(4, String.class)))),
                Connection::close);
    }

    private Mono<Void> execute(String sql, String account) {
        return Mono.usingWhen(connections.create(),
                c -> Flux.from(c.createStatement(sql).bind(0, account).execute()).flatMap(r -> r.getRowsUpdated()).then(),
                Connection::close);
    }

    private static @Nullable Instant instant(@Nullable OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }

    /**
     * One row of {@code syncline.accounts}.
     *
     * @param active whether the account is authorized
     * @param backfillStarted when its first backfill started, if it did
     * @param firstSynced when its first backfill was delivered and checkpointed in every pipeline, if it was
     */
    public record StoredAccount(String accountId, boolean active, @Nullable Instant backfillStarted, @Nullable Instant firstSynced,
                                @Nullable String lastError) {}
}
