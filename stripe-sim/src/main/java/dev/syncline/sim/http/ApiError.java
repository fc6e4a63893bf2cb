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
