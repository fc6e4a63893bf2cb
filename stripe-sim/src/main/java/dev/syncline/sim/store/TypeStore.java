package dev.syncline.sim.store;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * All objects of one type in Stripe's list order: newest {@code created} first, ties broken by id
 * descending so pages are stable. Readers see an immutable sorted snapshot through a volatile
 * field, so the event loop never locks; writers (synchronized) copy the array on write, which is
 * a plain array copy even at 100k objects. An object's position is found from its id through the
 * id index plus a binary search on its {@code (created, id)} key, which never changes.
 */
public final class TypeStore {

    /** Stripe's list order. */
    public static final Comparator<StoredObject> LIST_ORDER =
            Comparator.comparingLong(StoredObject::created)
                    .reversed()
                    .thenComparing(StoredObject::id, Comparator.reverseOrder());

    private record Snapshot(StoredObject[] sorted, int liveCount) {}

    private final ObjectType type;
    private final ConcurrentHashMap<String, StoredObject> byId;
    private volatile Snapshot snapshot;

    public TypeStore(ObjectType type, Collection<StoredObject> objects) {
        this.type = type;
        StoredObject[] sorted = objects.toArray(new StoredObject[0]);
        Arrays.sort(sorted, LIST_ORDER);
        this.byId = new ConcurrentHashMap<>(Math.max(16, sorted.length * 2));
        int live = 0;
        for (StoredObject o : sorted) {
            if (byId.put(o.id(), o) != null) {
                throw new IllegalArgumentException("duplicate id " + o.id());
            }
            if (!o.deleted()) {
                live++;
            }
        }
        this.snapshot = new Snapshot(sorted, live);
    }

    public ObjectType type() {
        return type;
    }

    public int liveCount() {
        return snapshot.liveCount();
    }

    /** Any object ever held, including deleted stubs. */
    public Optional<StoredObject> get(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** Live objects in list order. */
    public List<StoredObject> live() {
        Snapshot s = snapshot;
        List<StoredObject> result = new ArrayList<>(s.liveCount());
        for (StoredObject o : s.sorted()) {
            if (!o.deleted()) {
                result.add(o);
            }
        }
        return result;
    }

    /**
     * Replaces the object with its deleted stub. The stub keeps its slot so the id stays a valid
     * cursor for clients that are mid-way through paging, while lists skip it.
     *
     * @return false if the object was already deleted
     * @throws IllegalArgumentException if the id is unknown
     */
    public synchronized boolean delete(String id) {
        StoredObject current = byId.get(id);
        if (current == null) {
            throw new IllegalArgumentException("No such " + type.objectName() + ": " + id);
        }
        if (current.deleted()) {
            return false;
        }
        replace(current.asDeleted());
        return true;
    }

    /**
     * Inserts a new object or replaces the current version of one (same id, same {@code created}).
     *
     * @return the previous version, or null if the object is new
     */
    public synchronized @Nullable StoredObject put(StoredObject object) {
        StoredObject previous = byId.get(object.id());
        if (previous != null) {
            if (previous.created() != object.created()) {
                throw new IllegalArgumentException("created of " + object.id() + " cannot change");
            }
            replace(object);
            return previous;
        }
        Snapshot s = snapshot;
        int at = -(Arrays.binarySearch(s.sorted(), object, LIST_ORDER) + 1);
        StoredObject[] copy = new StoredObject[s.sorted().length + 1];
        System.arraycopy(s.sorted(), 0, copy, 0, at);
        copy[at] = object;
        System.arraycopy(s.sorted(), at, copy, at + 1, s.sorted().length - at);
        snapshot = new Snapshot(copy, s.liveCount() + (object.deleted() ? 0 : 1));
        byId.put(object.id(), object);
        return null;
    }

    private void replace(StoredObject object) {
        Snapshot s = snapshot;
        int at = Arrays.binarySearch(s.sorted(), object, LIST_ORDER);
        StoredObject old = s.sorted()[at];
        StoredObject[] copy = s.sorted().clone();
        copy[at] = object;
        int live = s.liveCount() + (old.deleted() ? 1 : 0) - (object.deleted() ? 1 : 0);
        snapshot = new Snapshot(copy, live);
        byId.put(object.id(), object);
    }

    public ListPage list(ListQuery query) {
        Snapshot s = snapshot;
        StoredObject[] sorted = s.sorted();
        // Newest first, so larger created values sit at lower indexes.
        int from = firstIndexWithCreatedAtMost(sorted, query.createdTo());
        int to = query.createdFrom() == Long.MIN_VALUE
                ? sorted.length
                : firstIndexWithCreatedAtMost(sorted, query.createdFrom() - 1);
        if (query.endingBefore() != null) {
            int cursor = position(s, query.endingBefore());
            return backward(sorted, from, Math.min(to, cursor), query);
        }
        int start = from;
        if (query.startingAfter() != null) {
            start = Math.max(from, position(s, query.startingAfter()) + 1);
        }
        return forward(sorted, start, to, query);
    }

    private static ListPage forward(StoredObject[] sorted, int start, int end, ListQuery query) {
        List<StoredObject> page = new ArrayList<>(Math.min(query.limit(), Math.max(0, end - start)));
        for (int i = start; i < end; i++) {
            StoredObject o = sorted[i];
            if (o.deleted() || !query.filter().test(o.json())) {
                continue;
            }
            if (page.size() == query.limit()) {
                return new ListPage(page, true);
            }
            page.add(o);
        }
        return new ListPage(page, false);
    }

    /** Objects newer than the cursor, closest to it first, then reversed back into list order. */
    private static ListPage backward(StoredObject[] sorted, int start, int endExclusive, ListQuery query) {
        List<StoredObject> page = new ArrayList<>(query.limit());
        boolean hasMore = false;
        for (int i = endExclusive - 1; i >= start; i--) {
            StoredObject o = sorted[i];
            if (o.deleted() || !query.filter().test(o.json())) {
                continue;
            }
            if (page.size() == query.limit()) {
                hasMore = true;
                break;
            }
            page.add(o);
        }
        Collections.reverse(page);
        return new ListPage(page, hasMore);
    }

    /** The cursor's slot; an id written after this snapshot was taken falls where it would sort. */
    private int position(Snapshot s, String id) {
        StoredObject cursor = byId.get(id);
        if (cursor == null) {
            throw new CursorNotFoundException(id);
        }
        int at = Arrays.binarySearch(s.sorted(), cursor, LIST_ORDER);
        return at >= 0 ? at : -(at + 1) - 1;
    }

    private static int firstIndexWithCreatedAtMost(StoredObject[] sorted, long bound) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid].created() > bound) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
