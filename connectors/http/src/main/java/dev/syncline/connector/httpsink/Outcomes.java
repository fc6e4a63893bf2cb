package dev.syncline.connector.httpsink;

import dev.syncline.connector.errors.PermanentConnectorException;
import dev.syncline.connector.record.Json;
import dev.syncline.connector.spi.BatchResult;
import dev.syncline.connector.spi.RecordOutcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Reads the per-record outcomes of a 2xx answer. The endpoint keeps "newer wins" itself and may
 * say what it did with each record, in batch order:
 *
 * <pre>{@code {"results": [{"status": "applied"}, {"status": "stale"}, {"status": "rejected", "reason": "..."}]}}</pre>
 *
 * <p>An empty body means every record was applied: endpoints that only forward need not answer more.
 */
final class Outcomes {
    private Outcomes() {}

    static BatchResult read(byte[] body, int size, String url) {
        String text = new String(body, java.nio.charset.StandardCharsets.UTF_8).strip();
        if (text.isEmpty()) {
            return BatchResult.all(size, RecordOutcome.APPLIED);
        }
        Map<String, @Nullable Object> json;
        try {
            json = Json.parseObject(text);
        } catch (IllegalArgumentException e) {
            throw new PermanentConnectorException("HTTP destination " + url + " answered 2xx with a body that is not JSON", e);
        }
        if (!(json.get("results") instanceof List<?> results)) {
            return BatchResult.all(size, RecordOutcome.APPLIED);
        }
        if (results.size() != size) {
            throw new PermanentConnectorException("HTTP destination " + url + " answered " + results.size()
                    + " results for " + size + " records");
        }
        List<RecordOutcome> outcomes = new ArrayList<>(size);
        for (Object result : results) {
            outcomes.add(outcome(result, url));
        }
        return new BatchResult(outcomes);
    }

    private static RecordOutcome outcome(@Nullable Object result, String url) {
        if (!(result instanceof Map<?, ?> entry) || !(entry.get("status") instanceof String status)) {
            throw new PermanentConnectorException("HTTP destination " + url + " answered a result without a status");
        }
        String reason = entry.get("reason") instanceof String r ? r : "";
        return switch (status.toLowerCase(Locale.ROOT)) {
            case "applied" -> RecordOutcome.APPLIED;
            case "unchanged" -> RecordOutcome.UNCHANGED;
            case "stale" -> RecordOutcome.STALE;
            case "tie" -> RecordOutcome.TIE;
            case "rejected" -> RecordOutcome.rejected(reason.isEmpty() ? "rejected by the endpoint" : reason);
            case "failed" -> RecordOutcome.failed(reason.isEmpty() ? "the endpoint could not write it yet" : reason);
            default -> throw new PermanentConnectorException("HTTP destination " + url + " answered an unknown status: " + status);
        };
    }
}
