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

    @Override
    default void close() throws Exception {}
}
