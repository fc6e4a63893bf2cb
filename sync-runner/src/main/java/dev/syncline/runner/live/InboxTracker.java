package dev.syncline.runner.live;

import java.util.TreeMap;

/**
 * Which inbox position a pipeline may commit: the highest {@code seq} below which every row read
 * was acknowledged. Rows are read in {@code seq} order; a row may stand behind several records
 * (or none), and acknowledgements arrive in any order.
 */
final class InboxTracker {
    /** seq → acknowledgements still missing. */
    private final TreeMap<Long, Integer> pending = new TreeMap<>();
    private long highestRead;

    InboxTracker(long position) {
        this.highestRead = position;
    }

    /** Row {@code seq} was read and stands behind {@code records} records (0 if none: it is done at once). */
    synchronized void read(long seq, int records) {
        if (seq <= highestRead) {
            throw new IllegalStateException("inbox rows out of order: " + seq + " after " + highestRead);
        }
        highestRead = seq;
        if (records > 0) {
            pending.put(seq, records);
        }
    }

    /** One more record of row {@code seq} was acknowledged; a row may be acknowledged once per record. */
    synchronized void acknowledged(long seq) {
        Integer remaining = pending.get(seq);
        if (remaining == null) {
            throw new IllegalStateException("more acknowledgements than records for inbox row " + seq);
        }
        if (remaining == 1) {
            pending.remove(seq);
        } else {
            pending.put(seq, remaining - 1);
        }
    }

    /** The position every row up to which is delivered. */
    synchronized long committable() {
        return pending.isEmpty() ? highestRead : pending.firstKey() - 1;
    }

    /** Rows read but not yet fully acknowledged. */
    synchronized int inFlight() {
        return pending.size();
    }
}
