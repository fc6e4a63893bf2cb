package dev.syncline.testkit.salesforce;

/**
 * An error the fake answers for one record, as an org's validation rule, trigger or lock would.
 *
 * @param statusCode for example {@code FIELD_CUSTOM_VALIDATION_EXCEPTION} or {@code UNABLE_TO_LOCK_ROW}
 * @param message the message
 * @param times how many more writes of the record fail; {@link Integer#MAX_VALUE} for always
 */
record RecordFault(String statusCode, String message, int times) {}
