package dev.syncline.connector.errors;

import org.jspecify.annotations.Nullable;

/** A failure that retrying cannot fix: credentials, permissions, configuration. */
public final class PermanentConnectorException extends ConnectorException {
    public PermanentConnectorException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }

    public PermanentConnectorException(String message) {
        super(message);
    }
}
