package dev.syncline.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.DoubleStream;
import org.junit.jupiter.api.Test;

class BenchmarkWarmUpTest {
    @Test
    void aClimbingFigure_isWarmedUntilItLevels() {
        assertThat(levelled(1_900, 3_800, 5_100)).as("still climbing").isFalse();
        assertThat(levelled(1_900, 3_800, 5_100, 5_800)).as("up 14 %").isFalse();
        assertThat(levelled(1_900, 3_800, 5_100, 5_800, 6_100)).as("up 5 %: level").isTrue();
        assertThat(levelled(6_000, 5_900)).as("fewer than the minimum").isFalse();
        assertThat(levelled(6_000, 5_900, 5_000)).as("falling counts as level").isTrue();
        assertThat(levelled(1, 2, 4, 8, 16, 32, 64, 128)).as("at most eight").isTrue();
    }

    @Test
    void byDefault_oneWarmUpRun() {
        Benchmark benchmark = new Benchmark() {
            public String id() { return "x"; }
            public String title() { return "x"; }
            public String description() { return "x"; }
            public List<Metric> metrics() { return List.of(); }
            public void setUp(BenchmarkEnvironment environment) { }
            public Map<String, Double> run() { return Map.of(); }
        };
        assertThat(benchmark.warmedUp(List.of())).isFalse();
        assertThat(benchmark.warmedUp(List.of(Map.of()))).isTrue();
    }

    private static boolean levelled(double... rates) {
        List<Map<String, Double>> runs = DoubleStream.of(rates).mapToObj(rate -> Map.of("rate", rate)).toList();
        return Benchmark.levelled(runs, "rate", 3, 8, 0.10);
    }
}
