package dev.syncline.testkit.salesforce;

/** The kinds of request {@link FakeSalesforce} counts. */
public enum Endpoint {
    /** {@code POST /services/oauth2/token}; does not count against the API limit. */
    TOKEN,
    /** {@code GET /sobjects/{o}/describe}. */
    DESCRIBE,
    /** {@code PATCH /composite/sobjects/{o}/{field}}. */
    COLLECTIONS_UPSERT,
    /** {@code POST /jobs/ingest}. */
    BULK_CREATE,
    /** {@code PUT /jobs/ingest/{id}/batches}. */
    BULK_UPLOAD,
    /** {@code PATCH /jobs/ingest/{id}} (close or abort). */
    BULK_CLOSE,
    /** {@code GET /jobs/ingest/{id}}. */
    BULK_STATUS,
    /** {@code GET /jobs/ingest/{id}/(successfulResults|failedResults|unprocessedrecords)/}. */
    BULK_RESULTS,
    /** {@code DELETE /jobs/ingest/{id}}. */
    BULK_DELETE,
    /** Anything else under {@code /services/data}. */
    OTHER
}
