package dev.syncline.connector.hubspot;

import dev.syncline.connector.errors.ConnectorException;
import dev.syncline.connector.errors.PermanentConnectorException;
import dev.syncline.connector.errors.RetriableConnectorException;
import dev.syncline.connector.http.EgressDeniedException;
import dev.syncline.connector.http.HttpResponse;
import dev.syncline.connector.record.Json;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The one place where HubSpot's answers and transport failures become connector error kinds,
 * following HubSpot's error table:
 *
 * <ul>
 *   <li>200, 201, 204, 207: answered; a 207's per-input errors are rejections of those records;
 *   <li>400 {@code VALIDATION_ERROR}, 409 and 414: the request's records are refused (the caller
 *       isolates the refused one, which is dead-lettered with HubSpot's message);
 *   <li>a unique value another record holds (a contact's email): a 207 error, or a 409 body, of
 *       category {@code CONFLICT} naming {@code Existing ID: N} ({@link #isConflict}); the caller
 *       may link that record or write the input without the email;
 *   <li>429 with {@code policyName: TEN_SECONDLY_ROLLING} (or the search "secondly" limit):
 *       retriable after the rest of the window ({@code X-HubSpot-RateLimit-Interval-Milliseconds},
 *       10 s by default; 1 s for search);
 *   <li>429 {@code DAILY}: permanent. The portal's daily budget is shared by every app and resets
 *       at its midnight; retrying would only add to the 5 % error budget HubSpot allows;
 *   <li>423 (at least 2 s), 477 ({@code Retry-After} in seconds), 502, 503, 504, 521, 523, 524 and
 *       transport failures: retriable, honouring {@code Retry-After} when given;
 *   <li>401, 403 ({@code MISSING_SCOPES}), 404 (an unknown object type), 522, 525, 526 and every
 *       other status: permanent. They are about the app or the portal, not one record; dead-lettering
 *       every record for a revoked token would empty the pipeline into the dead letters;
 *   <li>an egress denial: permanent, nothing was sent.
 * </ul>
 */
final class HubSpotErrorClassifier {
    /** A hint beyond this is capped: one request must not sleep for a day on a header. */
    static final Duration MAX_RETRY_AFTER = Duration.ofMinutes(5);
    static final Duration LOCK_PAUSE = Duration.ofSeconds(2);
    static final Duration DEFAULT_WINDOW = Duration.ofSeconds(10);
    private static final Set<Integer> TEMPORARY = Set.of(423, 477, 502, 503, 504, 521, 523, 524, 500);

    private HubSpotErrorClassifier() {}

    enum Kind { ANSWERED, REFUSED, RETRIABLE, PERMANENT }

    static Kind kind(HttpResponse response) {
        int status = response.status();
        if (status == 200 || status == 201 || status == 204 || status == 207) {
            return Kind.ANSWERED;
        }
        if (status == 400 || status == 409 || status == 414) {
            return Kind.REFUSED;
        }
        if (status == 429) {
            return isDaily(body(response)) ? Kind.PERMANENT : Kind.RETRIABLE;
        }
        return TEMPORARY.contains(status) ? Kind.RETRIABLE : Kind.PERMANENT;
    }

    /**
     * Whether a per-input error of a 207, or the body of a refused request, says a unique value is
     * held by another record: category {@code CONFLICT} (HubSpot's words for "Contact already
     * exists. Existing ID: N"), or a message in those words without a category.
     */
    static boolean isConflict(Map<String, @Nullable Object> error) {
        Object category = error.get("category");
        return "CONFLICT".equals(category)
                || (category == null && error.get("message") instanceof String m && m.contains("already exists. Existing ID:"));
    }

    /** The error for an answer of kind {@link Kind#RETRIABLE} or {@link Kind#PERMANENT}. */
    static ConnectorException failure(HttpResponse response, String what) {
        Map<String, @Nullable Object> body = body(response);
        String message = "HubSpot answered " + response.status() + " to " + what + describe(response, body);
        if (kind(response) != Kind.RETRIABLE) {
            if (response.status() == 429) {
                return new PermanentConnectorException(message + ". The portal's daily API limit is used up; it resets at "
                        + "midnight in the portal's time zone. Syncline resumes from its checkpoint once restarted after that");
            }
            return new PermanentConnectorException(message + hint(response.status()));
        }
        return new RetriableConnectorException(message, null, retryAfter(response, body));
    }

    /** HubSpot's message for a refused request or input, as a dead letter's reason. */
    static String refusal(HttpResponse response) {
        Map<String, @Nullable Object> body = body(response);
        return "HubSpot " + response.status() + describe(response, body);
    }

    /** A transport failure or a denial, as a connector error. */
    static ConnectorException classify(Throwable error, String what) {
        if (error instanceof ConnectorException known) {
            return known;
        }
        if (error instanceof EgressDeniedException denied) {
            return new PermanentConnectorException("HubSpot " + what + ": " + denied.getMessage(), denied);
        }
        String reason = error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage();
        return new RetriableConnectorException("HubSpot could not be reached for " + what + ": " + reason, error);
    }

    /** When to retry a retriable answer; null for "use the backoff". */
    static @Nullable Duration retryAfter(HttpResponse response, Map<String, @Nullable Object> body) {
        Duration header = retryAfterHeader(response.header("Retry-After").orElse(null), response.status());
        if (response.status() == 429) {
            if (header != null) {
                return header;
            }
            if ("You have reached your secondly limit.".equals(body.get("message"))) {
                return Duration.ofSeconds(1);
            }
            return response.header("X-HubSpot-RateLimit-Interval-Milliseconds").map(HubSpotErrorClassifier::millis)
                    .orElse(DEFAULT_WINDOW);
        }
        if (response.status() == 423) {
            return header == null || header.compareTo(LOCK_PAUSE) < 0 ? LOCK_PAUSE : header;
        }
        return header;
    }

    /**
     * {@code Retry-After}: seconds for 477 (HubSpot documents it so), otherwise a value above 1000
     * is read as milliseconds and a smaller one as seconds, since HubSpot uses both. Capped.
     */
    static @Nullable Duration retryAfterHeader(@Nullable String header, int status) {
        if (header == null || !header.strip().matches("\\d+")) {
            return null;
        }
        long n = Long.parseLong(header.strip());
        Duration value = status != 477 && n > 1000 ? Duration.ofMillis(n) : Duration.ofSeconds(n);
        return value.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : value;
    }

    private static boolean isDaily(Map<String, @Nullable Object> body) {
        return "DAILY".equals(body.get("policyName"))
                || (body.get("message") instanceof String m && m.toLowerCase(java.util.Locale.ROOT).contains("daily limit"));
    }

    private static Duration millis(String value) {
        try {
            return Duration.ofMillis(Long.parseLong(value.strip()));
        } catch (NumberFormatException e) {
            return DEFAULT_WINDOW;
        }
    }

    private static String hint(int status) {
        return switch (status) {
            case 401 -> ". Check the destination's token: it is missing, revoked or belongs to another portal";
            case 403 -> ". Give the private app the scopes listed in docs/connectors/hubspot.md";
            case 404 -> ". Check the HubSpot object types in the destination's mappings";
            default -> "";
        };
    }

    static Map<String, @Nullable Object> body(HttpResponse response) {
        try {
            return response.body().length == 0 ? Map.of() : Json.parseObject(response.body());
        } catch (IllegalArgumentException e) {
            return Map.of();
        }
    }

    private static String describe(HttpResponse response, Map<String, @Nullable Object> body) {
        StringBuilder text = new StringBuilder();
        if (body.get("category") instanceof String category) {
            text.append(" ").append(category);
        } else if (body.get("policyName") instanceof String policy) {
            text.append(" ").append(policy);
        }
        if (body.get("message") instanceof String message) {
            text.append(": ").append(message.length() > 500 ? message.substring(0, 500) + "…" : message);
        } else if (body.isEmpty() && response.body().length > 0) {
            String raw = response.bodyText().strip();
            text.append(": ").append(raw.length() > 200 ? raw.substring(0, 200) + "…" : raw);
        }
        response.header("X-HubSpot-Correlation-Id").ifPresent(id -> text.append(" (correlation id ").append(id).append(")"));
        return text.toString();
    }
}
