package dev.syncline.connector.errors;

import dev.syncline.connector.record.RecordKey;

/** The destination refused one record for a reason tied to that record; it is dead-lettered. */
public final class RecordRejectedException extends ConnectorException {
    private final RecordKey key;

    public RecordRejectedException(RecordKey key, String reason) {
        super("rejected " + key + ": " + reason);
        this.key = key;
    }

    public RecordKey key() {
        return key;
    }
}
