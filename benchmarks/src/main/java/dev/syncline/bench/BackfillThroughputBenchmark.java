package dev.syncline.bench;

import dev.syncline.sim.StripeSimulator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Backfill end to end with nothing holding it back but Syncline and Postgres, in a 256 MiB heap. */
public final class BackfillThroughputBenchmark implements Benchmark {
    private StripeSimulator simulator;
    private Path work;
    private int customers;

    @Override
    public String id() {
        return "backfill-throughput";
    }

    @Override
    public String title() {
        return "Backfill throughput into Postgres, and its heap";
    }

    @Override
    public String description() {
        return """
                `./syncline backfill` (the launcher's JVM settings for a backfill, C1 only and the parallel collector:
                ADR 0013; `-Xmx256m`; its own process, on the Java named above, which `./bench` takes from the image:
                ADR 0012) copies %s customers from the
                simulator, with no latency and no rate limit, into the embedded Postgres on the same 2-core machine: every
                object is fetched, decoded, batched and written with its version guard, and every checkpoint is saved.
                Each run starts from an empty warehouse and state (a fresh data directory), as an account's first
                backfill does. The same backfill is then run again over the warehouse it filled, where every row exists
                and comes back unchanged; until 2026-12-02 every measured run was of that kind, by mistake, because the
                runs shared one data directory. It is also run from an empty warehouse with `-Xmx1g`: in 256 MiB the
                records in flight leave the collector little room, and the difference is what that costs. And it is run
                from an empty warehouse on the JVM's own defaults (G1 and the C2 compiler, `SYNCLINE_BACKFILL_JVM_OPTIONS`
                empty), as the runner's jar ran every backfill until 2026-12-07.
                Objects/s are counted from the first page to the last checkpoint. Peak heap is the highest heap in use
                (garbage included) sampled twenty times a second. The simple approach for comparison: one cursor paged
                sequentially (`backfill.parallelism: 1`), same data, same heap. CPU per object is each process's CPU time
                (all its threads; for Postgres, every process of the server Syncline started) from the simulator's first
                request to the end of the Syncline process, over the objects copied: Syncline's start-up is left out, its
                shutdown is in. Syncline's figure is also split into its JIT compiler threads and its garbage collector
                threads, read from `/proc` per thread, because a fresh JVM compiles for most of a 200,000-object run. With
                every core busy, the cores' time divided by their sum bounds the rate.
                """.formatted(String.format("%,d", customers));
    }

    @Override
    public List<Metric> metrics() {
        return List.of(
                Metric.atLeast("objects", "objects per second into Postgres", "objects/s", 30_000),
                Metric.atMost("heap", "peak heap with -Xmx256m", "MiB", 256),
                Metric.of("again", "the same backfill again, over the rows it wrote", "objects/s"),
                Metric.of("larger_heap", "the same backfill with -Xmx1g", "objects/s"),
                Metric.of("jvm_defaults", "the same backfill on the JVM's defaults (G1, C2)", "objects/s"),
                Metric.of("sequential", "simple sequential paging", "objects/s"),
                Metric.of("speedup", "speed-up over sequential paging", "×"),
                Metric.of("cpu_simulator", "CPU per object: the simulator", "µs"),
                Metric.of("cpu_syncline", "CPU per object: Syncline", "µs"),
                Metric.of("cpu_syncline_jit", "CPU per object: Syncline's JIT compilers", "µs"),
                Metric.of("cpu_syncline_gc", "CPU per object: Syncline's garbage collector", "µs"),
                Metric.of("cpu_postgres", "CPU per object: Postgres", "µs"),
                Metric.of("cpu_bound", "most objects/s the machine's cores allow at that CPU per object", "objects/s"));
    }

    @Override
    public void setUp(BenchmarkEnvironment environment) throws Exception {
        work = environment.workDirectory();
        customers = environment.quick() ? 20_000 : 200_000;
        simulator = StripeSimulator.builder().seed(6).customers(customers).objectTypes("customer").start();
    }

    @Override
    public Map<String, Double> run() throws Exception {
        Path data = work.resolve("data");
        int port = BackfillCeilingBenchmark.freePort();
        // Each backfill gets an empty data directory, and its configuration writes the manifest into it.
        Path parallel = freshStart(work.resolve("parallel.yaml"), data, port, 16);
        long requestsBefore = simulator.counters().total();
        List<CpuSampler> samplers = new ArrayList<>();
        RunnerProcess.Result full = RunnerProcess.backfill(parallel, work.resolve("parallel.log"), "256m", RunnerProcess.Jvm.LAUNCHER,
                process -> samplers.add(new CpuSampler(process.toHandle(), port, () -> simulator.counters().total() > requestsBefore)));
        CpuSampler.Split cpu = samplers.get(0).split();
        samplers.get(0).close();
        RunnerProcess.Result again = RunnerProcess.backfill(parallel, work.resolve("again.log"), "256m");
        freshStart(parallel, data, port, 16);
        RunnerProcess.Result largerHeap = RunnerProcess.backfill(parallel, work.resolve("larger-heap.log"), "1g");
        freshStart(parallel, data, port, 16);
        RunnerProcess.Result jvmDefaults = RunnerProcess.backfill(parallel, work.resolve("jvm-defaults.log"), "256m", RunnerProcess.Jvm.DEFAULTS);
        Path sequential = freshStart(work.resolve("sequential.yaml"), data, port, 1);
        RunnerProcess.Result simple = RunnerProcess.backfill(sequential, work.resolve("sequential.log"), "256m");

        Map<String, Double> figures = new LinkedHashMap<>();
        figures.put("objects", full.objectsPerSecond());
        figures.put("heap", (double) full.peakHeapMiB());
        figures.put("again", again.objectsPerSecond());
        figures.put("larger_heap", largerHeap.objectsPerSecond());
        figures.put("jvm_defaults", jvmDefaults.objectsPerSecond());
        figures.put("sequential", simple.objectsPerSecond());
        figures.put("speedup", full.objectsPerSecond() / simple.objectsPerSecond());
        figures.put("cpu_simulator", cpu.simulator() / full.objects() * 1e6);
        figures.put("cpu_syncline", cpu.syncline() / full.objects() * 1e6);
        // Without /proc the split is unknown, and a missing figure is left out of the report where a 0 would read as measured.
        if (cpu.threadSplit()) {
            figures.put("cpu_syncline_jit", cpu.synclineJit() / full.objects() * 1e6);
            figures.put("cpu_syncline_gc", cpu.synclineGc() / full.objects() * 1e6);
        }
        figures.put("cpu_postgres", cpu.postgres() / full.objects() * 1e6);
        figures.put("cpu_bound", Runtime.getRuntime().availableProcessors() * full.objects() / cpu.total());
        return figures;
    }

    /** Empties the data directory and writes a configuration reading with {@code parallelism} segments into it; returns {@code file}. */
    private Path freshStart(Path file, Path data, int port, int parallelism) throws IOException {
        Files.writeString(file, RunnerProcess.config(simulator.baseUrl().toString(), BenchmarkSuite.emptyDirectory(data), port, 1_000_000, parallelism));
        return file;
    }

    @Override
    public void close() {
        if (simulator != null) {
            simulator.close();
        }
    }
}
