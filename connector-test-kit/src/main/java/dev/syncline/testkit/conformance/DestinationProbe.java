package dev.syncline.testkit.conformance;

import dev.syncline.connector.record.RecordKey;
import java.util.Optional;

/**
 * Reads a destination directly, bypassing the connector under test, so the conformance suite checks
 * what was really stored rather than what the connector reported.
 */
@FunctionalInterface
public interface DestinationProbe {
    /** The stored state of {@code key}, or empty if the destination has never seen it. */
    Optional<StoredObject> read(RecordKey key);
}
