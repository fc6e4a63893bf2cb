package dev.syncline.runner.cli;

import dev.syncline.runner.app.SyncService;
import dev.syncline.runner.pipeline.TypeProgress;
import java.util.Locale;

/**
 * The closing line of a backfill: what was delivered, how fast (from the first page to the end),
 * what it cost in Stripe requests, and the peak heap, so an operator can size the process.
 */
record BackfillSummary(long objects, double seconds, long requests, long throttled, long peakHeapBytes) {
    static BackfillSummary of(SyncService sync, long finishedNanos, long peakHeapBytes) {
        long objects = 0;
        long firstPage = Long.MAX_VALUE;
        for (var pipeline : sync.progress()) {
            for (TypeProgress type : pipeline.types()) {
                objects += type.delivered();
                if (type.firstPageNanos() != 0) {
                    firstPage = Math.min(firstPage, type.firstPageNanos());
                }
            }
        }
        double seconds = firstPage == Long.MAX_VALUE ? 0 : (finishedNanos - firstPage) / 1e9;
        return new BackfillSummary(objects, seconds, sync.stripe().requestCount(), sync.stripe().throttledCount(), peakHeapBytes);
    }

    String render(boolean complete) {
        return String.format(Locale.ROOT,
                "Backfill %s: %,d objects in %.1f s (%,.0f objects/s); %,d Stripe requests (%,.1f/s), %,d throttled; peak heap %,d MiB.",
                complete ? "complete" : "incomplete", objects, seconds, seconds > 0 ? objects / seconds : 0,
                requests, seconds > 0 ? requests / seconds : 0, throttled, peakHeapBytes >> 20);
    }
}
