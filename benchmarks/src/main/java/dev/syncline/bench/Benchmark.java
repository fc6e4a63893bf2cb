package dev.syncline.bench;

import java.util.List;
import java.util.Map;

/**
 * One benchmark of the suite, found through {@link java.util.ServiceLoader}
 * ({@code META-INF/services/dev.syncline.bench.Benchmark}).
 *
 * <p>Lifecycle: {@link #setUp} once; {@link #run} as a warm-up whose figures are discarded, until
 * {@link #warmedUp} says so; then once per repetition; {@link #close} once at the end. The harness reports the median of each
 * metric over the repetitions, because this machine is noisy.
 */
public interface Benchmark extends AutoCloseable {
    /** A short, stable id used on the command line and as the section key in docs/benchmarks.md. */
    String id();

    /** The section title. */
    String title();

    /** What is measured and how, in a few sentences of Markdown; includes the simple approach compared against. */
    String description();

    /** The metrics {@link #run} reports, in display order. */
    List<Metric> metrics();

    /** Prepares everything the runs share (servers, data). */
    void setUp(BenchmarkEnvironment environment) throws Exception;

    /** One measured repetition: metric key to value. */
    Map<String, Double> run() throws Exception;

    /**
     * Whether the warm-up runs so far (their figures, oldest first) leave the processes in their steady
     * state. One run by default; a benchmark whose figures still climb after one run says so here.
     */
    default boolean warmedUp(List<Map<String, Double>> warmUps) {
        return !warmUps.isEmpty();
    }

    /**
     * A {@link #warmedUp} rule for a benchmark whose processes stay up between runs: warm until
     * {@code key} stops climbing, within {@code tolerance} of the run before, after at least
     * {@code min} runs and at most {@code max}. On two busy cores the JIT compilers get little time,
     * so such a figure can climb for a minute; one warm-up run would measure the compilers.
     */
    static boolean levelled(List<Map<String, Double>> warmUps, String key, int min, int max, double tolerance) {
        int n = warmUps.size();
        if (n < min) {
            return false;
        }
        if (n >= max) {
            return true;
        }
        return warmUps.get(n - 1).get(key) <= warmUps.get(n - 2).get(key) * (1 + tolerance);
    }

    @Override
    default void close() throws Exception {}
}
