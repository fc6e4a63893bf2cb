package dev.syncline.connector.salesforce;

import dev.syncline.connector.errors.PermanentConnectorException;
import dev.syncline.connector.errors.RetriableConnectorException;
import dev.syncline.connector.record.Json;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * Bulk API 2.0 ingest for large runs of one sObject (crm-apis.md §2.5): create an upsert job by
 * external id, upload the records as one CSV, close it ({@code UploadComplete}), poll until
 * {@code JobComplete} or {@code Failed} (waits doubling from {@code bulk-poll-interval} to 10 s),
 * then read {@code failedResults} and match the failures back to records by their external id,
 * since Salesforce does not keep the upload's order. A job costs about five API calls whatever its
 * size, against one call per 200 records for Collections.
 *
 * <p>Rows Salesforce could not lock are sent again through Collections. A job still running after
 * {@code bulk-timeout} is aborted and its records fail as retriable: an upsert by external id is
 * idempotent, so sending them again is safe. Finished jobs are left for Salesforce to delete after
 * seven days, so admins can still read their results in Setup.
 */
final class BulkWriter {
    private final SalesforceApi api;
    private final CollectionsWriter collections;
    private final Duration firstPoll;
    private final Duration timeout;

    BulkWriter(SalesforceApi api, CollectionsWriter collections, Duration firstPoll, Duration timeout) {
        this.api = api;
        this.collections = collections;
        this.firstPoll = firstPoll;
        this.timeout = timeout;
    }

    /** One result per record, in order. */
    Mono<List<RecordResult>> upsert(TargetMapping target, List<Map<String, @Nullable Object>> records) {
        Map<String, Object> job = new LinkedHashMap<>();
        job.put("object", target.sObject());
        job.put("operation", "upsert");
        job.put("externalIdFieldName", target.externalIdField());
        job.put("contentType", "CSV");
        job.put("lineEnding", "LF");
        job.put("columnDelimiter", "COMMA");
        String what = "a Bulk upsert of " + records.size() + " " + target.sObject() + " records";
        byte[] csv = Csv.write(records).getBytes(StandardCharsets.UTF_8);
        return api.json("POST", "/jobs/ingest", job, "creating " + what)
                .map(response -> String.valueOf(Json.parseObject(response.body()).get("id")))
                .flatMap(id -> api.call("PUT", "/jobs/ingest/" + id + "/batches", "text/csv", csv, "uploading " + what)
                        .then(api.json("PATCH", "/jobs/ingest/" + id, Map.of("state", "UploadComplete"), "closing " + what))
                        .then(finished(id, what))
                        .flatMap(info -> results(target, id, info, records, what)));
    }

    private Mono<Map<String, @Nullable Object>> finished(String id, String what) {
        return BulkPolling.untilDone(() -> api.json("GET", "/jobs/ingest/" + id, null, "polling " + what)
                        .map(response -> Json.parseObject(response.body())), firstPoll)
                .timeout(timeout)
                .onErrorResume(java.util.concurrent.TimeoutException.class, e -> api
                        .json("PATCH", "/jobs/ingest/" + id, Map.of("state", "Aborted"), "aborting " + what)
                        .onErrorResume(abortFailed -> Mono.empty())
                        .then(Mono.error(new RetriableConnectorException("Salesforce did not finish " + what + " (job " + id
                                + ") within bulk-timeout " + timeout + "; it was aborted and its records will be sent again", e))));
    }

    private Mono<List<RecordResult>> results(TargetMapping target, String id, Map<String, @Nullable Object> info,
                                             List<Map<String, @Nullable Object>> records, String what) {
        String state = String.valueOf(info.get("state"));
        if (!state.equals("JobComplete")) {
            String error = String.valueOf(info.getOrDefault("errorMessage", "no errorMessage"));
            String message = "Salesforce ended " + what + " (job " + id + ") " + state + ": " + error;
            // InvalidBatch and InvalidJob name the upload itself (a column the org lacks): sending it again fails again.
            return Mono.error(error.startsWith("InvalidBatch") || error.startsWith("InvalidJob")
                    ? new PermanentConnectorException(message) : new RetriableConnectorException(message, null));
        }
        long failed = info.get("numberRecordsFailed") instanceof Number n ? n.longValue() : 0;
        if (failed == 0) {
            return Mono.just(java.util.Collections.nCopies(records.size(), RecordResult.WRITTEN));
        }
        return api.call("GET", "/jobs/ingest/" + id + "/failedResults/", "application/json", new byte[0], "reading the failures of " + what)
                .map(response -> failures(target, response.bodyText()))
                .flatMap(byExternalId -> {
                    List<RecordResult> results = new ArrayList<>(records.size());
                    List<Integer> locked = new ArrayList<>();
                    for (int i = 0; i < records.size(); i++) {
                        RecordResult result = byExternalId.getOrDefault(String.valueOf(records.get(i).get(target.externalIdField())), RecordResult.WRITTEN);
                        results.add(result);
                        if (!result.success() && SalesforceErrorClassifier.retriableRecord(result.statusCode())) {
                            locked.add(i);
                        }
                    }
                    if (locked.isEmpty()) {
                        return Mono.just(results);
                    }
                    return collections.upsert(target, locked.stream().map(records::get).toList()).map(retried -> {
                        for (int j = 0; j < locked.size(); j++) {
                            results.set(locked.get(j), retried.get(j));
                        }
                        return results;
                    });
                });
    }

    /** {@code "sf__Id","sf__Error",<columns>}, by the external id column; {@code sf__Error} is {@code CODE:message}. */
    private static Map<String, RecordResult> failures(TargetMapping target, String csv) {
        List<List<String>> rows = Csv.parse(csv);
        Map<String, RecordResult> out = new HashMap<>();
        if (rows.isEmpty()) {
            return out;
        }
        List<String> header = rows.get(0);
        int error = header.indexOf("sf__Error");
        int external = header.indexOf(target.externalIdField());
        if (error < 0 || external < 0) {
            throw new PermanentConnectorException("Salesforce's failedResults have no sf__Error or " + target.externalIdField() + " column");
        }
        for (List<String> row : rows.subList(1, rows.size())) {
            if (row.size() <= Math.max(error, external)) {
                continue;
            }
            String text = row.get(error);
            int colon = text.indexOf(':');
            out.put(row.get(external), colon < 0 ? RecordResult.error("UNKNOWN_ERROR", text)
                    : RecordResult.error(text.substring(0, colon).strip(), text.substring(colon + 1).strip()));
        }
        return out;
    }
}
