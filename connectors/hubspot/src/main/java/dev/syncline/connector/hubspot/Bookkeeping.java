package dev.syncline.connector.hubspot;

import java.util.List;

/**
 * The properties the connector keeps on every record it writes, beside the mapped ones, so that
 * "newer wins" holds in HubSpot itself and survives restarts: the Stripe version of the state the
 * record holds, a hash of its mapped values (to tell a redelivery from a same-second change) and
 * whether it is a tombstone.
 */
final class Bookkeeping {
    static final String VERSION = "syncline_version";
    static final String HASH = "syncline_hash";
    static final String DELETED = "syncline_deleted";
    /** The hash a tombstone carries: no mapped values. */
    static final String TOMBSTONE = "tombstone";

    private Bookkeeping() {}

    static List<String> names() {
        return List.of(VERSION, HASH, DELETED);
    }

    /** Whether the connector creates the property when it is missing, rather than expecting HubSpot to have it. */
    static boolean owned(String property) {
        return property.startsWith("stripe_") || property.startsWith("syncline_");
    }
}
