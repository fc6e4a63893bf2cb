package dev.syncline.sim.store;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * All objects of one type in Stripe's list order: newest {@code created} first, ties broken by id
 * descending so pages are stable. Readers see an immutable snapshot through a volatile field, so
 * the event loop never locks; writers copy on write, which is cheap at simulator sizes and keeps
 * cursor lookups an O(1) index hit plus O(log n) binary searches for {@code created} bounds.
 */
public final class TypeStore {

    /** Stripe's list order. */
    public static final Comparator<StoredObject> LIST_ORDER =
            Comparator.comparingLong(StoredObject::created)
                    .reversed()
                    .thenComparing(StoredObject::id, Comparator.reverseOrder());

    private record Snapshot(StoredObject[] sorted, Map<String, Integer> positions, int liveCount) {}

    private final ObjectType type;
    private volatile Snapshot snapshot;

    public TypeStore(ObjectType type, Collection<StoredObject> objects) {
        this.type = type;
        StoredObject[] sorted = objects.toArray(new StoredObject[0]);
        Arrays.sort(sorted, LIST_ORDER);
        Map<String, Integer> positions = new HashMap<>(sorted.length * 2);
        int live = 0;
        for (int i = 0; i < sorted.length; i++) {
            if (positions.put(sorted[i].id(), i) != null) {
                throw new IllegalArgumentException("duplicate id " + sorted[i].id());
            }
            if (!sorted[i].deleted()) {
                live++;
            }
        }
        this.snapshot = new Snapshot(sorted, Collections.unmodifiableMap(positions), live);
    }

    public ObjectType type() {
        return type;
    }

    public int liveCount() {
        return snapshot.liveCount();
    }

    /** Any object ever held, including deleted stubs. */
    public Optional<StoredObject> get(String id) {
        Snapshot s = snapshot;
        Integer pos = s.positions().get(id);
        return pos == null ? Optional.empty() : Optional.of(s.sorted()[pos]);
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
        Snapshot s = snapshot;
        Integer pos = s.positions().get(id);
        if (pos == null) {
            throw new IllegalArgumentException("No such " + type.objectName() + ": " + id);
        }
        StoredObject current = s.sorted()[pos];
        if (current.deleted()) {
            return false;
        }
        StoredObject[] copy = s.sorted().clone();
        copy[pos] = current.asDeleted();
        snapshot = new Snapshot(copy, s.positions(), s.liveCount() - 1);
        return true;
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

    private static int position(Snapshot s, String id) {
        Integer pos = s.positions().get(id);
        if (pos == null) {
            throw new CursorNotFoundException(id);
        }
        return pos;
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
