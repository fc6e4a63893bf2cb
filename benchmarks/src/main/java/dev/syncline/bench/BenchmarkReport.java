package dev.syncline.bench;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The Markdown section of one benchmark: how it was run, and the median of each metric. */
final class BenchmarkReport {
    private BenchmarkReport() {}

    static String render(Benchmark benchmark, int warmUps, List<Map<String, Double>> runs, LocalDate date, String machine) {
        StringBuilder md = new StringBuilder();
        md.append("## ").append(benchmark.title()).append("\n\n");
        md.append("_Measured ").append(date).append(" on ").append(machine).append(", median of ").append(runs.size())
                .append(" runs after ")
                .append(warmUps == 1 ? "a warm-up" : warmUps + " warm-up runs").append("; command: `./bench --only ").append(benchmark.id()).append("`._\n\n");
        md.append(benchmark.description().strip()).append("\n\n");
        md.append("| metric | median | runs | target | |\n|---|---:|---|---|---|\n");
        for (Metric metric : benchmark.metrics()) {
            List<Double> values = runs.stream().map(r -> r.get(metric.key())).filter(v -> v != null).toList();
            if (values.isEmpty()) {
                continue;
            }
            double median = Figures.median(values);
            md.append("| ").append(metric.label()).append(" | ").append(Figures.format(median)).append(' ').append(metric.unit())
                    .append(" | ").append(values.stream().map(Figures::format).collect(Collectors.joining(" / ")))
                    .append(" | ").append(metric.target() == null ? "" : metric.target().describe(metric.unit()))
                    .append(" | ").append(metric.target() == null ? "" : metric.target().met(median) ? "met" : "**not met**")
                    .append(" |\n");
        }
        return md.toString();
    }
}
