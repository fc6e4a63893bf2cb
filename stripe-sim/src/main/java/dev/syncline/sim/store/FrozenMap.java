package dev.syncline.sim.store;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;

/**
 * An unmodifiable JSON object as two arrays, keys and values, in insertion order. A simulator of
 * a thousand connected accounts holds about half a million objects of some sixty fields each; as
 * {@code LinkedHashMap}s those took 2.5 GB (an entry object, a table slot and a wrapper per
 * field), as arrays a tenth of that. Lookups scan the keys: Stripe objects have at most about a
 * hundred fields, and the simulator reads a few of them per request.
 */
final class FrozenMap extends AbstractMap<String, @Nullable Object> {
    private final String[] keys;
    private final @Nullable Object[] values;

    /** Takes ownership of the arrays; the caller has frozen every value already. */
    FrozenMap(String[] keys, @Nullable Object[] values) {
        this.keys = keys;
        this.values = values;
    }

    @Override
    public int size() {
        return keys.length;
    }

    @Override
    public boolean containsKey(@Nullable Object key) {
        return indexOf(key) >= 0;
    }

    @Override
    public @Nullable Object get(@Nullable Object key) {
        int at = indexOf(key);
        return at < 0 ? null : values[at];
    }

    @Override
    public void forEach(BiConsumer<? super String, ? super @Nullable Object> action) {
        for (int i = 0; i < keys.length; i++) {
            action.accept(keys[i], values[i]);
        }
    }

    private int indexOf(@Nullable Object key) {
        for (int i = 0; i < keys.length; i++) {
            if (keys[i].equals(key)) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public Set<Entry<String, @Nullable Object>> entrySet() {
        // A view made on demand, not kept: it would cost as much as the map itself.
        return new AbstractSet<>() {
            @Override
            public Iterator<Entry<String, @Nullable Object>> iterator() {
                return new Iterator<>() {
                    private int next;

                    @Override
                    public boolean hasNext() {
                        return next < keys.length;
                    }

                    @Override
                    public Entry<String, @Nullable Object> next() {
                        if (next >= keys.length) {
                            throw new NoSuchElementException();
                        }
                        int at = next++;
                        return new SimpleImmutableEntry<>(keys[at], values[at]);
                    }
                };
            }

            @Override
            public int size() {
                return keys.length;
            }
        };
    }
}
