package dev.syncline.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BenchmarkDocumentTest {
    @Test
    void rerunningOneBenchmark_replacesOnlyItsSection() {
        BenchmarkDocument document = BenchmarkDocument.parse("");
        document.put("a", "## A\nold a\n");
        document.put("b", "## B\nb\n");
        BenchmarkDocument reread = BenchmarkDocument.parse(document.render());

        reread.put("a", "## A\nnew a\n");

        assertThat(reread.render()).startsWith(BenchmarkDocument.HEADER)
                .contains("new a").doesNotContain("old a").contains("## B\nb\n")
                .containsSubsequence("<!-- benchmark:a -->", "<!-- /benchmark:a -->", "<!-- benchmark:b -->");
    }

    @Test
    void report_showsMediansRunsAndTargets() {
        Benchmark benchmark = new Benchmark() {
            public String id() { return "pages"; }
            public String title() { return "Pages"; }
            public String description() { return "Pages per second."; }
            public List<Metric> metrics() {
                return List.of(Metric.atLeast("rate", "pages served", "pages/s", 2000), Metric.of("heap", "peak heap", "MiB"));
            }
            public void setUp(BenchmarkEnvironment environment) { }
            public Map<String, Double> run() { return Map.of(); }
        };

        String section = BenchmarkReport.render(benchmark, 4,
                List.of(Map.of("rate", 2100.0, "heap", 80.0), Map.of("rate", 1900.0, "heap", 90.0), Map.of("rate", 2500.0, "heap", 85.0)),
                LocalDate.of(2026, 11, 27), "2 cores");

        assertThat(section)
                .contains("| pages served | 2,100 pages/s | 2,100 / 1,900 / 2,500 | ≥ 2,000 pages/s | met |")
                .contains("| peak heap | 85 MiB |")
                .contains("median of 3 runs after 4 warm-up runs")
                .contains("`./bench --only pages`");
    }
}
