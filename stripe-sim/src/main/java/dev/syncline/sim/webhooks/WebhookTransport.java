package dev.syncline.sim.webhooks;

import java.net.URI;
import java.util.Map;
import reactor.core.publisher.Mono;

/**
 * Sends one signed POST. Kept behind an interface so the retry, reorder and delay logic can be
 * tested in virtual time without sockets.
 */
public interface WebhookTransport extends AutoCloseable {

    /** Emits the HTTP status, or -1 if the request failed without one (refused, reset, timed out). */
    Mono<Integer> post(URI url, Map<String, String> headers, byte[] body);

    @Override
    default void close() {}
}
