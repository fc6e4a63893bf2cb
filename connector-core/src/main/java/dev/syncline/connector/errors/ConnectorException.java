package dev.syncline.connector.errors;

/**
 * The root of the errors a connector reports. Each connector classifies its wire-level failures
 * into exactly one of the three kinds, in one place, so the runner decides what to do from the
 * type alone:
 *
 * <ul>
 *   <li>{@link RetriableConnectorException}: the destination may succeed later (timeouts, 429, 5xx,
 *       lost connections); the lane retries with backoff, honouring {@link RetriableConnectorException#retryAfter()}.
 *   <li>{@link PermanentConnectorException}: retrying cannot help (bad credentials, missing
 *       permissions, a broken configuration); the pipeline stops with this error.
 *   <li>{@link RecordRejectedException}: the destination refused one record; it goes to the dead letters.
 * </ul>
 */
public abstract sealed class ConnectorException extends RuntimeException
        permits RetriableConnectorException, PermanentConnectorException, RecordRejectedException {

    protected ConnectorException(String message, Throwable cause) {
        super(message, cause);
    }

    protected ConnectorException(String message) {
        super(message);
    }
}
