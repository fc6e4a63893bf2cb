package dev.syncline.testkit.hubspot;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A scripted failure the fake answers instead of serving a request, with the status, headers and
 * body HubSpot sends for it.
 *
 * @param status the HTTP status
 * @param headers extra response headers
 * @param body the JSON body
 */
public record Fault(int status, Map<String, String> headers, String body) {
    public Fault {
        headers = Map.copyOf(headers);
    }

    /** {@code 423 Locked}: too many writes to the same records; HubSpot asks for a 2 s pause. */
    public static Fault locked() {
        return of(423, "LOCKED", "The requested records are locked for a moment; retry after at least 2 seconds.");
    }

    /** A 5xx answer such as 502, 503 or 504 (also 521 to 526). */
    public static Fault serverError(int status) {
        return of(status, "INTERNAL_ERROR", "The server encountered a temporary error (" + status + ").");
    }

    /** {@code 477 Migration in progress}, with {@code Retry-After} in seconds. */
    public static Fault migrating(int retryAfterSeconds) {
        return of(477, "MIGRATION_IN_PROGRESS", "This portal is being migrated.").header("Retry-After", Integer.toString(retryAfterSeconds));
    }

    /** The ten-second rolling limit's 429, exactly as HubSpot documents it. */
    public static Fault tenSecondly() {
        return new Fault(429, Map.of(), FakeHubSpot.rateLimitBody("You have reached your ten secondly limit.", "TEN_SECONDLY_ROLLING"));
    }

    /** The daily limit's 429, exactly as HubSpot documents it. */
    public static Fault daily() {
        return new Fault(429, Map.of(), FakeHubSpot.rateLimitBody("You have reached your daily limit.", "DAILY"));
    }

    /** Any status with HubSpot's error body. */
    public static Fault of(int status, String category, String message) {
        return new Fault(status, Map.of(), FakeHubSpot.errorBody(message, category));
    }

    public Fault header(String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.put(name, value);
        return new Fault(status, copy, body);
    }
}
