package dev.syncline.connector.salesforce;

import dev.syncline.connector.errors.ConnectorException;
import dev.syncline.connector.errors.PermanentConnectorException;
import dev.syncline.connector.errors.RetriableConnectorException;
import dev.syncline.connector.http.EgressDeniedException;
import dev.syncline.connector.http.HttpResponse;
import dev.syncline.connector.record.Json;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import tools.jackson.core.JacksonException;

/**
 * The one place where Salesforce's answers become connector error kinds (crm-apis.md §2.6):
 *
 * <ul>
 *   <li>2xx: written;
 *   <li>401 {@code INVALID_SESSION_ID}: re-authenticate once and resend; a second 401 is permanent;
 *   <li>403 {@code REQUEST_LIMIT_EXCEEDED} with {@code TotalRequests}: the daily allocation is used
 *       up; retriable only after a long hold ({@link #DAILY_LIMIT_HOLD}), which the lane honours;
 *   <li>403 {@code REQUEST_LIMIT_EXCEEDED} otherwise (concurrent long-running requests): back off and retry;
 *   <li>500, 502, 503 ({@code SERVER_UNAVAILABLE}), 504, timeouts and lost connections: retriable;
 *   <li>every other status (300, 400 {@code INVALID_FIELD}/{@code JSON_PARSER_ERROR}, other 403s,
 *       404, 405, 409, 412, 414, 415, 431): permanent. These come from the configuration (a
 *       mapped field the org lacks, missing permissions) and would fail every record alike;
 *       dead-lettering them all would empty the pipeline into the dead letters;
 *   <li>an egress denial (the instance URL off the allow-list): permanent, nothing was sent.
 * </ul>
 *
 * Per-record errors in Collections and Bulk results: {@code UNABLE_TO_LOCK_ROW} is retried,
 * everything else dead-letters the record with Salesforce's {@code statusCode} and message.
 */
final class SalesforceErrorClassifier {
    /** How long the connector holds off once the daily allocation is exhausted: the 24 h window rolls slowly. */
    static final Duration DAILY_LIMIT_HOLD = Duration.ofMinutes(10);
    private static final Set<Integer> RETRIABLE = Set.of(500, 502, 503, 504);
    private static final Set<String> RETRIABLE_RECORD = Set.of("UNABLE_TO_LOCK_ROW");

    private SalesforceErrorClassifier() {}

    enum Kind { OK, REAUTHENTICATE, DAILY_LIMIT, CONCURRENCY_LIMIT, RETRIABLE, PERMANENT }

    static Kind kind(HttpResponse response) {
        int status = response.status();
        if (status >= 200 && status < 300) {
            return Kind.OK;
        }
        String code = errorCode(response);
        if (status == 401) {
            return Kind.REAUTHENTICATE;
        }
        if (status == 403 && code.equals("REQUEST_LIMIT_EXCEEDED")) {
            return message(response).contains("TotalRequests") ? Kind.DAILY_LIMIT : Kind.CONCURRENCY_LIMIT;
        }
        return RETRIABLE.contains(status) ? Kind.RETRIABLE : Kind.PERMANENT;
    }

    /** The error for an answer that is not 2xx, after any re-authentication. */
    static ConnectorException failure(HttpResponse response, String what) {
        String message = "Salesforce answered " + response.status() + " to " + what + describe(response);
        return switch (kind(response)) {
            case DAILY_LIMIT -> new RetriableConnectorException(message + "; the org's daily API allocation is used up, holding off for "
                    + DAILY_LIMIT_HOLD.toMinutes() + " minutes", null, DAILY_LIMIT_HOLD);
            case CONCURRENCY_LIMIT, RETRIABLE -> new RetriableConnectorException(message, null);
            case REAUTHENTICATE -> new PermanentConnectorException(message
                    + "; a fresh session was refused too: check the integration user and the connected app's policies");
            case PERMANENT, OK -> new PermanentConnectorException(message);
        };
    }

    /** The token endpoint's refusal: wrong credentials are permanent, its own failures retriable. */
    static ConnectorException tokenFailure(HttpResponse response, String settingsPath) {
        String message = "Salesforce refused to authenticate (" + settingsPath + "): " + response.status() + describe(response);
        return RETRIABLE.contains(response.status()) ? new RetriableConnectorException(message, null)
                : new PermanentConnectorException(message + "; check the client id, secret or key, and the connected app's OAuth policies");
    }

    /** A transport failure or a denial, as a connector error. */
    static ConnectorException transport(Throwable error, String what) {
        if (error instanceof ConnectorException known) {
            return known;
        }
        if (error instanceof EgressDeniedException denied) {
            return new PermanentConnectorException("Salesforce " + what + ": " + denied.getMessage()
                    + "; add the org's login and instance URLs to the manifest's connect-src", denied);
        }
        String reason = error instanceof TimeoutException ? "no answer in time"
                : error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage();
        return new RetriableConnectorException("Salesforce could not be reached for " + what + ": " + reason, error);
    }

    /** Whether a per-record error is worth sending the record again. */
    static boolean retriableRecord(String statusCode) {
        return RETRIABLE_RECORD.contains(statusCode);
    }

    /**
     * Whether a per-record error on an archive or clear means there was nothing to archive: the
     * upsert would have created the record and lacks its required fields.
     */
    static boolean absentOnDelete(String statusCode) {
        return statusCode.equals("REQUIRED_FIELD_MISSING");
    }

    /** The first {@code errorCode} of Salesforce's error array, empty if there is none. */
    static String errorCode(HttpResponse response) {
        return first(response, "errorCode");
    }

    private static String message(HttpResponse response) {
        return first(response, "message");
    }

    private static String first(HttpResponse response, String key) {
        try {
            Object parsed = Json.mapper().readValue(response.body(), Object.class);
            if (parsed instanceof List<?> list && !list.isEmpty() && list.get(0) instanceof Map<?, ?> error
                    && error.get(key) instanceof String value) {
                return value;
            }
        } catch (JacksonException | IllegalArgumentException notJson) {
            // Gateways answer HTML; the status alone then decides.
        }
        return "";
    }

    private static String describe(HttpResponse response) {
        String body = response.bodyText().strip();
        // Enough of the body to say why, never a whole echoed payload.
        return body.isEmpty() ? "" : ": " + (body.length() > 300 ? body.substring(0, 300) + "…" : body);
    }
}
