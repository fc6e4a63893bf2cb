package dev.syncline.runner.policy;

import dev.syncline.connector.policy.AccessPolicy;
import dev.syncline.connector.policy.Decision;
import dev.syncline.connector.policy.PermissionCatalog;

/**
 * The intake's decision on one event type: an event is stored only if the app may read it
 * ({@code event_read} plus the read permission of the event's object type); unknown event types
 * are denied. A denied event is still answered 2xx by the intake (Stripe must not retry it for
 * days), dropped, counted and audited here.
 */
public final class EventPolicy {
    private final AccessPolicy access;
    private final PolicyAudit audit;

    EventPolicy(AccessPolicy access, PolicyAudit audit) {
        this.access = access;
        this.audit = audit;
    }

    /**
     * Whether the manifest grants {@code event_read}: without it no event of any type may be read,
     * so the Events API poller does not even ask Stripe for them.
     */
    public boolean eventsGranted() {
        return access.granted().contains(PermissionCatalog.EVENT_READ);
    }

    /** The decision, without side effects. */
    public Decision decide(String eventType) {
        return access.allowsEvent(eventType);
    }

    /** Whether to store the event; a denial is counted and logged once per type and reason. */
    public boolean admit(String eventType) {
        Decision decision = decide(eventType);
        if (decision.denied()) {
            String objectType = access.catalog().objectTypeOfEvent(eventType).orElse(eventType);
            audit.denied("intake", objectType, decision.permission().isPresent() ? "permission" : "unknown", decision.reason());
        }
        return decision.allowed();
    }
}
