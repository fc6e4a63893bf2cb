package dev.syncline.runner.intake;

/**
 * An event could not be made durable: the queue of appends waiting for the database is full, or
 * the database failed or took too long. The intake answers 503, so Stripe delivers the event again.
 */
public final class InboxUnavailableException extends RuntimeException {
    InboxUnavailableException(String message) {
        super(message);
    }

    InboxUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
