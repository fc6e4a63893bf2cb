package dev.syncline.connector.httpsink;

import dev.syncline.connector.errors.ConnectorException;
import dev.syncline.connector.errors.PermanentConnectorException;
import dev.syncline.connector.errors.RetriableConnectorException;
import dev.syncline.connector.http.EgressDeniedException;
import dev.syncline.connector.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import org.jspecify.annotations.Nullable;

/**
 * The one place where the endpoint's answers and transport failures become connector error kinds:
 *
 * <ul>
 *   <li>2xx: written, outcomes read from the body;
 *   <li>408, 409, 429, 5xx and transport failures (refused, reset, timed out): retriable, with the
 *       endpoint's {@code Retry-After} when it sent one;
 *   <li>401 and 403: permanent. The endpoint refuses the sender, not the records; dead-lettering
 *       every record for a wrong secret would empty the pipeline into the dead letters;
 *   <li>every other 4xx: the endpoint refuses this batch's records; they are dead-lettered;
 *   <li>an egress denial: permanent, nothing was sent.
 * </ul>
 */
final class HttpErrorClassifier {
    /** A Retry-After beyond this is treated as this: a lane must not sleep for a day on a header. */
    static final Duration MAX_RETRY_AFTER = Duration.ofMinutes(5);

    private HttpErrorClassifier() {}

    enum Kind { WRITTEN, RETRIABLE, PERMANENT, REJECTED }

    static Kind kind(int status) {
        if (status >= 200 && status < 300) {
            return Kind.WRITTEN;
        }
        if (status == 408 || status == 409 || status == 429 || status >= 500) {
            return Kind.RETRIABLE;
        }
        if (status == 401 || status == 403) {
            return Kind.PERMANENT;
        }
        return Kind.REJECTED;
    }

    /** The error for a non-2xx answer that is not a rejection. */
    static ConnectorException failure(HttpResponse response, String url, Instant now) {
        String message = "HTTP destination " + url + " answered " + response.status() + describe(response);
        return kind(response.status()) == Kind.RETRIABLE
                ? new RetriableConnectorException(message, null, retryAfter(response.header("Retry-After").orElse(null), now))
                : new PermanentConnectorException(message);
    }

    /** The reason a rejected record carries into the dead letters. */
    static String rejection(HttpResponse response) {
        return "HTTP " + response.status() + describe(response);
    }

    /** A transport failure or a denial, as a connector error. */
    static ConnectorException classify(Throwable error, String url) {
        if (error instanceof ConnectorException known) {
            return known;
        }
        if (error instanceof EgressDeniedException denied) {
            return new PermanentConnectorException("HTTP destination " + url + ": " + denied.getMessage(), denied);
        }
        String reason = error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage();
        return new RetriableConnectorException("HTTP destination " + url + " could not be reached: " + reason, error);
    }

    /** {@code Retry-After} as seconds or an HTTP date, capped; null when absent or unreadable. */
    static @Nullable Duration retryAfter(@Nullable String header, Instant now) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String value = header.trim();
        try {
            long seconds = Long.parseLong(value);
            return cap(Duration.ofSeconds(Math.max(0, seconds)));
        } catch (NumberFormatException notSeconds) {
            try {
                Duration until = Duration.between(now, ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
                return cap(until.isNegative() ? Duration.ZERO : until);
            } catch (DateTimeParseException notADate) {
                return null;
            }
        }
    }

    private static Duration cap(Duration value) {
        return value.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : value;
    }

    private static String describe(HttpResponse response) {
        String requestId = response.header("Request-Id").map(id -> "; request-id: " + id).orElse("");
        String body = response.bodyText().strip();
        // Enough of the body to say why, never a whole echoed payload.
        return requestId + (body.isEmpty() ? "" : "; " + (body.length() > 300 ? body.substring(0, 300) + "…" : body));
    }
}
