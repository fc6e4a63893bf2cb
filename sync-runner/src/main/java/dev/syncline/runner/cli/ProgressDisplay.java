package dev.syncline.runner.cli;

import dev.syncline.runner.app.SyncService;
import dev.syncline.runner.pipeline.PipelineProgress;
import dev.syncline.runner.pipeline.TypeProgress;
import dev.syncline.runner.stripe.StripeApi;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Shows backfill progress while it runs: per object type the objects delivered, pages per second
 * and an ETA where one can be estimated, and Stripe requests per second against the budget. Live
 * bars on a terminal; a line every few seconds otherwise (logs, CI).
 */
final class ProgressDisplay implements AutoCloseable {
    private static final long LINE_INTERVAL_SECONDS = 2;

    private final SyncService sync;
    private final PrintStream out;
    private final List<ProgressBar> bars = new ArrayList<>();
    private final List<TypeProgress> barTypes = new ArrayList<>();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "syncline-progress");
        t.setDaemon(true);
        return t;
    });
    private final Rates rates = new Rates();

    ProgressDisplay(SyncService sync, PrintStream out) {
        this.sync = sync;
        this.out = out;
    }

    void start() {
        if (System.console() != null) {
            for (PipelineProgress pipeline : sync.progress()) {
                for (TypeProgress type : pipeline.types()) {
                    bars.add(new ProgressBarBuilder().setTaskName(String.format("%-20s", type.objectType()))
                            .setInitialMax(100).setStyle(ProgressBarStyle.ASCII).hideEta().setUnit("%", 1)
                            .setUpdateIntervalMillis(250).continuousUpdate().build());
                    barTypes.add(type);
                }
            }
            ticker.scheduleAtFixedRate(this::refreshBars, 250, 500, TimeUnit.MILLISECONDS);
        } else {
            ticker.scheduleAtFixedRate(this::printLine, LINE_INTERVAL_SECONDS, LINE_INTERVAL_SECONDS, TimeUnit.SECONDS);
        }
    }

    private void refreshBars() {
        String requests = rates.requests(sync.stripe());
        for (int i = 0; i < bars.size(); i++) {
            TypeProgress type = barTypes.get(i);
            bars.get(i).stepTo(Math.round(type.completion() * 100));
            bars.get(i).setExtraMessage(describe(type) + (i == 0 ? "  |  " + requests : ""));
        }
    }

    private void printLine() {
        StringBuilder line = new StringBuilder("progress:");
        for (PipelineProgress pipeline : sync.progress()) {
            for (TypeProgress type : pipeline.types()) {
                line.append("\n  ").append(String.format("%-20s", type.objectType())).append(describe(type));
            }
        }
        out.println(line.append("\n  ").append(rates.requests(sync.stripe())));
    }

    private String describe(TypeProgress type) {
        if (!type.failure().isEmpty()) {
            return String.format(Locale.ROOT, "%,d objects  FAILED: %s", type.delivered(), type.failure());
        }
        if (type.isReadComplete() && type.delivered() >= type.read()) {
            return String.format(Locale.ROOT, "%,d objects  done", type.delivered());
        }
        String eta = type.etaSeconds().isPresent() ? "  ETA " + duration(type.etaSeconds().getAsDouble()) : "";
        return String.format(Locale.ROOT, "%,d objects  %,.0f pages/s%s", type.delivered(), rates.pages(type), eta);
    }

    private static String duration(double seconds) {
        Duration d = Duration.ofSeconds(Math.round(seconds));
        return d.toHours() > 0 ? String.format("%dh%02dm", d.toHours(), d.toMinutesPart())
                : d.toMinutes() > 0 ? String.format("%dm%02ds", d.toMinutes(), d.toSecondsPart()) : d.toSeconds() + "s";
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        if (!bars.isEmpty()) {
            refreshBars();
            bars.forEach(ProgressBar::close);
        }
    }

    /** Rates over the last display interval. */
    private static final class Rates {
        private long lastNanos = System.nanoTime();
        private long lastRequests;
        private long rateNanos = System.nanoTime();
        private String lastRequestLine = "";
        private final java.util.Map<TypeProgress, long[]> pages = new java.util.HashMap<>();

        synchronized String requests(StripeApi api) {
            long now = System.nanoTime();
            double seconds = (now - lastNanos) / 1e9;
            if (seconds >= 0.9) {
                long count = api.requestCount();
                lastRequestLine = String.format(Locale.ROOT, "Stripe: %,.0f requests/s of %,.0f/s budget, %,d throttled",
                        (count - lastRequests) / seconds, api.budget(), api.throttledCount());
                lastRequests = count;
                lastNanos = now;
            }
            return lastRequestLine;
        }

        synchronized double pages(TypeProgress type) {
            long now = System.nanoTime();
            long[] last = pages.computeIfAbsent(type, t -> new long[] {now, t.pages(), 0});
            double seconds = (now - last[0]) / 1e9;
            if (seconds >= 0.9) {
                last[2] = Math.round((type.pages() - last[1]) / seconds);
                last[0] = now;
                last[1] = type.pages();
            }
            return last[2];
        }
    }
}
