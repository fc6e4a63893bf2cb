package dev.syncline.testkit.hubspot;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.LongSupplier;

/**
 * HubSpot's limits as the fake enforces them: a rolling ten-second window of {@code max}
 * requests per app, a daily counter, and search's own five requests per second. Requests the
 * fake refuses with 429 are not counted against the window ([U] in the reference: HubSpot does
 * not say; counting them would let a client that keeps retrying lock itself out).
 */
final class RateLimits {
    static final long WINDOW_NANOS = 10_000_000_000L;
    private static final long SECOND_NANOS = 1_000_000_000L;

    private final LongSupplier nanos;
    private final Deque<Long> window = new ArrayDeque<>();
    private final Deque<Long> searchWindow = new ArrayDeque<>();
    private volatile int max = 100;
    private volatile long daily = 250_000;
    private long usedToday;
    private int peak;

    RateLimits(LongSupplier nanos) {
        this.nanos = nanos;
    }

    void max(int value) {
        this.max = value;
    }

    int max() {
        return max;
    }

    void daily(long value) {
        this.daily = value;
    }

    long daily() {
        return daily;
    }

    /** Which limit refuses this request, or null if it is admitted (and counted). */
    synchronized String admit() {
        long now = nanos.getAsLong();
        evict(window, now, WINDOW_NANOS);
        if (usedToday >= daily) {
            return "DAILY";
        }
        if (window.size() >= max) {
            return "TEN_SECONDLY_ROLLING";
        }
        window.addLast(now);
        usedToday++;
        peak = Math.max(peak, window.size());
        return null;
    }

    /** Whether a search request is admitted under its five per second. */
    synchronized boolean admitSearch() {
        long now = nanos.getAsLong();
        evict(searchWindow, now, SECOND_NANOS);
        if (searchWindow.size() >= 5) {
            return false;
        }
        searchWindow.addLast(now);
        return true;
    }

    synchronized int remaining() {
        evict(window, nanos.getAsLong(), WINDOW_NANOS);
        return Math.max(0, max - window.size());
    }

    synchronized long remainingToday() {
        return Math.max(0, daily - usedToday);
    }

    /** The most requests admitted within any ten seconds so far. */
    synchronized int peak() {
        return peak;
    }

    synchronized void reset() {
        window.clear();
        searchWindow.clear();
        usedToday = 0;
        peak = 0;
    }

    private static void evict(Deque<Long> deque, long now, long span) {
        while (!deque.isEmpty() && now - deque.peekFirst() >= span) {
            deque.removeFirst();
        }
    }
}
