package dev.syncline.testkit.conformance;

import dev.syncline.connector.record.RecordKey;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Reads a destination directly, bypassing the connector under test, so the conformance suite checks
 * what was really stored rather than what the connector reported.
 *
 * <p>The default methods describe what only some destinations keep; a probe that leaves them
 * empty skips the tests that need them, and the skip shows in the test report.
 */
@FunctionalInterface
public interface DestinationProbe {
    /** The stored state of {@code key}, or empty if the destination has never seen it. */
    Optional<StoredObject> read(RecordKey key);

    /**
     * The typed fields stored beside the whole object (for a warehouse: the row's columns, by field
     * name, with SQL nulls as {@code null}); empty if the destination keeps no typed fields.
     */
    default Optional<Map<String, @Nullable Object>> typedFields(RecordKey key) {
        return Optional.empty();
    }

    /**
     * The children stored for one embedded list of a parent (for a warehouse: the child table's
     * rows of that parent), by child id; empty if the destination keeps no child tables.
     *
     * @param listField the parent's field holding the list, for example {@code items}
     */
    default Optional<Map<String, StoredObject>> children(RecordKey parent, String listField) {
        return Optional.empty();
    }
}
