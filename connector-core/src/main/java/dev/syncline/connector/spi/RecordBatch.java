package dev.syncline.connector.spi;

import dev.syncline.connector.record.SyncRecord;
import java.util.List;

/**
 * Records handed to a connector in one {@link SinkConnector#write} call. A batch may mix object
 * types, and may hold several records for the same object (the connector applies the newest).
 *
 * @param records the records, in source order
 */
public record RecordBatch(List<SyncRecord> records) {
    public RecordBatch {
        records = List.copyOf(records);
    }

    public static RecordBatch of(SyncRecord... records) {
        return new RecordBatch(List.of(records));
    }

    public int size() {
        return records.size();
    }
}
