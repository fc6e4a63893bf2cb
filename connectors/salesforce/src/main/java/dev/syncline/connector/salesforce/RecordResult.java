package dev.syncline.connector.salesforce;

/**
 * What Salesforce did with one record of a Collections request or a Bulk job.
 *
 * @param success whether it was written
 * @param statusCode the error code when it was not, for example {@code INVALID_EMAIL_ADDRESS}
 * @param message the error message when it was not
 */
record RecordResult(boolean success, String statusCode, String message) {
    static final RecordResult WRITTEN = new RecordResult(true, "", "");

    static RecordResult error(String statusCode, String message) {
        return new RecordResult(false, statusCode, message);
    }

    /** {@code STATUS_CODE: message}, as dead letters show it. */
    String reason() {
        return statusCode + ": " + message;
    }
}
