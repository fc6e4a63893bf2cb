/**
 * The benchmark harness: {@link dev.syncline.bench.Benchmark}s found through ServiceLoader, run
 * by {@link dev.syncline.bench.BenchmarkSuite}, reported as medians in docs/benchmarks.md.
 */
@NullMarked
package dev.syncline.bench;

import org.jspecify.annotations.NullMarked;
