package dev.syncline.runner.deadletter;

import java.util.ArrayList;
import java.util.List;

/**
 * What a replay of one pipeline's dead letters did.
 *
 * @param pipeline the pipeline
 * @param replayed delivered and marked replayed
 * @param refused refused again; still pending with the new reason
 * @param failed not written because of a passing failure; still pending, replay them later
 * @param denied not offered, because the pipeline's policy no longer lets their type reach it; still pending
 * @param superseded delivered, but refused again by the running pipeline meanwhile (a newer version); still pending
 * @param problems the first few letters still pending, with why
 */
public record ReplayReport(String pipeline, long replayed, long refused, long failed, long denied, long superseded, List<String> problems) {
    /** How many problems a report keeps: enough to see why, not the whole table. */
    static final int MAX_PROBLEMS = 10;

    public ReplayReport {
        problems = List.copyOf(problems);
    }

    static ReplayReport none(String pipeline) {
        return new ReplayReport(pipeline, 0, 0, 0, 0, 0, List.of());
    }

    /** Letters the replay offered or meant to offer. */
    public long selected() {
        return replayed + refused + failed + denied + superseded;
    }

    /** Letters still pending after the replay. */
    public long remaining() {
        return refused + failed + denied + superseded;
    }

    ReplayReport plus(ReplayReport other) {
        List<String> both = new ArrayList<>(problems);
        other.problems.stream().limit(Math.max(0, MAX_PROBLEMS - both.size())).forEach(both::add);
        return new ReplayReport(pipeline, replayed + other.replayed, refused + other.refused, failed + other.failed,
                denied + other.denied, superseded + other.superseded, both);
    }

    /** One line for people, e.g. {@code warehouse: 12 replayed, 2 refused again}. */
    public String summary() {
        StringBuilder line = new StringBuilder(pipeline).append(": ").append(replayed).append(" replayed");
        append(line, refused, "refused again");
        append(line, failed, "not written (temporary failure, replay again later)");
        append(line, denied, "denied by the policy");
        append(line, superseded, "refused again by the running pipeline meanwhile");
        return line.toString();
    }

    private static void append(StringBuilder line, long count, String what) {
        if (count > 0) {
            line.append(", ").append(count).append(' ').append(what);
        }
    }
}
