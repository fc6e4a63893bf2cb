package dev.syncline.runner.backfill;

import dev.syncline.runner.catalog.StripeObjectType;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The streams of one pipeline's backfill and their segments, shared by the reader (which splits
 * segments), the tracker (which acknowledges them) and the committer (which saves them).
 */
final class BackfillStreams {
    private final Map<StreamKey, Stream> streams = new ConcurrentHashMap<>();
    private final Set<StreamKey> dirty = ConcurrentHashMap.newKeySet();
    /** The pages each segment being read is expected to fill still; NaN until its first page tells. */
    private final Map<Segment, Double> expectedPages = new ConcurrentHashMap<>();
    private final Consumer<String> onTypeComplete;

    /** @param onTypeComplete told the object type once every stream of it is read and acknowledged */
    BackfillStreams(Consumer<String> onTypeComplete) {
        this.onTypeComplete = onTypeComplete;
    }

    /** Registers a stream with the segments it starts (or resumes) with. */
    void add(StreamKey key, StripeObjectType type, long since, long until, List<Segment> segments) {
        long nextId = segments.stream().mapToLong(Segment::id).max().orElse(-1) + 1;
        streams.put(key, new Stream(type, since, until, new CopyOnWriteArrayList<>(segments), new AtomicLong(nextId)));
        dirty.add(key);
    }

    StripeObjectType type(StreamKey key) {
        return stream(key).type();
    }

    long since(StreamKey key) {
        return stream(key).since();
    }

    long until(StreamKey key) {
        return stream(key).until();
    }

    /**
     * Moves the part of {@code segment} below {@code boundary} to a new segment. The new one is
     * registered before the old one gives the range up, so a snapshot taken in between at worst
     * overlaps (read twice after a crash), never misses a range.
     */
    Segment split(Segment segment, long boundary) {
        Stream stream = stream(segment.stream());
        Segment older = segment.olderPart(boundary, stream.nextId().getAndIncrement());
        stream.segments().add(older);
        segment.raiseGte(boundary);
        dirty.add(segment.stream());
        return older;
    }

    void fail(StreamKey key, Throwable error) {
        stream(key).failure().compareAndSet(null, error);
    }

    boolean failed(StreamKey key) {
        return stream(key).failure().get() != null;
    }

    void markDirty(StreamKey key) {
        dirty.add(key);
        if (complete(key) && streams.keySet().stream().filter(k -> k.objectType().equals(key.objectType())).allMatch(this::complete)) {
            onTypeComplete.accept(key.objectType());
        }
    }

    /** The streams changed since the last call. */
    List<StreamKey> drainDirty() {
        List<StreamKey> changed = List.copyOf(dirty);
        dirty.removeAll(changed);
        return changed;
    }

    List<SegmentSnapshot> openSnapshots(StreamKey key) {
        return stream(key).segments().stream().filter(s -> !s.isDone()).map(Segment::snapshot).toList();
    }

    /** Whether every segment was read and acknowledged; a failed stream is never complete. */
    boolean complete(StreamKey key) {
        Stream stream = stream(key);
        return stream.failure().get() == null && stream.segments().stream().allMatch(Segment::isDone);
    }

    /** The segment is being read and expected to fill this many pages still (NaN: not known yet). */
    void expect(Segment segment, double pages) {
        expectedPages.put(segment, pages);
    }

    /** The segment's reading ended. */
    void readingEnded(Segment segment) {
        expectedPages.remove(segment);
    }

    /** The pages every segment being read but {@code except} is expected to fill still, those not known yet counted as none. */
    double expectedPagesExcept(Segment except) {
        double pages = 0;
        for (Map.Entry<Segment, Double> entry : expectedPages.entrySet()) {
            if (entry.getKey() != except && !entry.getValue().isNaN()) {
                pages += entry.getValue();
            }
        }
        return pages;
    }

    /**
     * The objects of {@code objectType} its segments being read are expected to hold still, from
     * the density of each one's last page; empty while a segment has not told yet, or for a list
     * read in one sequence without {@code created} ranges.
     */
    OptionalDouble unreadObjects(String objectType, int pageSize) {
        double pages = 0;
        for (Map.Entry<Segment, Double> entry : expectedPages.entrySet()) {
            if (entry.getKey().stream().objectType().equals(objectType)) {
                if (entry.getValue().isNaN()) {
                    return OptionalDouble.empty();
                }
                pages += entry.getValue();
            }
        }
        return OptionalDouble.of(pages * pageSize);
    }

    /** The share of the {@code created} ranges of {@code objectType}'s streams already read, from 0 to 1. */
    double coverage(String objectType) {
        long total = 0;
        long unread = 0;
        for (Map.Entry<StreamKey, Stream> entry : streams.entrySet()) {
            if (entry.getKey().objectType().equals(objectType)) {
                total += Math.max(1, entry.getValue().until() - entry.getValue().since());
                unread += entry.getValue().segments().stream().mapToLong(Segment::unreadSeconds).sum();
            }
        }
        return total == 0 ? 0 : Math.min(1, Math.max(0, 1 - (double) unread / total));
    }

    private Stream stream(StreamKey key) {
        Stream stream = streams.get(key);
        if (stream == null) {
            throw new IllegalArgumentException("unknown backfill stream " + key);
        }
        return stream;
    }

    private record Stream(StripeObjectType type, long since, long until, List<Segment> segments, AtomicLong nextId,
                          AtomicReference<Throwable> failure) {
        Stream(StripeObjectType type, long since, long until, List<Segment> segments, AtomicLong nextId) {
            this(type, since, until, segments, nextId, new AtomicReference<>());
        }
    }
}
