package dev.syncline.runner.pipeline;

import dev.syncline.connector.spi.RecordOutcome;
import java.util.OptionalDouble;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;

/** Live counters of one object type in one pipeline; updated from any thread, read by displays. */
public final class TypeProgress {
    private final String objectType;
    private final long startedNanos = System.nanoTime();
    private final LongAdder pages = new LongAdder();
    private final LongAdder read = new LongAdder();
    private final LongAdder applied = new LongAdder();
    private final LongAdder unchanged = new LongAdder();
    private final LongAdder stale = new LongAdder();
    private final LongAdder ties = new LongAdder();
    private final LongAdder rejected = new LongAdder();
    private final LongAdder receivedBackfill = new LongAdder();
    private final LongAdder receivedLive = new LongAdder();
    private volatile boolean readComplete;
    private volatile long firstPageNanos;
    private volatile String failure = "";
    private volatile DoubleSupplier coverage = () -> 0;
    private volatile Supplier<OptionalDouble> unreadObjects = OptionalDouble::empty;

    TypeProgress(String objectType) {
        this.objectType = objectType;
    }

    public void pageRead(int objects) {
        if (firstPageNanos == 0) {
            firstPageNanos = System.nanoTime();
        }
        pages.increment();
        read.add(objects);
    }

    public void readComplete() {
        readComplete = true;
    }

    /** This type's stream stopped with an error that retrying cannot fix; the others go on. */
    public void failed(String reason) {
        failure = reason;
    }

    /** Why this type's stream stopped, or empty. */
    public String failure() {
        return failure;
    }

    void outcome(RecordOutcome outcome) {
        switch (outcome.status()) {
            case APPLIED -> applied.increment();
            case UNCHANGED -> unchanged.increment();
            case STALE -> stale.increment();
            case TIE -> ties.increment();
            case REJECTED -> rejected.increment();
            case FAILED -> { }
        }
    }

    /** A record entered the pipeline: from a backfill page, or from the inbox (events and their refetches). */
    void received(boolean live) {
        (live ? receivedLive : receivedBackfill).increment();
    }

    /** Records that entered the pipeline from backfill pages. */
    public long receivedFromBackfill() {
        return receivedBackfill.sum();
    }

    /** Records that entered the pipeline from the inbox. */
    public long receivedLive() {
        return receivedLive.sum();
    }

    public String objectType() {
        return objectType;
    }

    public long pages() {
        return pages.sum();
    }

    public long read() {
        return read.sum();
    }

    /** Records the destination has acknowledged, whatever the outcome. */
    public long delivered() {
        return applied.sum() + unchanged.sum() + stale.sum() + ties.sum() + rejected.sum();
    }

    public long applied() {
        return applied.sum();
    }

    public long ties() {
        return ties.sum();
    }

    public long rejected() {
        return rejected.sum();
    }

    public boolean isReadComplete() {
        return readComplete;
    }

    /** Where to read how much of the type's {@code created} range is read. */
    public void coverage(DoubleSupplier source) {
        coverage = source;
    }

    /** The share of the type's {@code created} range read, from 0 to 1 (1 once complete). */
    public double coverage() {
        return readComplete ? 1 : coverage.getAsDouble();
    }

    /** Where to read how many objects the type's unread ranges are expected to hold, when that can be told. */
    public void unreadObjects(Supplier<OptionalDouble> source) {
        unreadObjects = source;
    }

    /**
     * The share of this backfill's objects read, from 0 to 1: the objects read against those plus
     * the ones the unread ranges are expected to hold, at the density of their last pages. Where
     * that cannot be told yet (before the first pages, or for a list read in one sequence), the
     * share of the range read. Objects are counted, not seconds, because accounts are rarely even
     * over time: a range from 2010 is mostly empty years, read in a second.
     */
    public double completion() {
        if (readComplete) {
            return 1;
        }
        OptionalDouble unread = unreadObjects.get();
        long done = read();
        if (unread.isEmpty() || done + unread.getAsDouble() <= 0) {
            return coverage();
        }
        return done / (done + unread.getAsDouble());
    }

    /** {@link System#nanoTime()} when the first page arrived, or 0. */
    public long firstPageNanos() {
        return firstPageNanos;
    }

    /** Seconds since the type started. */
    public double elapsedSeconds() {
        return (System.nanoTime() - startedNanos) / 1e9;
    }

    /**
     * A rough time left, from the {@link #completion()} so far and the time it took since the first
     * page (start-up and the first round trip are not reading time); empty until enough is read to tell.
     */
    public OptionalDouble etaSeconds() {
        double done = completion();
        if (readComplete || done < 0.02) {
            return readComplete ? OptionalDouble.of(0) : OptionalDouble.empty();
        }
        long first = firstPageNanos;
        double reading = first == 0 ? elapsedSeconds() : (System.nanoTime() - first) / 1e9;
        return OptionalDouble.of(reading * (1 - done) / done);
    }
}
