package dev.syncline.testkit.http;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.stream.Collectors;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.Http11SslContextSpec;
import reactor.netty.http.server.HttpServer;

/**
 * An HTTPS server on 127.0.0.1 with {@link TestCertificate#localhost()} (or another certificate), reached as
 * {@code https://localhost:<port>/…}. It records every request and answers with the current
 * {@link #respond handler} (200 and an empty body until told otherwise).
 */
public final class FakeHttpsServer implements AutoCloseable {
    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
    private volatile Function<RecordedRequest, Reply> handler = request -> Reply.status(200);
    private final DisposableServer server;

    private FakeHttpsServer(TestCertificate certificate) {
        this.server = HttpServer.create().host("127.0.0.1").port(0)
                .secure(spec -> spec.sslContext(Http11SslContextSpec.forServer(certificate.key(), certificate.certificate())))
                .handle((request, response) -> request.receive().aggregate().asByteArray().defaultIfEmpty(new byte[0])
                        .flatMap(body -> {
                            Map<String, String> headers = request.requestHeaders().entries().stream()
                                    .collect(Collectors.toMap(e -> e.getKey().toLowerCase(Locale.ROOT), Map.Entry::getValue, (a, b) -> a));
                            RecordedRequest recorded = new RecordedRequest(request.method().name(), request.uri(), headers, body);
                            requests.add(recorded);
                            Reply reply = handler.apply(recorded);
                            reply.headers().forEach(response::header);
                            return response.status(HttpResponseStatus.valueOf(reply.status()))
                                    .sendByteArray(Mono.just(reply.body())).then();
                        }))
                .bindNow(Duration.ofSeconds(10));
    }

    public static FakeHttpsServer start() {
        return new FakeHttpsServer(TestCertificate.localhost());
    }

    /** A server presenting {@code certificate} instead, for host name verification tests. */
    public static FakeHttpsServer start(TestCertificate certificate) {
        return new FakeHttpsServer(certificate);
    }

    /** {@code https://localhost:<port>} followed by {@code path}. */
    public String url(String path) {
        return "https://localhost:" + server.port() + path;
    }

    public int port() {
        return server.port();
    }

    /** Answers every later request with {@code value}. */
    public FakeHttpsServer respond(Function<RecordedRequest, Reply> value) {
        this.handler = value;
        return this;
    }

    /** Every request received so far, in arrival order. */
    public List<RecordedRequest> requests() {
        return List.copyOf(requests);
    }

    public void clear() {
        requests.clear();
    }

    @Override
    public void close() {
        server.disposeNow(Duration.ofSeconds(5));
    }

    /**
     * A scripted answer.
     *
     * @param status the status
     * @param headers response headers
     * @param body the body
     */
    public record Reply(int status, Map<String, String> headers, byte[] body) {
        public static Reply status(int status) {
            return new Reply(status, Map.of(), new byte[0]);
        }

        public static Reply json(int status, String json) {
            return new Reply(status, Map.of("Content-Type", "application/json"), json.getBytes(StandardCharsets.UTF_8));
        }

        public static Reply redirect(int status, String location) {
            return new Reply(status, Map.of("Location", location), new byte[0]);
        }

        public Reply header(String name, String value) {
            Map<String, String> copy = new LinkedHashMap<>(headers);
            copy.put(name, value);
            return new Reply(status, copy, body);
        }
    }
}
