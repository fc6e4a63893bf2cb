package dev.syncline.testkit.hubspot;

import java.util.Map;
import java.util.Set;

/**
 * HUBSPOT_DEFINED association type ids between contacts, companies and deals. Each id names one
 * direction; the first of each set is the unlabeled default, the second (if any) the primary label.
 */
final class AssociationTypes {
    private static final Map<String, int[]> TYPES = Map.of(
            "contacts>companies", new int[] {279, 1},
            "companies>contacts", new int[] {280, 2},
            "deals>contacts", new int[] {3},
            "contacts>deals", new int[] {4},
            "deals>companies", new int[] {341, 5},
            "companies>deals", new int[] {342, 6});

    private AssociationTypes() {}

    /** The unlabeled type id from {@code from} to {@code to}, or -1 if the pair has none. */
    static int defaultType(String from, String to) {
        int[] ids = TYPES.get(from + ">" + to);
        return ids == null ? -1 : ids[0];
    }

    static boolean valid(String from, String to, int typeId) {
        int[] ids = TYPES.get(from + ">" + to);
        if (ids == null) {
            return false;
        }
        for (int id : ids) {
            if (id == typeId) {
                return true;
            }
        }
        return false;
    }

    static Set<String> objectTypes() {
        return Set.of("contacts", "companies", "deals");
    }
}
