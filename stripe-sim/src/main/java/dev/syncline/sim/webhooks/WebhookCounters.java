package dev.syncline.sim.webhooks;

import java.util.concurrent.atomic.LongAdder;

/**
 * What the webhook sender did: HTTP attempts and their outcome, deliveries given up after the last
 * retry, and how often each fault knob fired. One instance per endpoint plus one for all of them.
 */
public final class WebhookCounters {

    private final LongAdder attempts = new LongAdder();
    private final LongAdder successes = new LongAdder();
    private final LongAdder failures = new LongAdder();
    private final LongAdder exhausted = new LongAdder();
    private final LongAdder duplicates = new LongAdder();
    private final LongAdder reordered = new LongAdder();
    private final LongAdder delayed = new LongAdder();
    private final LongAdder dropped = new LongAdder();

    /** HTTP requests sent (retries and duplicates included). */
    public long attempts() {
        return attempts.sum();
    }

    /** Attempts answered with a 2xx. */
    public long successes() {
        return successes.sum();
    }

    /** Attempts answered with anything else (3xx included), or not answered at all. */
    public long failures() {
        return failures.sum();
    }

    /** Deliveries that failed their last allowed attempt, or whose endpoint was removed meanwhile. */
    public long exhausted() {
        return exhausted.sum();
    }

    /** Events sent a second time on purpose. */
    public long duplicates() {
        return duplicates.sum();
    }

    /** Events held back to go out after a later one. */
    public long reordered() {
        return reordered.sum();
    }

    /** Events whose delivery was delayed on purpose. */
    public long delayed() {
        return delayed.sum();
    }

    /** Events never sent on purpose. */
    public long dropped() {
        return dropped.sum();
    }

    void attempt() {
        attempts.increment();
    }

    void success() {
        successes.increment();
    }

    void failure() {
        failures.increment();
    }

    void exhaust() {
        exhausted.increment();
    }

    void duplicate() {
        duplicates.increment();
    }

    void reorder() {
        reordered.increment();
    }

    void delay() {
        delayed.increment();
    }

    void drop() {
        dropped.increment();
    }

    @Override
    public String toString() {
        return "WebhookCounters[attempts=" + attempts() + ", successes=" + successes() + ", failures=" + failures()
                + ", exhausted=" + exhausted() + ", duplicates=" + duplicates() + ", reordered=" + reordered()
                + ", delayed=" + delayed() + ", dropped=" + dropped() + "]";
    }
}
