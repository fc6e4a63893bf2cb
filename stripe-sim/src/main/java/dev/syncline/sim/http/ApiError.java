package dev.syncline.sim.http;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A failed request in Stripe's error shape. Thrown anywhere below the router and rendered as
 * {@code {"error":{type, code, message, param, doc_url}}} with the matching HTTP status, so
 * stripe-java maps it to the same exception subclass the real API would produce.
 */
public final class ApiError extends RuntimeException {

    private static final String DOC_BASE = "https://stripe.com/docs/error-codes/";

    private final int status;
    private final String type;
    private final String code;
    private final String param;

    private ApiError(int status, String type, String code, String message, String param) {
        super(message, null, false, false);
        this.status = status;
        this.type = type;
        this.code = code;
        this.param = param;
    }

    public static ApiError invalidRequest(String message, String param, String code) {
        return new ApiError(400, "invalid_request_error", code, message, param);
    }

    public static ApiError resourceMissing(String objectName, String id, String param) {
        return new ApiError(
                404, "invalid_request_error", "resource_missing",
                "No such " + objectName + ": '" + id + "'", param);
    }

    public static ApiError unrecognizedUrl(String method, String path) {
        return new ApiError(
                404, "invalid_request_error", null,
                "Unrecognized request URL (" + method + ": " + path + ").", null);
    }

    public static ApiError authentication(String message) {
        return new ApiError(401, "invalid_request_error", null, message, null);
    }

    /** Stripe's rate limiter: the reason travels in {@code Stripe-Rate-Limited-Reason}, without {@code Retry-After}. */
    public static ApiError rateLimited() {
        return new ApiError(
                429, "invalid_request_error", "rate_limit",
                "Request rate limit exceeded. Learn more about rate limits here https://stripe.com/docs/rate-limits.",
                null);
    }

    /** Another request holds the object's lock; Stripe says it is safe to retry (and stripe-java does). */
    public static ApiError lockTimeout() {
        return new ApiError(
                429, "invalid_request_error", "lock_timeout",
                "This object cannot be accessed right now because another API request or Stripe process is "
                        + "currently accessing it. If you see this error intermittently, retry the request. If you "
                        + "see this error frequently and are making multiple concurrent requests to a single "
                        + "object, make your requests serially or at a lower rate.",
                null);
    }

    public static ApiError serverError() {
        return new ApiError(
                500, "api_error", null,
                "An unknown error occurred (injected by stripe-sim).", null);
    }

    /**
     * A {@code Stripe-Account} the key cannot act for: unknown, or it has deauthorized the platform.
     * Stripe's wording, approximated: the exact text is not in the reference.
     */
    public static ApiError accountInaccessible(String redactedKey, String account) {
        return permission("The provided key '" + redactedKey + "' does not have access to account '" + account
                + "' (or that account does not exist). Application access may have been revoked.");
    }

    public static ApiError permission(String message) {
        return new ApiError(403, "invalid_request_error", "account_invalid", message, null);
    }

    public int status() {
        return status;
    }

    public String type() {
        return type;
    }

    public String code() {
        return code;
    }

    public String param() {
        return param;
    }

    public Map<String, Object> body() {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("type", type);
        error.put("code", code);
        error.put("message", getMessage());
        error.put("param", param);
        error.put("doc_url", code == null ? null : DOC_BASE + code.replace('_', '-'));
        return Map.of("error", error);
    }
}
