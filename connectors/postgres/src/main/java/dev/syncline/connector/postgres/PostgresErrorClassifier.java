package dev.syncline.connector.postgres;

import dev.syncline.connector.errors.ConnectorException;
import dev.syncline.connector.errors.PermanentConnectorException;
import dev.syncline.connector.errors.RetriableConnectorException;
import io.r2dbc.spi.R2dbcException;
import io.r2dbc.spi.R2dbcNonTransientResourceException;
import io.r2dbc.spi.R2dbcTransientException;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * The one place where Postgres and driver failures become the connector error kinds, mostly by
 * SQLSTATE (https://www.postgresql.org/docs/current/errcodes-appendix.html).
 *
 * <ul>
 *   <li>retriable: connection problems (class 08, lost sockets, timeouts), serialization failures
 *       and deadlocks (40001, 40P01), insufficient resources (class 53), admin shutdown and crash
 *       recovery (57P01–57P03), lock and statement timeouts, a read-only server during failover;
 *   <li>permanent: authentication (class 28), missing database (3D000), missing privileges (42501)
 *       and every other error retrying cannot fix;
 *   <li>data errors (classes 22 and 23) belong to one record: {@link #isDataError} tells the
 *       connector to isolate the culprit instead of failing the batch.
 * </ul>
 */
final class PostgresErrorClassifier {
    private static final Set<String> RETRIABLE_STATES = Set.of(
            "40001", "40P01", "57P01", "57P02", "57P03", "55P03", "57014", "25006");
    private static final Set<String> PERMANENT_STATES = Set.of("3D000", "42501");

    private PostgresErrorClassifier() {}

    /** The connector error for {@code error}, which happened while doing {@code action}. */
    static ConnectorException classify(Throwable error, String action) {
        if (error instanceof ConnectorException known) {
            return known;
        }
        String state = sqlState(error);
        String message = "Postgres: " + action + " failed: " + describe(error, state);
        if (state != null) {
            if (state.startsWith("08") || state.startsWith("53") || RETRIABLE_STATES.contains(state)) {
                return new RetriableConnectorException(message, error);
            }
            if (state.startsWith("28") || PERMANENT_STATES.contains(state)) {
                return new PermanentConnectorException(message, error);
            }
        }
        if (isConnectionProblem(error)) {
            return new RetriableConnectorException(message, error);
        }
        return new PermanentConnectorException(message, error);
    }

    /** Whether {@code error} is about the data of a row (classes 22 and 23), not the database. */
    static boolean isDataError(Throwable error) {
        String state = sqlState(error);
        return state != null && (state.startsWith("22") || state.startsWith("23"));
    }

    /** A unique index refused a key that has a row (SQLSTATE 23505). */
    static boolean isUniqueViolation(Throwable error) {
        return "23505".equals(sqlState(error));
    }

    /** A reason fit for a dead letter: the SQLSTATE and Postgres's message. */
    static String rejectionReason(Throwable error) {
        return describe(error, sqlState(error));
    }

    private static String describe(Throwable error, @Nullable String state) {
        String message = error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage();
        return state == null ? message : "SQLSTATE " + state + ": " + message;
    }

    private static @Nullable String sqlState(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof R2dbcException r2dbc && r2dbc.getSqlState() != null && !r2dbc.getSqlState().isBlank()) {
                return r2dbc.getSqlState();
            }
        }
        return null;
    }

    private static boolean isConnectionProblem(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            // The driver reports refused and dropped connections as non-transient resource errors
            // without a SQLSTATE; for a sync engine they pass once the server is back.
            if (t instanceof IOException || t instanceof ClosedChannelException || t instanceof TimeoutException
                    || t instanceof R2dbcTransientException || t instanceof R2dbcNonTransientResourceException) {
                return true;
            }
        }
        return false;
    }
}
