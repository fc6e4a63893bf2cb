package dev.syncline.sim.webhooks;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * A registered receiver, live-reconfigurable. A platform endpoint gets the platform's events; a
 * Connect endpoint ({@link #connect()}) gets the events of connected accounts, which carry
 * {@code account} (stripe-api.md §6). Changes apply to the next attempt, retries included.
 */
public final class WebhookEndpoint {

    private final String id;
    private final boolean connect;
    private final WebhookCounters counters = new WebhookCounters();
    private final Consumer<WebhookEndpoint> onRemove;
    private volatile URI url;
    private volatile List<String> secrets;
    private volatile @Nullable WebhookFaults faults;
    private volatile boolean removed;

    /** The delivery held back by the reorder knob, guarded by {@code this}. */
    @Nullable Delivery held;

    WebhookEndpoint(String id, URI url, boolean connect, List<String> secrets, Consumer<WebhookEndpoint> onRemove) {
        this.id = id;
        this.connect = connect;
        this.onRemove = onRemove;
        this.url = url;
        this.secrets = validSecrets(secrets);
    }

    /** {@code we_…}. */
    public String id() {
        return id;
    }

    public URI url() {
        return url;
    }

    public WebhookEndpoint url(URI url) {
        this.url = url;
        return this;
    }

    public boolean connect() {
        return connect;
    }

    /** The active signing secrets; each signs every delivery with its own {@code v1}. */
    public List<String> secrets() {
        return secrets;
    }

    /** Replaces the active secrets, e.g. to expire the old one after a roll. */
    public WebhookEndpoint secrets(String... secrets) {
        this.secrets = validSecrets(List.of(secrets));
        return this;
    }

    /**
     * Adds a secret while keeping the current ones active, as rolling a secret in the Dashboard does
     * (the old one stays valid for up to 24 hours): deliveries carry one {@code v1} per secret.
     */
    public synchronized WebhookEndpoint rollSecret(String newSecret) {
        List<String> next = new ArrayList<>(secrets);
        next.add(newSecret);
        this.secrets = validSecrets(next);
        return this;
    }

    /** This endpoint's own fault knobs, or null to use the simulator-wide ones. */
    public @Nullable WebhookFaults faults() {
        return faults;
    }

    public WebhookEndpoint faults(@Nullable WebhookFaults faults) {
        this.faults = faults;
        return this;
    }

    public WebhookCounters counters() {
        return counters;
    }

    /** Stops deliveries; pending retries are abandoned, as Stripe does for a deleted endpoint. */
    public void remove() {
        if (!removed) {
            removed = true;
            onRemove.accept(this);
        }
    }

    public boolean isRemoved() {
        return removed;
    }

    boolean accepts(@Nullable String account) {
        return !removed && connect == (account != null);
    }

    WebhookFaults effectiveFaults(WebhookFaults defaults) {
        WebhookFaults own = faults;
        return own != null ? own : defaults;
    }

    @Override
    public String toString() {
        return "WebhookEndpoint[" + id + " " + url + (connect ? " connect" : "") + "]";
    }

    private static List<String> validSecrets(List<String> secrets) {
        if (secrets.isEmpty() || secrets.stream().anyMatch(s -> s == null || s.isEmpty())) {
            throw new IllegalArgumentException("need at least one non-empty signing secret");
        }
        return List.copyOf(secrets);
    }
}
