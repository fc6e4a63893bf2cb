package dev.syncline.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Watches the warehouse the way an analyst's query would see it: a JDBC connection of its own,
 * autocommit, polling every customer's {@code metadata.bench} marker at a fixed interval, and
 * noting when each marker of a run was first seen.
 *
 * <p>The time noted is the start of the query that saw it: its snapshot is taken then, so the row
 * was visible by that moment and became visible after the previous query started. The measured
 * poll period is therefore the resolution of every latency, and is reported with them. One
 * cheap query (a thousand short strings from a small {@code jsonb} column) keeps the watcher from
 * dominating what it measures.
 *
 * <p>A customer whose marker was replaced by a later one before any query saw it counts as visible
 * when the later one is seen: its update was applied (or superseded) by then at the latest.
 */
final class MarkerWatcher implements AutoCloseable {
    private static final long UNSEEN = Long.MIN_VALUE;
    private static final String QUERY = "SELECT \"metadata\"->>'bench' FROM stripe.customers";

    private final String jdbcUrl;
    private final long firstSeq;
    private final int customers;
    private final long intervalNanos;
    private final long[] visibleAt;
    private final AtomicInteger seen = new AtomicInteger();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile Throwable failure;
    private long polls;
    private long queryNanos;
    private long firstPoll;
    private long lastPoll;

    /**
     * @param firstSeq the first marker of the run; markers outside {@code [firstSeq, firstSeq + count)} are ignored
     * @param customers how many customers the markers go round, so {@code seq - customers} is the same customer's previous marker
     */
    MarkerWatcher(String jdbcUrl, long firstSeq, int count, int customers, Duration interval) {
        this.jdbcUrl = jdbcUrl;
        this.firstSeq = firstSeq;
        this.customers = customers;
        this.intervalNanos = interval.toNanos();
        this.visibleAt = new long[count];
        Arrays.fill(visibleAt, UNSEEN);
        this.thread = new Thread(this::watch, "webhook-latency-watcher");
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Waits until the first {@code sent} markers were all seen; false if {@code timeout} passed first. */
    boolean awaitSeen(int sent, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (failure != null) {
                throw new IllegalStateException("the warehouse could not be watched", failure);
            }
            if (seen.get() >= sent) {
                return true;
            }
            Thread.sleep(20);
        }
        return false;
    }

    int seen() {
        return seen.get();
    }

    /** {@link System#nanoTime()} when each marker (by {@code seq - firstSeq}) was first seen; call after {@link #close}. */
    long[] visibleAt() {
        return visibleAt;
    }

    static boolean wasSeen(long visibleAt) {
        return visibleAt != UNSEEN;
    }

    /** The mean time from one query's start to the next's: the resolution of the latencies; call after {@link #close}. */
    double pollPeriodMillis() {
        return polls > 1 ? (lastPoll - firstPoll) / 1e6 / (polls - 1) : 0;
    }

    /** The mean time one query took; call after {@link #close}. */
    double queryMillis() {
        return polls > 0 ? queryNanos / 1e6 / polls : 0;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(10_000);
    }

    private void watch() {
        try (Connection connection = DriverManager.getConnection(jdbcUrl, "postgres", "");
             PreparedStatement query = connection.prepareStatement(QUERY)) {
            while (running) {
                long started = System.nanoTime();
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        String marker = rows.getString(1);
                        if (marker != null) {
                            seen(Long.parseLong(marker), started);
                        }
                    }
                }
                long done = System.nanoTime();
                if (polls++ == 0) {
                    firstPoll = started;
                }
                lastPoll = started;
                queryNanos += done - started;
                for (long wait = started + intervalNanos - System.nanoTime(); wait > 0 && running;
                     wait = started + intervalNanos - System.nanoTime()) {
                    LockSupport.parkNanos(wait);
                }
            }
        } catch (SQLException | RuntimeException e) {
            failure = e;
        }
    }

    private void seen(long seq, long at) {
        long index = seq - firstSeq;
        if (index < 0 || index >= visibleAt.length) {
            return;
        }
        // Walk back over this customer's earlier markers that no query caught before they were replaced.
        for (long i = index; i >= 0 && visibleAt[(int) i] == UNSEEN; i -= customers) {
            visibleAt[(int) i] = at;
            seen.incrementAndGet();
        }
    }
}
