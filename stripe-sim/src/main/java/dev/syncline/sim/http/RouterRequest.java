package dev.syncline.sim.http;

import org.jspecify.annotations.Nullable;

/**
 * One HTTP request as the router sees it, free of Netty types.
 *
 * @param uri the raw request target, path plus query
 * @param stripeAccount the {@code Stripe-Account} header, null for the platform
 * @param body the raw body ({@code application/x-www-form-urlencoded} for Stripe writes), empty for GET
 */
public record RouterRequest(
        String method,
        String uri,
        @Nullable String authorization,
        @Nullable String stripeAccount,
        @Nullable String contentType,
        byte[] body) {

    public static RouterRequest get(String uri, @Nullable String authorization) {
        return new RouterRequest("GET", uri, authorization, null, null, new byte[0]);
    }
}
