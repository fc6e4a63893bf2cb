package dev.syncline.connector.httpsink;

import dev.syncline.connector.record.Json;
import dev.syncline.connector.record.SyncRecord;
import dev.syncline.connector.spi.RecordBatch;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The JSON body of one batch. Each entry carries what a receiver needs to keep "newer wins":
 *
 * <pre>{@code
 * {"object": "syncline.batch", "pipeline": "crm", "created": 1767000000,
 *  "data": [{"account": "acct_1", "object_type": "customer", "id": "cus_1", "operation": "upsert",
 *            "version": 1767000000, "origin": "backfill", "object": {...}}]}
 * }</pre>
 */
final class BatchPayload {
    private BatchPayload() {}

    static byte[] encode(String pipeline, long created, RecordBatch batch) {
        List<Map<String, @Nullable Object>> data = new ArrayList<>(batch.size());
        for (SyncRecord record : batch.records()) {
            Map<String, @Nullable Object> entry = new LinkedHashMap<>();
            entry.put("account", record.key().accountId());
            entry.put("object_type", record.key().objectType());
            entry.put("id", record.key().id());
            entry.put("operation", record.operation().name().toLowerCase(Locale.ROOT));
            entry.put("version", record.version());
            entry.put("origin", record.origin().name().toLowerCase(Locale.ROOT));
            entry.put("object", record.payload());
            data.add(entry);
        }
        Map<String, @Nullable Object> body = new LinkedHashMap<>();
        body.put("object", "syncline.batch");
        body.put("pipeline", pipeline);
        body.put("created", created);
        body.put("data", data);
        return Json.write(body).getBytes(StandardCharsets.UTF_8);
    }
}
