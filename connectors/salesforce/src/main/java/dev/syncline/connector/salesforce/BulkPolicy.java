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
 *       records for it (a backfill in the runner's batches of 500), and this batch needs more than
 *       one Collections request; the run ends with the first batch that carries none.
 * </ul>
 *
 * Below that, live changes keep the low latency of Collections.
 */
final class BulkPolicy {
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
        return records >= threshold || (run >= threshold && records > CollectionsWriter.MAX_RECORDS);
    }
}
