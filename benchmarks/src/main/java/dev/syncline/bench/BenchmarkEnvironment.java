package dev.syncline.bench;

import java.nio.file.Path;

/**
 * What the harness gives a benchmark.
 *
 * @param workDirectory a scratch directory, deleted after the suite
 * @param quick whether to use smaller data (for a smoke run); reported figures come from full runs
 */
public record BenchmarkEnvironment(Path workDirectory, boolean quick) {}
