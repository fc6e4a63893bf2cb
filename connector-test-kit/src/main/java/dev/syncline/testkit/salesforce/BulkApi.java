package dev.syncline.testkit.salesforce;

import dev.syncline.connector.record.Json;
import dev.syncline.testkit.http.FakeHttpsServer.Reply;
import dev.syncline.testkit.http.RecordedRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Bulk API 2.0 ingest under {@code /services/data/vXX.X/jobs/ingest}: create (upsert by external
 * id), one CSV upload, close with {@code UploadComplete}, status polls, and the three result
 * endpoints. A CSV header may name a parent by external id ({@code Account.Stripe_Customer_Id__c});
 * an empty cell leaves a field as it is and {@code #N/A} clears it, as in Salesforce.
 */
final class BulkApi {
    private final FakeSalesforce org;
    private final Map<String, BulkJob> jobs = new LinkedHashMap<>();
    private long nextId = 1;

    BulkApi(FakeSalesforce org) {
        this.org = org;
    }

    List<BulkJob> jobs() {
        return List.copyOf(jobs.values());
    }

    Reply create(RecordedRequest request, String apiVersion) {
        Map<String, @Nullable Object> body;
        try {
            body = Json.parseObject(request.body());
        } catch (IllegalArgumentException e) {
            return FakeSalesforce.error(400, "JSON_PARSER_ERROR", "Unexpected character in the request body");
        }
        String object = String.valueOf(body.get("object"));
        String operation = String.valueOf(body.get("operation"));
        String extField = body.get("externalIdFieldName") instanceof String s ? s : "";
        Optional<SObjectType> type = org.store().type(object);
        if (type.isEmpty()) {
            return FakeSalesforce.error(400, "INVALIDENTITY", "Entity '" + object + "' is not supported by the Bulk API");
        }
        if (!operation.equals("upsert")) {
            return FakeSalesforce.error(400, "FEATURENOTENABLED", "The fake supports the upsert operation only");
        }
        if (type.get().field(extField).filter(FieldDef::externalId).isEmpty()) {
            return FakeSalesforce.error(400, "INVALIDJOB", "InvalidJob : External ID was blank or not an external id field for " + object + ": " + extField);
        }
        if (!"CSV".equals(body.getOrDefault("contentType", "CSV"))) {
            return FakeSalesforce.error(400, "INVALIDJOB", "contentType must be CSV");
        }
        String id = String.format("750R%011dAAA", nextId++);
        BulkJob job = new BulkJob(id, object, operation, extField, org.nowText());
        jobs.put(id, job);
        return Reply.json(200, Json.write(job.info(apiVersion)));
    }

    Reply upload(RecordedRequest request, String jobId) {
        BulkJob job = jobs.get(jobId);
        if (job == null) {
            return notFound();
        }
        if (!job.state.equals("Open") || job.csv != null) {
            return FakeSalesforce.error(409, "INVALIDJOBSTATE", "Job's state is " + job.state + "; data can be uploaded once, while it is Open");
        }
        job.csv = new String(request.body(), StandardCharsets.UTF_8);
        return Reply.status(201);
    }

    Reply changeState(RecordedRequest request, String jobId, String apiVersion) {
        BulkJob job = jobs.get(jobId);
        if (job == null) {
            return notFound();
        }
        Object state = Json.parseObject(request.body()).get("state");
        if ("Aborted".equals(state) && !job.terminal()) {
            job.state = "Aborted";
        } else if ("UploadComplete".equals(state) && job.state.equals("Open")) {
            job.state = "UploadComplete";
            job.pollsLeft = org.bulkProcessingPolls();
        } else {
            return FakeSalesforce.error(400, "INVALIDJOBSTATE", "Cannot change state from " + job.state + " to " + state);
        }
        return Reply.json(200, Json.write(job.info(apiVersion)));
    }

    Reply status(String jobId, String apiVersion) {
        BulkJob job = jobs.get(jobId);
        if (job == null) {
            return notFound();
        }
        if (job.state.equals("UploadComplete") || job.state.equals("InProgress")) {
            if (job.pollsLeft > 0) {
                job.pollsLeft--;
                job.state = "InProgress";
            } else {
                process(job);
            }
        }
        return Reply.json(200, Json.write(job.info(apiVersion)));
    }

    Reply results(String jobId, String kind) {
        BulkJob job = jobs.get(jobId);
        if (job == null) {
            return notFound();
        }
        if (!job.terminal()) {
            return FakeSalesforce.error(400, "INVALIDJOBSTATE", "Job is not complete");
        }
        StringBuilder csv = new StringBuilder();
        List<String> header = new ArrayList<>();
        List<List<String>> rows = switch (kind) {
            case "successfulResults" -> {
                header.add("sf__Id");
                header.add("sf__Created");
                yield job.successful;
            }
            case "failedResults" -> {
                header.add("sf__Id");
                header.add("sf__Error");
                yield job.failed;
            }
            default -> List.of();
        };
        header.addAll(job.header);
        csv.append(FakeCsv.line(header));
        rows.forEach(r -> csv.append(FakeCsv.line(r)));
        return new Reply(200, Map.of("Content-Type", "text/csv"), csv.toString().getBytes(StandardCharsets.UTF_8));
    }

    Reply delete(String jobId) {
        return jobs.remove(jobId) == null ? notFound() : Reply.status(204);
    }

    private void process(BulkJob job) {
        String failure = org.takeBulkJobFailure();
        if (failure != null || job.csv == null) {
            job.state = "Failed";
            job.errorMessage = failure != null ? failure : "InvalidBatch : No data was uploaded";
            return;
        }
        List<List<String>> rows;
        try {
            rows = FakeCsv.parse(job.csv);
        } catch (IllegalArgumentException e) {
            job.state = "Failed";
            job.errorMessage = "InvalidBatch : " + e.getMessage();
            return;
        }
        SObjectType type = org.store().type(job.object).orElseThrow();
        List<String> header = rows.isEmpty() ? List.of() : rows.get(0);
        job.header.addAll(header);
        for (String column : header) {
            String field = column.contains(".") ? column.substring(0, column.indexOf('.')) : column;
            if (org.store().unknownFields(type, List.of(field)).size() == 1) {
                job.state = "Failed";
                job.errorMessage = "InvalidBatch : Field name not found : " + column;
                return;
            }
        }
        for (List<String> row : rows.subList(Math.min(1, rows.size()), rows.size())) {
            Map<String, @Nullable Object> values = new LinkedHashMap<>();
            for (int i = 0; i < header.size() && i < row.size(); i++) {
                String column = header.get(i);
                String cell = row.get(i);
                if (cell.isEmpty()) {
                    continue;
                }
                if (column.contains(".")) {
                    values.put(column.substring(0, column.indexOf('.')), Map.of(column.substring(column.indexOf('.') + 1), cell));
                } else {
                    values.put(column, cell.equals("#N/A") ? null : cell);
                }
            }
            SaveResult result = org.write(type, job.externalIdField, values, new ArrayList<>());
            List<String> out = new ArrayList<>();
            if (result.success()) {
                out.add(result.id());
                out.add(String.valueOf(result.created()));
                out.addAll(row);
                job.successful.add(out);
            } else {
                out.add("");
                out.add(result.statusCode() + ":" + result.message());
                out.addAll(row);
                job.failed.add(out);
            }
        }
        job.state = "JobComplete";
    }

    private static Reply notFound() {
        return FakeSalesforce.error(404, "NOT_FOUND", "The requested resource does not exist");
    }
}
