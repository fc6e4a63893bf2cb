package dev.syncline.sim.store;

import java.util.AbstractList;
import java.util.RandomAccess;
import org.jspecify.annotations.Nullable;

/** An unmodifiable JSON array over one array of frozen values; see {@link FrozenMap} for why. */
final class FrozenList extends AbstractList<@Nullable Object> implements RandomAccess {
    private final @Nullable Object[] values;

    /** Takes ownership of the array; the caller has frozen every value already. */
    FrozenList(@Nullable Object[] values) {
        this.values = values;
    }

    @Override
    public @Nullable Object get(int index) {
        return values[index];
    }

    @Override
    public int size() {
        return values.length;
    }
}
