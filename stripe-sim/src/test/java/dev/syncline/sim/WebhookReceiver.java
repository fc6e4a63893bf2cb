package dev.syncline.sim;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/** A local HTTP endpoint that records what the simulator POSTs and answers with scripted statuses (200 once they run out). */
final class WebhookReceiver implements AutoCloseable {

    record Received(String path, Map<String, String> headers, String body) {

        String header(String name) {
            return headers.get(name.toLowerCase(java.util.Locale.ROOT));
        }
    }

    private final List<Received> received = new ArrayList<>();
    private final Deque<Integer> statuses = new ArrayDeque<>();
    private final DisposableServer server;

    WebhookReceiver() {
        server = HttpServer.create().host("127.0.0.1").port(0)
                .handle((request, response) -> request.receive().aggregate().asString(StandardCharsets.UTF_8)
                        .defaultIfEmpty("")
                        .flatMap(body -> {
                            Map<String, String> headers = new TreeMap<>();
                            request.requestHeaders().forEach(
                                    h -> headers.put(h.getKey().toLowerCase(java.util.Locale.ROOT), h.getValue()));
                            int status;
                            synchronized (this) {
                                received.add(new Received(request.uri(), headers, body));
                                Integer next = statuses.poll();
                                status = next == null ? 200 : next;
                            }
                            return response.status(status).sendString(Mono.just("ok")).then();
                        }))
                .bindNow();
    }

    URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + "/" + path);
    }

    synchronized void respond(Integer... next) {
        statuses.addAll(List.of(next));
    }

    synchronized List<Received> received() {
        return List.copyOf(received);
    }

    @Override
    public void close() {
        server.disposeNow();
    }
}
