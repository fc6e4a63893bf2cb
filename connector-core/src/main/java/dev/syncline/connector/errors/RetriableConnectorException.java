package dev.syncline.connector.errors;

import java.time.Duration;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** A failure that may go away: the lane retries the same batch after a backoff. */
public final class RetriableConnectorException extends ConnectorException {
    private final @Nullable Duration retryAfter;

    public RetriableConnectorException(String message, @Nullable Throwable cause) {
        this(message, cause, null);
    }

    /**
     * @param retryAfter the destination's own hint of when to retry, if it gave one
     */
    public RetriableConnectorException(String message, @Nullable Throwable cause, @Nullable Duration retryAfter) {
        super(message, cause);
        this.retryAfter = retryAfter;
    }

    /** The destination's hint of when to retry (for example a {@code Retry-After} header). */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
