package dev.syncline.testkit.salesforce;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The outcome of writing one record, shaped like Salesforce's UpsertResult: failed results carry
 * no id and one error with {@code statusCode}, {@code message} and {@code fields}.
 *
 * @param id the record id, null when it failed
 * @param created whether the record was new
 * @param statusCode the error code when it failed
 * @param message the error message when it failed
 * @param fields the fields the error is about
 */
record SaveResult(@Nullable String id, boolean created, @Nullable String statusCode, @Nullable String message, List<String> fields) {
    static SaveResult ok(String id, boolean created) {
        return new SaveResult(id, created, null, null, List.of());
    }

    static SaveResult error(String statusCode, String message, List<String> fields) {
        return new SaveResult(null, false, statusCode, message, List.copyOf(fields));
    }

    boolean success() {
        return statusCode == null;
    }
}
