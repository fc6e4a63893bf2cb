package dev.syncline.sim.webhooks;

import dev.syncline.sim.events.EventLog;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/** One event on its way to one endpoint, across all its attempts. */
final class Delivery {

    final EventLog log;
    final String eventId;
    final byte[] body;
    final String payload;
    final WebhookEndpoint endpoint;
    /** Shared with a duplicate, so an event counts as delivered to an endpoint only once. */
    final AtomicBoolean delivered;
    final Duration delay;
    final AtomicBoolean started = new AtomicBoolean();
    /** Sent after this one finishes, when the duplicate knob fired. */
    @Nullable Delivery duplicate;
    /** An earlier event held back until this one's first attempt is over. */
    @Nullable Delivery heldBack;
    /** Attempts made so far; only touched by the one attempt in flight. */
    int attempts;

    Delivery(EventLog log, String eventId, byte[] body, String payload, WebhookEndpoint endpoint,
            AtomicBoolean delivered, Duration delay) {
        this.log = log;
        this.eventId = eventId;
        this.body = body;
        this.payload = payload;
        this.endpoint = endpoint;
        this.delivered = delivered;
        this.delay = delay;
    }

    synchronized @Nullable Delivery takeHeldBack() {
        Delivery held = heldBack;
        heldBack = null;
        return held;
    }
}
