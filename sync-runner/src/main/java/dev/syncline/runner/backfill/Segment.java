package dev.syncline.runner.backfill;

import org.jspecify.annotations.Nullable;

/**
 * One slice of a stream's {@code created} range, paged newest first. Two cursors move through it:
 * the read cursor (the last object fetched, where the next page starts) and the acknowledged cursor
 * (the last object whose page every destination acknowledged, the one that is persisted).
 *
 * <p>A split only raises {@code gte}: the older part of the range goes to a new segment. {@code lt}
 * only falls to just above the acknowledged cursor, so a persisted snapshot always covers every
 * unacknowledged object.
 * Thread-safe: the source splits while the tracker acknowledges.
 */
public final class Segment {
    private final StreamKey stream;
    private final long id;
    private long lt;
    private long gte;
    private @Nullable String readCursor;
    private long readCreated;
    private @Nullable String ackedCursor;
    private long ackedCursorCreated;
    private boolean done;

    Segment(StreamKey stream, long id, long gte, long lt, @Nullable String cursor, long cursorCreated) {
        this.stream = stream;
        this.id = id;
        this.gte = gte;
        this.lt = lt;
        this.readCursor = cursor;
        this.ackedCursor = cursor;
        this.ackedCursorCreated = cursorCreated;
    }

    public StreamKey stream() {
        return stream;
    }

    public long id() {
        return id;
    }

    public synchronized long gte() {
        return gte;
    }

    public synchronized long lt() {
        return lt;
    }

    synchronized @Nullable String readCursor() {
        return readCursor;
    }

    synchronized void read(String lastId, long lastCreated) {
        readCursor = lastId;
        readCreated = lastCreated;
    }

    /** Seconds of the range not yet read: from {@code gte} up to the last object read (all of it before the first page). */
    synchronized long unreadSeconds() {
        if (done) {
            return 0;
        }
        long top = readCursor == null ? lt : Math.min(lt, readCreated + 1);
        return Math.max(0, top - gte);
    }

    /** A new, unread segment for the part of this one older than {@code boundary}; this one is not changed yet. */
    synchronized Segment olderPart(long boundary, long newId) {
        if (boundary <= gte || boundary >= lt) {
            throw new IllegalArgumentException("boundary " + boundary + " outside " + this);
        }
        return new Segment(stream, newId, gte, boundary, null, 0);
    }

    /** Gives up the range below {@code boundary}, once another segment owns it. */
    synchronized void raiseGte(long boundary) {
        gte = Math.max(gte, boundary);
    }

    /**
     * Stripe refused the cursor (its object was deleted since): restart below it without a cursor.
     * Everything newer than the cursor's second was acknowledged, so the range may end there; the
     * cursor's own second is read again. Only safe while nothing was read past the acknowledged cursor.
     *
     * @return whether the segment could restart
     */
    synchronized boolean restartWithoutCursor() {
        if (ackedCursor == null || !ackedCursor.equals(readCursor)) {
            return false;
        }
        lt = Math.min(lt, ackedCursorCreated + 1);
        readCursor = null;
        readCreated = 0;
        ackedCursor = null;
        ackedCursorCreated = 0;
        return true;
    }

    synchronized void acknowledge(String cursorId, long cursorCreated, boolean last) {
        ackedCursor = cursorId;
        ackedCursorCreated = cursorCreated;
        done = done || last;
    }

    synchronized void acknowledgeEmpty() {
        done = true;
    }

    public synchronized boolean isDone() {
        return done;
    }

    public synchronized SegmentSnapshot snapshot() {
        return new SegmentSnapshot(id, gte, lt, ackedCursor, ackedCursorCreated);
    }

    @Override
    public synchronized String toString() {
        return stream + "/" + id + "[" + gte + "," + lt + ")" + (done ? " done" : "");
    }
}
