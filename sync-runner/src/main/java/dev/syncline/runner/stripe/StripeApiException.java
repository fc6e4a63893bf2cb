package dev.syncline.runner.stripe;

import org.jspecify.annotations.Nullable;

/**
 * A failed Stripe request, carrying what Stripe said and whether retrying can help. Built only by
 * {@link StripeErrors}, the one place that classifies Stripe's answers.
 */
public final class StripeApiException extends RuntimeException {
    private final int status;
    private final @Nullable String code;
    private final @Nullable String param;
    private final @Nullable String requestId;
    private final boolean retriable;

    StripeApiException(String message, int status, @Nullable String code, @Nullable String param, @Nullable String requestId,
                       boolean retriable, @Nullable Throwable cause) {
        super(message + (requestId == null ? "" : "; request-id: " + requestId), cause);
        this.status = status;
        this.code = code;
        this.param = param;
        this.requestId = requestId;
        this.retriable = retriable;
    }

    /** The HTTP status, or 0 when no response arrived. */
    public int status() {
        return status;
    }

    public @Nullable String code() {
        return code;
    }

    /** The request parameter Stripe blamed, if any. */
    public @Nullable String param() {
        return param;
    }

    public @Nullable String requestId() {
        return requestId;
    }

    public boolean retriable() {
        return retriable;
    }
}
