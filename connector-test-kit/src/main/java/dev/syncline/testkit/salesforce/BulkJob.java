package dev.syncline.testkit.salesforce;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One Bulk API 2.0 ingest job of the fake: {@code Open → UploadComplete → InProgress → JobComplete
 * | Failed | Aborted}. Its rows are processed when a status poll moves it to {@code JobComplete},
 * so nothing of the job is visible before the client could know it finished.
 */
final class BulkJob {
    final String id;
    final String object;
    final String operation;
    final String externalIdField;
    final String createdDate;
    String state = "Open";
    @Nullable String csv;
    @Nullable String errorMessage;
    /** Status polls still answered before the job leaves {@code UploadComplete}/{@code InProgress}. */
    int pollsLeft;
    final List<String> header = new ArrayList<>();
    final List<List<String>> successful = new ArrayList<>();
    final List<List<String>> failed = new ArrayList<>();

    BulkJob(String id, String object, String operation, String externalIdField, String createdDate) {
        this.id = id;
        this.object = object;
        this.operation = operation;
        this.externalIdField = externalIdField;
        this.createdDate = createdDate;
    }

    boolean terminal() {
        return state.equals("JobComplete") || state.equals("Failed") || state.equals("Aborted");
    }

    Map<String, @Nullable Object> info(String apiVersion) {
        Map<String, @Nullable Object> info = new LinkedHashMap<>();
        info.put("id", id);
        info.put("operation", operation);
        info.put("object", object);
        info.put("createdById", "005R0000000SynclineAAA");
        info.put("createdDate", createdDate);
        info.put("systemModstamp", createdDate);
        info.put("state", state);
        info.put("externalIdFieldName", externalIdField);
        info.put("concurrencyMode", "Parallel");
        info.put("contentType", "CSV");
        info.put("apiVersion", Double.parseDouble(apiVersion.substring(1)));
        info.put("jobType", "V2Ingest");
        info.put("contentUrl", "services/data/" + apiVersion + "/jobs/ingest/" + id + "/batches");
        info.put("lineEnding", "LF");
        info.put("columnDelimiter", "COMMA");
        info.put("numberRecordsProcessed", (long) (successful.size() + failed.size()));
        info.put("numberRecordsFailed", (long) failed.size());
        info.put("retries", 0L);
        info.put("totalProcessingTime", 0L);
        if (errorMessage != null) {
            info.put("errorMessage", errorMessage);
        }
        return info;
    }
}
