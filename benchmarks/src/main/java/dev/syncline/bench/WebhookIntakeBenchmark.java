package dev.syncline.bench;

import com.stripe.net.Webhook;
import dev.syncline.connector.record.Json;
import dev.syncline.runner.inbox.InboxEvent;
import dev.syncline.runner.inbox.InboxStore;
import dev.syncline.runner.inbox.StripeEvents;
import dev.syncline.runner.policy.DemoManifest;
import dev.syncline.sim.StripeSimulator;
import io.netty.buffer.Unpooled;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.Readable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * The webhook intake under load: {@code syncline run} in its own process with the embedded
 * Postgres, and a reactor-netty client on the same machine posting signed customer events.
 */
public final class WebhookIntakeBenchmark implements Benchmark {
    private static final String SECRET = "whsec_benchmark_intake";
    private static final String PATH = "/webhooks/stripe";
    private static final double TARGET = 5_000;
    private static final int CONCURRENCY = 64;
    private static final int MIN_WARM_UPS = 3;
    private static final int MAX_WARM_UPS = 8;
    private static final double STEADY = 0.10;

    private StripeSimulator simulator;
    private SynclineServerProcess syncline;
    private Path work;
    private Duration runLength;
    private int postgresPort;
    private String customerJson;
    private int runs;

    @Override
    public String id() {
        return "webhook-intake";
    }

    @Override
    public String title() {
        return "Webhook intake: signed webhooks stored durably per second";
    }

    @Override
    public String description() {
        return """
                `syncline run` (the runner's executable jar, its own process, default heap) serves the intake with its state in the
                embedded Postgres (synchronous commits, `fsync` off: a commit survives a crash of either process, not a power loss), on the same 2-core machine as the load.
                A reactor-netty client keeps %d requests in flight for %d s, each a `POST /webhooks/stripe` of a distinct
                `customer.updated` snapshot event (~%s bytes, a simulator customer with `previous_attributes`) signed beforehand
                with `Webhook.Signature.generateSignatureHeader`. Every request is verified, parsed, checked against the manifest
                and answered 200 only once its inbox transaction has committed; accepted/s counts those 200s over the wall time of
                the run, and the inbox row count is checked against them afterwards. Latency is per request, as the client sees it.
                The simple approach for comparison: one inbox transaction per webhook (`InboxStore.append` of a single event, same
                concurrency, same Postgres, without HTTP), which the group commit of `InboxWriter` replaces.
                The figures are of warmed processes: warm-up runs repeat until the accepted rate is within 10 %% of the run
                before (at least %d, at most %d), because on two loaded cores the JIT compilers get little time and a fresh
                runner climbs for about a minute (from about 700/s in its first 10 s) before it levels.
                """.formatted(CONCURRENCY, runLength.toSeconds(), String.format(Locale.ROOT, "%,d", body("evt_x", 0).length),
                        MIN_WARM_UPS, MAX_WARM_UPS);
    }

    @Override
    public List<Metric> metrics() {
        return List.of(
                Metric.atLeast("accepted", "webhooks accepted durably", "webhooks/s", TARGET),
                Metric.of("p50", "response latency p50", "ms"),
                Metric.of("p99", "response latency p99", "ms"),
                Metric.of("ratio", "relative to the 5,000/s target", "×"),
                Metric.of("batch", "events per inbox transaction (mean)", "events"),
                Metric.of("single", "simple approach: one transaction per webhook", "appends/s"));
    }

