package dev.syncline.sim.http;

import dev.syncline.sim.RequestCounters;
import dev.syncline.sim.store.Json;
import dev.syncline.sim.traffic.TrafficShaper;
import dev.syncline.sim.traffic.Verdict;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * The reactor-netty binding: every request is answered from memory; latency is a timer, never a
 * sleeping thread, so a few event-loop threads serve thousands of slow requests at once.
 */
public final class SimHttpServer implements AutoCloseable {

    public static final String STRIPE_VERSION = "2026-07-29.dahlia";
    private static final char[] BASE62 =
            "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
    private static final int SLOW_BODY_CHUNKS = 10;

    private final DisposableServer server;

    private SimHttpServer(DisposableServer server) {
        this.server = server;
    }

    public static SimHttpServer start(String host, int port, StripeApiRouter router) {
        return start(host, port, router, TrafficShaper.none(), new RequestCounters(), "platform", Clock.systemUTC());
    }

    /**
     * @param platformAccount the account requests without {@code Stripe-Account} are counted and rate limited under
     * @param clock the simulator's clock, sent as each response's {@code Date} like Stripe's
     */
    public static SimHttpServer start(
            String host, int port, StripeApiRouter router, TrafficShaper shaper, RequestCounters counters,
            String platformAccount, Clock clock) {
        DisposableServer server = HttpServer.create()
                .host(host)
                .port(port)
                .handle((request, response) -> {
                    Mono<byte[]> body = request.method().name().equals("GET")
                            ? Mono.just(new byte[0])
                            : request.receive().aggregate().asByteArray().defaultIfEmpty(new byte[0]);
                    response.header(HttpHeaderNames.DATE, DateTimeFormatter.RFC_1123_DATE_TIME.format(clock.instant().atZone(ZoneOffset.UTC)));
                    return body.flatMap(content -> serve(request, response, content, router, shaper, counters,
                            platformAccount));
                })
                .bindNow();
        return new SimHttpServer(server);
    }

    private static Mono<Void> serve(
            HttpServerRequest request, HttpServerResponse response, byte[] content, StripeApiRouter router,
            TrafficShaper shaper, RequestCounters counters, String platformAccount) {
        String method = request.method().name();
        String uri = request.uri();
        @Nullable String account = request.requestHeaders().get("Stripe-Account");
        String accountKey = account == null || account.isBlank() ? platformAccount : account;
        String endpoint = RequestCounters.endpointOf(method, uri);
        RouterRequest routed = new RouterRequest(
                method, uri, request.requestHeaders().get(HttpHeaderNames.AUTHORIZATION), account,
                request.requestHeaders().get(HttpHeaderNames.CONTENT_TYPE), content);
        if (shaper.isTransparent()) {
            SimResponse result = router.handle(routed);
            counters.record(endpoint, accountKey, result.status());
            return send(response, result, true, Duration.ZERO);
        }
        return shaper.admit(accountKey).flatMap(verdict -> {
            switch (verdict.kind()) {
                case RATE_LIMITED -> {
                    SimResponse limited = error(ApiError.rateLimited(), Map.of("Stripe-Rate-Limited-Reason", "global-rate"));
                    counters.record(endpoint, accountKey, limited.status());
                    return send(response, limited, true, Duration.ZERO);
                }
                case LOCK_TIMEOUT -> {
                    SimResponse locked = error(ApiError.lockTimeout(), Map.of("Stripe-Should-Retry", "true"));
                    counters.record(endpoint, accountKey, locked.status());
                    // Stripe does not process lock-timed-out requests, so they get no request id.
                    return send(response, locked, false, Duration.ZERO);
                }
                case SERVER_ERROR -> {
                    SimResponse failed = error(ApiError.serverError(), Map.of());
                    counters.record(endpoint, accountKey, failed.status());
                    return send(response, failed, true, Duration.ZERO);
                }
                case CONNECTION_RESET -> {
                    counters.recordReset(endpoint, accountKey);
                    return reset(response);
                }
                default -> {
                    SimResponse result = router.handle(routed);
                    counters.record(endpoint, accountKey, result.status());
                    return send(response, result, true, verdict.slowBody());
                }
            }
        });
    }

    private static SimResponse error(ApiError error, Map<String, String> headers) {
        return new SimResponse(error.status(), Json.toBytes(error.body()), headers);
    }

    private static Mono<Void> send(HttpServerResponse response, SimResponse result, boolean withRequestId, Duration slowBody) {
        response.status(HttpResponseStatus.valueOf(result.status()))
                .header(HttpHeaderNames.CONTENT_TYPE, "application/json")
                .header(HttpHeaderNames.CONTENT_LENGTH, Integer.toString(result.body().length))
                .header("Stripe-Version", STRIPE_VERSION);
        if (withRequestId) {
            response.header("Request-Id", requestId());
        }
        result.headers().forEach(response::header);
        if (slowBody.isZero() || result.body().length < 2) {
            return response.sendByteArray(Mono.just(result.body())).then();
        }
        Flux<ByteBuf> chunks = Flux.fromIterable(split(result.body(), SLOW_BODY_CHUNKS))
                .delayElements(slowBody.dividedBy(SLOW_BODY_CHUNKS))
                .map(Unpooled::wrappedBuffer);
        return response.send(chunks, chunk -> true).then();
    }

    /** An RST instead of a FIN: linger 0 makes the close abortive, which clients see as "connection reset". */
    private static Mono<Void> reset(HttpServerResponse response) {
        return Mono.fromRunnable(() -> response.withConnection(connection -> {
            connection.channel().config().setOption(ChannelOption.SO_LINGER, 0);
            connection.channel().close();
        }));
    }

    private static List<byte[]> split(byte[] body, int parts) {
        List<byte[]> chunks = new ArrayList<>(parts);
        int size = (body.length + parts - 1) / parts;
        for (int from = 0; from < body.length; from += size) {
            chunks.add(Arrays.copyOfRange(body, from, Math.min(body.length, from + size)));
        }
        return chunks;
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
