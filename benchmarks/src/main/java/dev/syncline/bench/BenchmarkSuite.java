package dev.syncline.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Runs the project's benchmarks and writes their figures to docs/benchmarks.md. */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Run Syncline's benchmarks and write docs/benchmarks.md.")
public final class BenchmarkSuite implements Callable<Integer> {
    @Option(names = "--only", split = ",", description = "Benchmark ids to run (default: all).")
    List<String> only = List.of();

    @Option(names = "--repetitions", defaultValue = "3", description = "Measured runs per benchmark (default: ${DEFAULT-VALUE}).")
    int repetitions;

    @Option(names = "--output", defaultValue = "docs/benchmarks.md", description = "The document to update (default: ${DEFAULT-VALUE}).")
    Path output;

    @Option(names = "--quick", description = "Smaller data, for a smoke run; does not write the document.")
    boolean quick;

    @Option(names = "--list", description = "List the benchmark ids and stop.")
    boolean list;

    public static void main(String[] args) {
        System.exit(new CommandLine(new BenchmarkSuite()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        List<Benchmark> benchmarks = new ArrayList<>();
        ServiceLoader.load(Benchmark.class).forEach(benchmarks::add);
        benchmarks.sort(Comparator.comparing(Benchmark::id));
        if (list) {
            benchmarks.forEach(b -> System.out.println(b.id() + "  " + b.title()));
            return 0;
        }
        List<Benchmark> selected = benchmarks.stream().filter(b -> only.isEmpty() || only.contains(b.id())).toList();
        if (selected.isEmpty()) {
            System.err.println("No benchmark matches " + only + "; known: " + benchmarks.stream().map(Benchmark::id).toList());
            return 2;
        }
        BenchmarkDocument document = BenchmarkDocument.parse(Files.exists(output) ? Files.readString(output) : "");
        Path work = Files.createTempDirectory("syncline-bench");
        boolean passed = false;
        try {
            for (Benchmark benchmark : selected) {
                System.out.println("== " + benchmark.id() + ": " + benchmark.title());
                String section = measure(benchmark, work.resolve(benchmark.id()));
                System.out.println(section);
                if (!quick) {
                    document.put(benchmark.id(), section);
                    Files.createDirectories(output.toAbsolutePath().getParent());
                    Files.writeString(output, document.render());
                }
            }
            passed = true;
        } finally {
            if (passed) {
                deleteTree(work);
            } else {
                // The logs of the Syncline processes it ran are what explains a failed benchmark.
                System.err.println("A benchmark failed; its scratch directory is kept for its logs: " + work);
            }
        }
        return 0;
    }

    private String measure(Benchmark benchmark, Path work) throws Exception {
        Files.createDirectories(work);
        try (benchmark) {
            benchmark.setUp(new BenchmarkEnvironment(work, quick));
            List<Map<String, Double>> warmUps = new ArrayList<>();
            while (!benchmark.warmedUp(warmUps)) {
                Map<String, Double> warmUp = benchmark.run();
                System.out.println("   warm-up " + (warmUps.size() + 1) + ": " + warmUp);
                warmUps.add(warmUp);
            }
            List<Map<String, Double>> runs = new ArrayList<>();
            for (int i = 0; i < Math.max(1, repetitions); i++) {
                Map<String, Double> run = benchmark.run();
                System.out.println("   run " + (i + 1) + ": " + run);
                runs.add(run);
            }
            return BenchmarkReport.render(benchmark, warmUps.size(), runs, LocalDate.now(), machine());
        }
    }

    static String machine() {
        Runtime runtime = Runtime.getRuntime();
        return runtime.availableProcessors() + " cores, " + (runtime.maxMemory() >> 20) + " MiB max heap, Java "
                + System.getProperty("java.version") + ", " + System.getProperty("os.name") + " " + System.getProperty("os.arch");
    }

    /** {@code dir}, emptied (or made): an account's first backfill starts from an empty warehouse and state. */
    static Path emptyDirectory(Path dir) throws IOException {
        deleteTree(dir);
        return Files.createDirectories(dir);
    }

    /** Deletes {@code root} and everything under it, if it exists. */
    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
