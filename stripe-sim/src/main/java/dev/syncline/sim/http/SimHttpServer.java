package dev.syncline.sim.http;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.concurrent.ThreadLocalRandom;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/** The reactor-netty binding: every request is answered on the event loop from memory. */
public final class SimHttpServer implements AutoCloseable {

    public static final String STRIPE_VERSION = "2026-07-29.dahlia";
    private static final char[] BASE62 =
            "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();

    private final DisposableServer server;

    private SimHttpServer(DisposableServer server) {
        this.server = server;
    }

    public static SimHttpServer start(String host, int port, StripeApiRouter router) {
        DisposableServer server = HttpServer.create()
                .host(host)
                .port(port)
                .handle((request, response) -> {
                    SimResponse result = router.handle(
                            request.method().name(),
                            request.uri(),
                            request.requestHeaders().get(HttpHeaderNames.AUTHORIZATION));
                    return response
                            .status(HttpResponseStatus.valueOf(result.status()))
                            .header(HttpHeaderNames.CONTENT_TYPE, "application/json")
                            .header(HttpHeaderNames.CONTENT_LENGTH, Integer.toString(result.body().length))
                            .header("Request-Id", requestId())
                            .header("Stripe-Version", STRIPE_VERSION)
                            .sendByteArray(Mono.just(result.body()))
                            .then();
                })
                .bindNow();
        return new SimHttpServer(server);
    }

    public int port() {
        return server.port();
    }

    public String host() {
        return server.host();
    }

    @Override
    public void close() {
        if (!server.isDisposed()) {
            server.disposeNow();
        }
    }

    /** Request ids only need to be unique enough to correlate logs, so no seeded randomness here. */
    private static String requestId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        char[] id = new char[14];
        for (int i = 0; i < id.length; i++) {
            id[i] = BASE62[random.nextInt(BASE62.length)];
        }
        return "req_" + new String(id);
    }
}
