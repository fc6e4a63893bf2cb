package dev.syncline.sim.webhooks;

import io.netty.buffer.Unpooled;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/** A non-blocking reactor-netty client with its own pool, so webhooks never starve the API server. */
public final class NettyWebhookTransport implements WebhookTransport {

    private final ConnectionProvider pool;
    private final HttpClient client;

    public NettyWebhookTransport(int maxConnections, Duration timeout) {
        this.pool = ConnectionProvider.builder("stripe-sim-webhooks")
                .maxConnections(maxConnections)
                .pendingAcquireMaxCount(-1)
                .build();
        // Redirects are not followed: Stripe counts a 3xx as a failed delivery.
        this.client = HttpClient.create(pool).followRedirect(false).responseTimeout(timeout);
    }

    @Override
    public Mono<Integer> post(URI url, Map<String, String> headers, byte[] body) {
        return client
                .headers(h -> headers.forEach(h::set))
                .post()
                .uri(url)
                .send(Mono.fromSupplier(() -> Unpooled.wrappedBuffer(body)))
                .responseSingle((response, content) -> content.asByteArray()
                        .map(ignored -> response.status().code())
                        .defaultIfEmpty(response.status().code()))
                .onErrorReturn(-1);
    }

    @Override
    public void close() {
        pool.dispose();
    }
}
