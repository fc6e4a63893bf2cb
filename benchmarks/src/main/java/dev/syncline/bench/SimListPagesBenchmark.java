package dev.syncline.bench;

import dev.syncline.sim.StripeSimulator;
import io.netty.handler.codec.http.HttpHeaderNames;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;
import reactor.netty.resources.ConnectionProvider;

/**
 * How fast the simulator serves {@code limit=100} list pages with no latency injected, against a
 * bare reactor-netty server that returns one pre-rendered page of the same size: the gap is what
 * the simulator's routing, parsing, paging and counting cost on top of HTTP itself.
 */
public final class SimListPagesBenchmark implements Benchmark {

    private static final int CONCURRENCY = 8;

    private @Nullable StripeSimulator simulator;
    private @Nullable DisposableServer staticServer;
    private @Nullable ConnectionProvider connections;
    private List<String> pagePaths = List.of();
    private Duration window = Duration.ofSeconds(5);

    @Override
    public String id() {
        return "sim-list-pages";
    }

    @Override
    public String title() {
        return "Simulator list pages";
    }

    @Override
    public String description() {
        return "A `StripeSimulator` with 10,000 customers and no latency, rate limit or faults; a reactor-netty "
                + "client keeps " + CONCURRENCY + " requests in flight for " + window.toSeconds() + " s, each a "
                + "`GET /v1/customers?limit=100&starting_after=…` page (cursors spread over the whole list). The "
                + "comparison is a bare reactor-netty server answering every request with one pre-rendered page "
                + "of the same 100 customers: the HTTP stack's ceiling on this machine. Client and server share "
                + "the 2 cores. Warm-up runs repeat until the simulator's rate is within 10 % of the run before "
                + "(at least 3, at most 8): both servers run in this process, and their JIT compilers share the "
                + "cores with the load.";
    }

    /** Warm until the rate levels: it climbed from 2,000 to 14,000 pages/s over the first three 5 s runs. */
    @Override
    public boolean warmedUp(List<Map<String, Double>> warmUps) {
        return Benchmark.levelled(warmUps, "pages_per_s", 3, 8, 0.10);
    }

    @Override
    public List<Metric> metrics() {
        return List.of(
                Metric.atLeast("pages_per_s", "Simulator list pages (100 customers each)", "pages/s", 2_000),
                Metric.of("mb_per_s", "Simulator throughput", "MB/s"),
                Metric.of("static_pages_per_s", "Bare server, same pre-rendered page", "pages/s"),
                Metric.of("sim_vs_static", "Simulator relative to the bare server", "%"));
    }

    @Override
    public void setUp(BenchmarkEnvironment environment) {
        int customers = environment.quick() ? 1_000 : 10_000;
        window = environment.quick() ? Duration.ofSeconds(1) : Duration.ofSeconds(5);
        simulator = StripeSimulator.builder().seed(42).customers(customers).start();
        List<Map<String, Object>> all = simulator.groundTruth().objects("customer");
        List<String> paths = new ArrayList<>();
        paths.add("/v1/customers?limit=100");
        for (int i = 99; i + 1 < all.size(); i += 100) {
            paths.add("/v1/customers?limit=100&starting_after=" + all.get(i).get("id"));
        }
        pagePaths = List.copyOf(paths);
        connections = ConnectionProvider.builder("bench").maxConnections(CONCURRENCY).build();
        byte[] page = fetch(client(simulator.port()), pagePaths.get(1)).block();
        staticServer = HttpServer.create().host("127.0.0.1").port(0)
                .handle((request, response) -> response
                        .header(HttpHeaderNames.CONTENT_TYPE, "application/json")
                        .header(HttpHeaderNames.CONTENT_LENGTH, Integer.toString(page.length))
                        .sendByteArray(Mono.just(page)))
                .bindNow();
    }

    @Override
    public Map<String, Double> run() {
        double[] sim = measure(simulator.port());
        double[] bare = measure(staticServer.port());
        return Map.of(
                "pages_per_s", sim[0],
                "mb_per_s", sim[1],
                "static_pages_per_s", bare[0],
                "sim_vs_static", 100.0 * sim[0] / bare[0]);
    }

    /** Pages per second and MB per second over the window. */
    private double[] measure(int port) {
        HttpClient client = client(port);
        AtomicLong pages = new AtomicLong();
        AtomicLong bytes = new AtomicLong();
        long started = System.nanoTime();
        Flux.<Integer, Integer>generate(() -> 0, (i, sink) -> {
                    sink.next(i);
                    return i + 1;
                })
                .take(window)
                .flatMap(i -> fetch(client, pagePaths.get(i % pagePaths.size())), CONCURRENCY)
                .doOnNext(body -> {
                    pages.incrementAndGet();
                    bytes.addAndGet(body.length);
                })
                .blockLast();
        double seconds = (System.nanoTime() - started) / 1e9;
        return new double[] {pages.get() / seconds, bytes.get() / seconds / 1e6};
    }

    private HttpClient client(int port) {
        return HttpClient.create(connections)
                .baseUrl("http://127.0.0.1:" + port)
                .headers(h -> h.set(HttpHeaderNames.AUTHORIZATION, "Bearer sk_test_bench"));
    }

    private static Mono<byte[]> fetch(HttpClient client, String path) {
        return client.get().uri(path).responseSingle((response, body) -> {
            if (response.status().code() != 200) {
                return Mono.error(new IllegalStateException("HTTP " + response.status() + " for " + path));
            }
            return body.asByteArray();
        }).map(b -> b.length > 0 ? b : "".getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        if (staticServer != null) {
            staticServer.disposeNow();
        }
        if (simulator != null) {
            simulator.close();
        }
        if (connections != null) {
            connections.disposeLater().block();
        }
    }
}
