package dev.syncline.connector.salesforce;

import dev.syncline.connector.errors.PermanentConnectorException;
import dev.syncline.connector.record.Json;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * sObject Collections upsert by external id: chunks of at most 200 records of one sObject, each
 * chunk one {@code PATCH /composite/sobjects/{SObject}/{ExternalIdField}} with {@code allOrNone:
 * false}, so one bad record costs only itself. Results come back in request order. Records
 * refused with {@code UNABLE_TO_LOCK_ROW} (another transaction holds the row) are sent again, up
 * to {@link #LOCK_RETRIES} times, after 1, 2 and 4 s.
 */
final class CollectionsWriter {
    static final int MAX_RECORDS = 200;
    static final int LOCK_RETRIES = 3;
    private static final Duration LOCK_BACKOFF = Duration.ofSeconds(1);

    private final SalesforceApi api;

    CollectionsWriter(SalesforceApi api) {
        this.api = api;
    }

    /** One result per record, in order. */
    Mono<List<RecordResult>> upsert(TargetMapping target, List<Map<String, @Nullable Object>> records) {
        return upsert(target, records, 0);
    }

    private Mono<List<RecordResult>> upsert(TargetMapping target, List<Map<String, @Nullable Object>> records, int lockRetry) {
        List<List<Map<String, @Nullable Object>>> chunks = new ArrayList<>();
        for (int from = 0; from < records.size(); from += MAX_RECORDS) {
            chunks.add(records.subList(from, Math.min(records.size(), from + MAX_RECORDS)));
        }
        return Flux.fromIterable(chunks).concatMap(chunk -> send(target, chunk)).collectList()
                .map(lists -> lists.stream().flatMap(List::stream).toList())
                .flatMap(results -> retryLocked(target, records, results, lockRetry));
    }

    private Mono<List<RecordResult>> retryLocked(TargetMapping target, List<Map<String, @Nullable Object>> records,
                                                 List<RecordResult> results, int lockRetry) {
        List<Integer> locked = new ArrayList<>();
        for (int i = 0; i < results.size(); i++) {
            if (!results.get(i).success() && SalesforceErrorClassifier.retriableRecord(results.get(i).statusCode())) {
                locked.add(i);
            }
        }
        if (locked.isEmpty() || lockRetry >= LOCK_RETRIES) {
            return Mono.just(results);
        }
        List<Map<String, @Nullable Object>> again = locked.stream().map(records::get).toList();
        return Mono.delay(LOCK_BACKOFF.multipliedBy(1L << lockRetry))
                .then(upsert(target, again, lockRetry + 1))
                .map(retried -> {
                    List<RecordResult> merged = new ArrayList<>(results);
                    for (int j = 0; j < locked.size(); j++) {
                        merged.set(locked.get(j), retried.get(j));
                    }
                    return merged;
                });
    }

    private Mono<List<RecordResult>> send(TargetMapping target, List<Map<String, @Nullable Object>> chunk) {
        List<Map<String, @Nullable Object>> body = new ArrayList<>(chunk.size());
        for (Map<String, @Nullable Object> fields : chunk) {
            Map<String, @Nullable Object> record = new LinkedHashMap<>();
            record.put("attributes", Map.of("type", target.sObject()));
            record.putAll(fields);
            body.add(record);
        }
        Map<String, Object> request = Map.of("allOrNone", false, "records", body);
        String what = "an upsert of " + chunk.size() + " " + target.sObject() + " records";
        return api.json("PATCH", "/composite/sobjects/" + target.sObject() + "/" + target.externalIdField(), request, what)
                .map(response -> results(response.body(), chunk.size(), what));
    }

    private static List<RecordResult> results(byte[] body, int expected, String what) {
        Object parsed = Json.mapper().readValue(body, Object.class);
        if (!(parsed instanceof List<?> list) || list.size() != expected) {
            throw new PermanentConnectorException("Salesforce answered " + what + " with " + (parsed instanceof List<?> l ? l.size() : 0)
                    + " results for " + expected + " records");
        }
        List<RecordResult> results = new ArrayList<>(expected);
        for (Object item : list) {
            Map<?, ?> result = item instanceof Map<?, ?> m ? m : Map.of();
            if (Boolean.TRUE.equals(result.get("success"))) {
                results.add(RecordResult.WRITTEN);
                continue;
            }
            Map<?, ?> error = result.get("errors") instanceof List<?> errors && !errors.isEmpty() && errors.get(0) instanceof Map<?, ?> e
                    ? e : Map.of();
            String fields = error.get("fields") instanceof List<?> f && !f.isEmpty() ? " (fields: " + String.join(", ", f.stream().map(String::valueOf).toList()) + ")" : "";
            Object code = error.get("statusCode");
            Object message = error.get("message");
            results.add(RecordResult.error(code == null ? "UNKNOWN_ERROR" : String.valueOf(code),
                    (message == null ? "no message" : String.valueOf(message)) + fields));
        }
        return results;
    }
}
