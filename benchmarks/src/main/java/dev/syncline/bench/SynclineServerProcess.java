package dev.syncline.bench;

import dev.syncline.connector.record.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;

/**
 * {@code syncline run} from the runner's executable jar as its own process, the way people run it,
 * for benchmarks that load its HTTP endpoints; closing it stops it as a SIGTERM would.
 */
final class SynclineServerProcess implements AutoCloseable {
    private static final Path JAR = Path.of("sync-runner", "target", "syncline-exec.jar");

    private final Process process;
    private final Path log;
    private final int httpPort;
    private final HttpClient http = HttpClient.newHttpClient();

    private SynclineServerProcess(Process process, Path log, int httpPort) {
        this.process = process;
        this.log = log;
        this.httpPort = httpPort;
    }

    /** Starts {@code syncline run --config config}, which must listen on {@code httpPort}. */
    static SynclineServerProcess start(Path config, Path log, int httpPort) throws IOException {
        return start(config, log, httpPort, null);
    }

    /** As {@link #start(Path, Path, int)}, with the JVM's maximum heap ({@code -Xmx}), or null for the JVM's default. */
    static SynclineServerProcess start(Path config, Path log, int httpPort, String maxHeap) throws IOException {
        if (!Files.exists(JAR)) {
            throw new IllegalStateException(JAR + " is missing: run the benchmarks with ./bench from the repository root, which builds it");
        }
        List<String> command = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        if (maxHeap != null) {
            command.add("-Xmx" + maxHeap);
        }
        command.addAll(RunnerProcess.profilingOptions());
        command.addAll(List.of("-jar", JAR.toString(), "run", "--config", config.toString()));
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new SynclineServerProcess(process, log, httpPort);
    }

    /** Waits until {@code probe} answers true (tried every 200 ms), or fails with the log's tail. */
    void awaitReady(Supplier<Mono<Boolean>> probe, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("syncline exited with " + process.exitValue() + ":\n" + tail());
            }
            if (Boolean.TRUE.equals(probe.get().onErrorReturn(false).block(Duration.ofSeconds(10)))) {
                return;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("syncline was not ready after " + timeout + ":\n" + tail());
    }

    int httpPort() {
        return httpPort;
    }

    Path log() {
        return log;
    }

    /** A statistic ({@code COUNT}, {@code TOTAL}, …) of a meter from {@code /actuator/metrics}; 0 if it is not registered yet. */
    double metric(String name, String statistic) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/actuator/metrics/" + name))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 404) {
            return 0;
        }
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> measurements = (List<Map<String, Object>>) Json.parseObject(response.body()).get("measurements");
        return measurements.stream().filter(m -> statistic.equals(m.get("statistic")))
                .mapToDouble(m -> ((Number) m.get("value")).doubleValue()).findFirst().orElse(0);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    private String tail() throws IOException {
        String output = Files.readString(log);
        return output.length() > 4000 ? output.substring(output.length() - 4000) : output;
    }
}
