package dev.syncline.connector.hubspot;

import java.util.Arrays;
import java.util.Locale;

/**
 * What a Stripe delete does to the HubSpot record. Every choice first stamps the record as deleted
 * at the delete's version ({@code stripe_deleted}, {@code stripe_version}), so that an older upsert
 * arriving later (a stale backfill page) is recognised as stale and cannot bring the data back.
 */
enum OnDelete {
    /** Stamp, then archive the record (HubSpot's recycle bin, restorable for 90 days). */
    ARCHIVE,
    /** Stamp and empty every mapped property; the record stays, with its history and activities. */
    CLEAR,
    /** Stamp only; the record and its mapped properties stay as they were. */
    IGNORE;

    String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    static String[] configNames() {
        return Arrays.stream(values()).map(OnDelete::configName).toArray(String[]::new);
    }
}
