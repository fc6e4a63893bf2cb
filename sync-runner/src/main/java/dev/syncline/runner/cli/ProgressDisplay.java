package dev.syncline.runner.cli;

import dev.syncline.runner.pipeline.PipelineProgress;
import dev.syncline.runner.pipeline.TypeProgress;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Shows backfill progress per object type while it runs: live bars on a terminal, a line every
 * few seconds otherwise (logs, CI). Stripe lists have no totals, so bars count up with their rate.
 */
final class ProgressDisplay implements AutoCloseable {
    private final List<PipelineProgress> pipelines;
    private final PrintStream out;
    private final List<ProgressBar> bars = new ArrayList<>();
    private final List<TypeProgress> barTypes = new ArrayList<>();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "syncline-progress");
        t.setDaemon(true);
        return t;
    });

    ProgressDisplay(List<PipelineProgress> pipelines, PrintStream out) {
        this.pipelines = pipelines;
        this.out = out;
    }

    void start() {
        boolean terminal = System.console() != null;
        if (terminal) {
            for (PipelineProgress pipeline : pipelines) {
                for (TypeProgress type : pipeline.types()) {
                    bars.add(new ProgressBarBuilder().setTaskName(pad(type.objectType()))
                            .setInitialMax(-1).setStyle(ProgressBarStyle.ASCII).setUnit(" objects", 1).showSpeed().hideEta()
                            .setUpdateIntervalMillis(250).continuousUpdate().build());
                    barTypes.add(type);
                }
            }
            ticker.scheduleAtFixedRate(this::refreshBars, 200, 200, TimeUnit.MILLISECONDS);
        } else {
            ticker.scheduleAtFixedRate(this::printLine, 2, 2, TimeUnit.SECONDS);
        }
    }

    private void refreshBars() {
        for (int i = 0; i < bars.size(); i++) {
            TypeProgress type = barTypes.get(i);
            bars.get(i).stepTo(type.delivered());
            bars.get(i).setExtraMessage(type.isReadComplete() && type.delivered() >= type.read() ? "done" : type.pages() + " pages");
        }
    }

    private void printLine() {
        StringBuilder line = new StringBuilder("progress:");
        for (PipelineProgress pipeline : pipelines) {
            for (TypeProgress type : pipeline.types()) {
                line.append(' ').append(type.objectType()).append('=').append(type.delivered())
                        .append(type.isReadComplete() && type.delivered() >= type.read() ? " (done)" : "");
            }
        }
        out.println(line);
    }

    private static String pad(String name) {
        return String.format("%-14s", name);
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        if (!bars.isEmpty()) {
            refreshBars();
            bars.forEach(ProgressBar::close);
        }
    }
}