    @Override
    public void setUp(BenchmarkEnvironment environment) throws Exception {
        work = environment.workDirectory();
        runLength = Duration.ofSeconds(environment.quick() ? 3 : 10);
        simulator = StripeSimulator.builder().seed(9).customers(50).objectTypes("customer").start();
        customerJson = Json.write(simulator.groundTruth().objects("customer").get(0));
        Path data = Files.createDirectories(work.resolve("data"));
        postgresPort = BackfillCeilingBenchmark.freePort();
        int httpPort = BackfillCeilingBenchmark.freePort();
        Path manifest = DemoManifest.write(data, List.of("customer"));
        Path config = work.resolve("syncline.yaml");
        Files.writeString(config, String.format(Locale.ROOT, """
                manifest: "%s"
                stripe:
                  api-key: sk_test_benchmark
                  api-base: "%s"
                  webhook: { secrets: [%s] }
                state: { data-dir: "%s", embedded-port: %d }
                server: { address: 127.0.0.1, port: %d }
                pipelines:
                  - name: warehouse
                    objects: [customer]
                    destination: { type: postgres, url: embedded }
                """, manifest, simulator.baseUrl(), SECRET, data, postgresPort, httpPort));
        syncline = SynclineServerProcess.start(config, work.resolve("syncline.log"), httpPort);
        // Ready once a webhook is stored: the HTTP server is up and the state tables exist.
        byte[][] probe = signedBatch("evt_ready", 1)[0];
        HttpClient probeClient = client(1);
        syncline.awaitReady(() -> post(probeClient, probe).map(Response::stored), Duration.ofMinutes(2));
    }

    /**
     * Warm until the accepted rate stops climbing: within {@value #STEADY} of the run before, after at
     * least {@value #MIN_WARM_UPS} runs and at most {@value #MAX_WARM_UPS}. On two loaded cores the JIT
     * compilers of the runner and of this client get little time, so the rate climbs for about a minute
     * (1,900, 3,800, 5,100, 5,800, 6,900/s in five 10 s runs after a single warm-up, then level at
     * about 7,800/s); one warm-up run would measure the compilers, not the intake a running server has.
     */
    /**
     * Warm until the accepted rate levels: a fresh runner on two busy cores climbed from 1,900 to
     * 6,900/s over five 10 s runs after a single warm-up, then held at about 7,800/s.
     */
    @Override
    public boolean warmedUp(List<Map<String, Double>> warmUps) {
        return Benchmark.levelled(warmUps, "accepted", MIN_WARM_UPS, MAX_WARM_UPS, STEADY);
    }

    @Override
    public Map<String, Double> run() throws Exception {
        int run = runs++;
        // Enough distinct events for 30,000/s over the whole run; the run stops early if they run out.
        byte[][][] events = signedBatch("evt_bench" + run + "_", (int) (runLength.toSeconds() * 30_000));
        long rowsBefore = inboxRows();
        double transactionsBefore = syncline.metric("syncline.inbox.append.batch", "COUNT");
        double batchedBefore = syncline.metric("syncline.inbox.append.batch", "TOTAL");

        HttpClient client = client(CONCURRENCY);
        long[] latencies = new long[events.length];
        AtomicInteger sent = new AtomicInteger();
        AtomicLong accepted = new AtomicLong();
        AtomicLong other = new AtomicLong();
        long started = System.nanoTime();
        long deadline = started + runLength.toNanos();
        Flux.range(0, events.length)
                .takeWhile(i -> System.nanoTime() < deadline)
                .flatMap(i -> {
                    long t0 = System.nanoTime();
                    sent.incrementAndGet();
                    return post(client, events[i]).doOnNext(response -> {
                        latencies[i] = System.nanoTime() - t0;
                        (response.stored() ? accepted : other).incrementAndGet();
                    });
                }, CONCURRENCY)
                .blockLast(runLength.plusMinutes(1));
        double seconds = (System.nanoTime() - started) / 1e9;
        if (other.get() > 0) {
            throw new IllegalStateException(other.get() + " of " + sent.get() + " webhooks were not answered 200 stored; see " + syncline.log());
        }
        long rows = inboxRows() - rowsBefore;
        if (rows != accepted.get()) {
            throw new IllegalStateException(accepted.get() + " webhooks were accepted but the inbox holds " + rows + " new rows");
        }
        long[] measured = Arrays.copyOf(latencies, sent.get());
        Arrays.sort(measured);

        Map<String, Double> figures = new LinkedHashMap<>();
        figures.put("accepted", accepted.get() / seconds);
        figures.put("p50", measured[measured.length / 2] / 1e6);
        figures.put("p99", measured[(int) (measured.length * 0.99)] / 1e6);
        figures.put("ratio", accepted.get() / seconds / TARGET);
        double transactions = syncline.metric("syncline.inbox.append.batch", "COUNT") - transactionsBefore;
        figures.put("batch", (syncline.metric("syncline.inbox.append.batch", "TOTAL") - batchedBefore) / transactions);
        figures.put("single", singleTransactionAppends(run));
        return figures;
    }

