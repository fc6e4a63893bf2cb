package dev.syncline.bench;

import java.io.IOException;
import dev.syncline.runner.policy.DemoManifest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs {@code syncline backfill} through the repository's {@code ./syncline} launcher as its own
 * process, the way people run it (on this JVM's Java, with the launcher's JVM settings for a
 * backfill), and reads its closing summary line.
 */
final class RunnerProcess {
    private static final Path JAR = Path.of("sync-runner", "target", "syncline-exec.jar");
    private static final Path LAUNCHER = Path.of("syncline");
    private static final Pattern SUMMARY = Pattern.compile(
            "Backfill complete: ([\\d,]+) objects in ([\\d.]+) s \\(([\\d,]+) objects/s\\); ([\\d,]+) Stripe requests \\(([\\d.,]+)/s\\), ([\\d,]+) throttled; peak heap ([\\d,]+) MiB\\.");

    private RunnerProcess() {}

    /** The figures of one backfill. */
    record Result(long objects, double seconds, double objectsPerSecond, long requests, double requestsPerSecond, long throttled, long peakHeapMiB) {}

    /** The JVM settings of a backfill's process. */
    enum Jvm {
        /** The launcher's settings for a backfill, as {@code ./syncline backfill} runs (ADR 0013). */
        LAUNCHER,
        /** The JVM's own defaults ({@code SYNCLINE_BACKFILL_JVM_OPTIONS} empty), for comparison. */
        DEFAULTS
    }

    static Result backfill(Path config, Path log, String maxHeap, String... extraArguments) throws IOException, InterruptedException {
        return backfill(config, log, maxHeap, Jvm.LAUNCHER, process -> {}, extraArguments);
    }

    static Result backfill(Path config, Path log, String maxHeap, Jvm jvm, String... extraArguments) throws IOException, InterruptedException {
        return backfill(config, log, maxHeap, jvm, process -> {}, extraArguments);
    }

    /**
     * As {@link #backfill(Path, Path, String, String...)}, telling {@code started} the process once it
     * runs: the launcher execs Java, so the process is Syncline's JVM.
     */
    static Result backfill(Path config, Path log, String maxHeap, Jvm jvm, Consumer<Process> started, String... extraArguments)
            throws IOException, InterruptedException {
        if (!Files.exists(JAR) || !Files.exists(LAUNCHER)) {
            throw new IllegalStateException(JAR + " or " + LAUNCHER + " is missing: run the benchmarks with ./bench from the repository root, "
                    + "which builds the jar");
        }
        List<String> command = new ArrayList<>(List.of("sh", LAUNCHER.toString(), "backfill", "--config", config.toString()));
        command.addAll(List.of(extraArguments));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        List<String> options = new ArrayList<>(List.of("-Xmx" + maxHeap));
        options.addAll(profilingOptions());
        builder.environment().put("SYNCLINE_JVM_OPTIONS", String.join(" ", options));
        if (jvm == Jvm.DEFAULTS) {
            builder.environment().put("SYNCLINE_BACKFILL_JVM_OPTIONS", "");
        } else {
            builder.environment().remove("SYNCLINE_BACKFILL_JVM_OPTIONS");
        }
        Process process = builder.start();
        started.accept(process);
        if (!process.waitFor(30, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException("the backfill did not finish in 30 minutes; see " + log);
        }
        String output = Files.readString(log);
        Matcher m = SUMMARY.matcher(output);
        if (process.exitValue() != 0 || !m.find()) {
            throw new IllegalStateException("the backfill failed (exit " + process.exitValue() + "):\n" + tail(output));
        }
        return new Result(number(m.group(1)), Double.parseDouble(m.group(2)), number(m.group(3)), number(m.group(4)),
                Double.parseDouble(m.group(5).replace(",", "")), number(m.group(6)), number(m.group(7)));
    }

    /**
     * JVM options for the Syncline processes a benchmark starts, from {@code SYNCLINE_BENCH_JVM_OPTIONS}
     * (for example a flight recording), so a figure can be profiled in the run that produced it.
     */
    static List<String> profilingOptions() {
        String options = System.getenv("SYNCLINE_BENCH_JVM_OPTIONS");
        return options == null || options.isBlank() ? List.of() : List.of(options.trim().split("\\s+"));
    }

    /** A configuration syncing customers into the embedded Postgres, under a manifest that grants reading them. */
    static String config(String apiBase, Path dataDirectory, int postgresPort, double requestsPerSecond, int parallelism) {
        Path manifest = DemoManifest.write(dataDirectory, List.of("customer"));
        return String.format(Locale.ROOT, """
                manifest: "%s"
                stripe: { api-key: sk_live_benchmark, api-base: "%s", rate-limit: { requests-per-second: %s } }
                state: { data-dir: "%s", embedded-port: %d }
                server: { address: 127.0.0.1, port: 0 }
                pipelines:
                  - name: warehouse
                    objects: [customer]
                    batch-size: 1000
                    backfill: { parallelism: %d }
                    destination: { type: postgres, url: embedded }
                """, manifest, apiBase, requestsPerSecond, dataDirectory, postgresPort, parallelism);
    }

    private static long number(String text) {
        return Long.parseLong(text.replace(",", ""));
    }

    private static String tail(String output) {
        return output.length() > 4000 ? output.substring(output.length() - 4000) : output;
    }
}
