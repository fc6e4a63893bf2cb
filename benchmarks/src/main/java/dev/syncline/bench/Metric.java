package dev.syncline.bench;

import org.jspecify.annotations.Nullable;

/**
 * One figure a benchmark reports.
 *
 * @param key the key in {@link Benchmark#run()}'s result
 * @param label what people read
 * @param unit for example {@code objects/s}
 * @param target the goal the figure is judged against, if there is one
 */
public record Metric(String key, String label, String unit, @Nullable Target target) {
    public static Metric of(String key, String label, String unit) {
        return new Metric(key, label, unit, null);
    }

    public static Metric atLeast(String key, String label, String unit, double goal) {
        return new Metric(key, label, unit, new Target(true, goal));
    }

    public static Metric atMost(String key, String label, String unit, double goal) {
        return new Metric(key, label, unit, new Target(false, goal));
    }

    /** A goal: at least or at most {@code value}. */
    public record Target(boolean atLeast, double value) {
        boolean met(double figure) {
            return atLeast ? figure >= value : figure <= value;
        }

        String describe(String unit) {
            return (atLeast ? "≥ " : "≤ ") + Figures.format(value) + " " + unit;
        }
    }
}
