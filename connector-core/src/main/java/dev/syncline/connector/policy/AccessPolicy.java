package dev.syncline.connector.policy;

import java.util.Set;
import java.util.TreeSet;

/**
 * What an app with a given set of granted permissions may read: object types through the list
 * and retrieve APIs, and events. Immutable and thread-safe.
 *
 * <p>Only the read permissions of the catalog count; a {@code _write} permission does not imply
 * the matching read, because Stripe does not say it does.
 */
public final class AccessPolicy {
    private final PermissionCatalog catalog;
    private final Set<String> granted;

    private AccessPolicy(PermissionCatalog catalog, Set<String> granted) {
        this.catalog = catalog;
        this.granted = Set.copyOf(granted);
    }

    /** The policy of an app granted exactly {@code permissions}, judged by {@code catalog}. */
    public static AccessPolicy granting(PermissionCatalog catalog, Set<String> permissions) {
        return new AccessPolicy(catalog, permissions);
    }

    /** Whether the app may read objects of {@code objectType}. */
    public Decision readable(String objectType) {
        return catalog.readPermission(objectType)
                .map(permission -> granted.contains(permission)
                        ? Decision.allow()
                        : Decision.missing(permission, "reading " + objectType + " needs the " + permission
                                + " permission, which the manifest does not grant"))
                .orElseGet(() -> Decision.deny("the permission catalog does not know which permission covers "
                        + objectType + "; unknown types are denied"));
    }

    /**
     * Whether the app may handle events of {@code eventType}: it needs {@code event_read} and the
     * read permission of the event's object type. Unknown event types are denied.
     */
    public Decision allowsEvent(String eventType) {
        if (!granted.contains(PermissionCatalog.EVENT_READ)) {
            return Decision.missing(PermissionCatalog.EVENT_READ, "handling events needs the event_read permission, "
                    + "which the manifest does not grant");
        }
        return catalog.objectTypeOfEvent(eventType)
                .map(this::readable)
                .orElseGet(() -> Decision.deny("the permission catalog does not know which object type the event "
                        + eventType + " is about; unknown events are denied"));
    }

    /** The granted permissions, sorted. */
    public Set<String> granted() {
        return new TreeSet<>(granted);
    }

    public PermissionCatalog catalog() {
        return catalog;
    }
}
