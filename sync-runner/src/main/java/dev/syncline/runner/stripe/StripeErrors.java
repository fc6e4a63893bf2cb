package dev.syncline.runner.stripe;

import dev.syncline.connector.record.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * Classifies Stripe's answers once: what is retriable follows stripe-java's own policy
 * ({@code Stripe-Should-Retry} first, then 409, 429 and 5xx) plus network failures.
 */
final class StripeErrors {
    private StripeErrors() {}

    static StripeApiException fromResponse(String request, int status, byte[] body, @Nullable String requestId,
                                           @Nullable String shouldRetry, @Nullable String rateLimitedReason) {
        String type = null;
        String code = null;
        String param = null;
        String message = new String(body, StandardCharsets.UTF_8);
        try {
            Object error = Json.parseObject(body).get("error");
            if (error instanceof Map<?, ?> e) {
                type = (String) e.get("type");
                code = (String) e.get("code");
                param = (String) e.get("param");
                message = String.valueOf(e.get("message"));
            }
        } catch (IllegalArgumentException notJson) {
            message = message.length() > 200 ? message.substring(0, 200) + "…" : message;
        }
        boolean retriable;
        if ("false".equalsIgnoreCase(shouldRetry)) {
            retriable = false;
        } else if ("true".equalsIgnoreCase(shouldRetry)) {
            retriable = true;
        } else {
            retriable = status == 409 || status == 429 || status >= 500;
        }
        String reason = rateLimitedReason == null ? "" : " (rate limited: " + rateLimitedReason + ")";
        return new StripeApiException(request + " failed with " + status + (type == null ? "" : " " + type)
                + (code == null ? "" : "/" + code) + reason + ": " + message, status, code, param, requestId, retriable, null);
    }

    static Throwable fromFailure(String request, Throwable failure) {
        if (failure instanceof StripeApiException) {
            return failure;
        }
        boolean network = failure instanceof IOException || failure instanceof TimeoutException
                || failure.getClass().getName().startsWith("io.netty") || failure.getClass().getName().startsWith("reactor.netty");
        return new StripeApiException(request + " failed: " + failure, 0, null, null, null, network, failure);
    }

    static boolean isRetriable(Throwable failure) {
        return failure instanceof StripeApiException e && e.retriable();
    }
}
