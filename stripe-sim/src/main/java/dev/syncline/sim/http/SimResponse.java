package dev.syncline.sim.http;

import java.util.Map;

/**
 * A fully rendered JSON response. {@code headers} holds only what is specific to this response
 * (e.g. {@code Stripe-Rate-Limited-Reason}); headers common to every response are added by the server.
 */
public record SimResponse(int status, byte[] body, Map<String, String> headers) {

    public SimResponse(int status, byte[] body) {
        this(status, body, Map.of());
    }

    public SimResponse {
        headers = Map.copyOf(headers);
    }
}
