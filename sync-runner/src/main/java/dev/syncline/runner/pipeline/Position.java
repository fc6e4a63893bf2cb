package dev.syncline.runner.pipeline;

import java.util.ArrayList;
import java.util.List;

/**
 * Where a record was read: a backfill page or an inbox row. A source commits a position only
 * once every record read at it is acknowledged by the destination.
 */
public interface Position {
    /** The single positions this one stands for; itself, unless it groups several. */
    default List<Position> parts() {
        return List.of(this);
    }

    /** One record standing for several positions, for example one refetch for several notices of an object. */
    static Position of(List<? extends Position> positions) {
        if (positions.size() == 1) {
            return positions.get(0);
        }
        List<Position> flat = new ArrayList<>();
        positions.forEach(p -> flat.addAll(p.parts()));
        return new Group(List.copyOf(flat));
    }

    /** Several positions acknowledged together. */
    record Group(List<Position> members) implements Position {
        @Override
        public List<Position> parts() {
            return members;
        }
    }
}
