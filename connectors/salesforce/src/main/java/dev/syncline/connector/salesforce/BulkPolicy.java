package dev.syncline.connector.salesforce;

import java.util.HashMap;
import java.util.Map;

/**
 * Decides, per sObject and batch, between Collections and Bulk API 2.0. Salesforce's guidance is
 * about the data operation, not the request: "more than 2,000 records is a good candidate for
 * Bulk API 2.0". So Bulk is used when
 *
 * <ul>
 *   <li>one batch holds at least {@code bulk-threshold} records for the sObject, or
 *   <li>a run of consecutive batches carrying backfill records has reached {@code bulk-threshold}
 *       records for it, and this batch holds at least {@link #MIN_RUN_BATCH} of them; the run ends
 *       with the first batch that carries none.
 * </ul>
 *
 * The floor exists because a job costs about five API calls (create, upload, close, two polls)
 * whatever its size, while Collections costs one per 200 records: below 1,000 records a job spends
 * more of the org's daily allocation than it saves, so a backfill in the runner's default batches
 * of 500 stays on Collections (raise the pipeline's {@code batch-size} to move it to Bulk). Below
 * that, live changes keep the low latency of Collections.
 */
final class BulkPolicy {
    static final int MIN_RUN_BATCH = 5 * CollectionsWriter.MAX_RECORDS;

    private final int threshold;
    private final Map<String, Long> runs = new HashMap<>();

    BulkPolicy(int threshold) {
        this.threshold = threshold;
    }

    /**
     * @param target the sObject and external id
     * @param records the records to write to it in this batch
     * @param backfillRecords how many of them come from a backfill
     */
    boolean useBulk(String target, int records, int backfillRecords) {
        long run = backfillRecords == 0 ? 0 : runs.getOrDefault(target, 0L) + backfillRecords;
        runs.put(target, run);
        return records >= threshold || (run >= threshold && records >= MIN_RUN_BATCH);
    }
}