    /** The simple approach: each event in its own inbox transaction, {@value #CONCURRENCY} at a time, for a third of the run. */
    private double singleTransactionAppends(int run) {
        ConnectionPool pool = new ConnectionPool(ConnectionPoolConfiguration.builder(ConnectionFactories.get(stateUrl()))
                .initialSize(1).maxSize(8).build());
        try {
            InboxStore inbox = new InboxStore(pool);
            Duration length = runLength.dividedBy(3);
            AtomicLong appended = new AtomicLong();
            long started = System.nanoTime();
            long deadline = started + length.toNanos();
            Flux.range(0, Integer.MAX_VALUE)
                    .takeWhile(i -> System.nanoTime() < deadline)
                    .flatMap(i -> {
                        String id = "evt_single" + run + "_" + i;
                        InboxEvent event = StripeEvents.parse(new String(body(id, 0), StandardCharsets.UTF_8), InboxEvent.Source.WEBHOOK);
                        return inbox.append(List.of(event)).doOnNext(stored -> appended.incrementAndGet());
                    }, CONCURRENCY)
                    .blockLast(length.plusMinutes(1));
            return appended.get() / ((System.nanoTime() - started) / 1e9);
        } finally {
            pool.dispose();
        }
    }

    @Override
    public void close() throws Exception {
        if (syncline != null) {
            syncline.close();
        }
        if (simulator != null) {
            simulator.close();
        }
    }

    private record Response(int status, boolean stored) {}

    private Mono<Response> post(HttpClient client, byte[][] event) {
        return client.headers(h -> h.set("Stripe-Signature", new String(event[1], StandardCharsets.US_ASCII)))
                .post().uri(PATH)
                .send(Mono.fromSupplier(() -> Unpooled.wrappedBuffer(event[0])))
                .responseSingle((response, body) -> body.asString().defaultIfEmpty("")
                        .map(text -> new Response(response.status().code(), response.status().code() == 200 && text.contains("\"stored\""))));
    }

    private HttpClient client(int connections) {
        return HttpClient.create(ConnectionProvider.builder("webhook-load").maxConnections(connections).pendingAcquireMaxCount(-1).build())
                .baseUrl("http://127.0.0.1:" + syncline.httpPort())
                .headers(h -> h.set("Content-Type", "application/json; charset=utf-8")
                        .set("User-Agent", "Stripe/1.0 (+https://stripe.com/docs/webhooks)"));
    }

    /** {@code count} distinct events with their {@code Stripe-Signature}, all signed now. */
    private byte[][][] signedBatch(String idPrefix, int count) throws Exception {
        long now = Instant.now().getEpochSecond();
        byte[][][] events = new byte[count][][];
        for (int i = 0; i < count; i++) {
            byte[] body = body(idPrefix + i, now);
            String signature = Webhook.Signature.generateSignatureHeader(new String(body, StandardCharsets.UTF_8), SECRET, now);
            events[i] = new byte[][] {body, signature.getBytes(StandardCharsets.US_ASCII)};
        }
        return events;
    }

    private byte[] body(String id, long created) {
        return ("{\"id\":\"" + id + "\",\"object\":\"event\",\"api_version\":\"2026-07-29.dahlia\",\"created\":" + created
                + ",\"data\":{\"object\":" + customerJson + ",\"previous_attributes\":{\"name\":\"Jenny Rosen\"}},\"livemode\":false,"
                + "\"pending_webhooks\":1,\"request\":{\"id\":\"req_" + id.substring(4) + "\",\"idempotency_key\":null},"
                + "\"type\":\"customer.updated\"}").getBytes(StandardCharsets.UTF_8);
    }

    private String stateUrl() {
        return "r2dbc:postgresql://postgres@127.0.0.1:" + postgresPort + "/syncline";
    }

    private long inboxRows() {
        return Mono.usingWhen(Mono.from(ConnectionFactories.get(stateUrl()).create()),
                c -> Flux.from(c.createStatement("SELECT count(*) FROM syncline.inbox").execute())
                        .flatMap(result -> result.map((Readable r) -> r.get(0, Long.class))).next(),
                c -> Mono.from(c.close())).block(Duration.ofSeconds(30));
    }
}
