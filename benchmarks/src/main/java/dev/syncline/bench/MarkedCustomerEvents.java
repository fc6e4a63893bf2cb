package dev.syncline.bench;

import com.stripe.net.Webhook;
import dev.syncline.connector.record.Json;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Signed {@code customer.updated} snapshot events, each carrying a unique marker: event number
 * {@code seq} sets {@code metadata.bench} of customer {@code seq % customers} to {@code seq}, so a
 * row seen with marker {@code seq} identifies exactly which webhook made it.
 *
 * <p>Each event's {@code created} is the second it is scheduled to be sent in, and never the same
 * second twice for one customer. A repeated second would be a "same-second tie" that Syncline
 * resolves by retrieving the customer from the simulator, which knows nothing of the marker: the
 * marker would never appear and the measurement would be of the refetch, not of the webhook path.
 * Events are signed when they are made, ahead of the run, so signing costs the load nothing while
 * it is measured (a run is far shorter than the 300 s signature tolerance).
 */
final class MarkedCustomerEvents {
    private final List<Map<String, @Nullable Object>> customers;
    private final String secret;
    private final long[] lastCreated;
    private long nextSeq;

    MarkedCustomerEvents(List<Map<String, @Nullable Object>> customers, String secret) {
        this.customers = customers;
        this.secret = secret;
        this.lastCreated = new long[customers.size()];
    }

    /** One event ready to post: its number, its body and its {@code Stripe-Signature}. */
    record SignedEvent(long seq, byte[] body, String signature) {}

    /**
     * The next {@code count} events, event {@code i} scheduled {@code i / rate} seconds after
     * {@code firstSend}.
     */
    SignedEvent[] next(int count, Instant firstSend, double rate) throws Exception {
        long signedAt = Instant.now().getEpochSecond();
        SignedEvent[] events = new SignedEvent[count];
        for (int i = 0; i < count; i++) {
            long seq = nextSeq++;
            int customer = (int) (seq % customers.size());
            long scheduled = firstSend.plusNanos((long) (i * 1e9 / rate)).getEpochSecond();
            long created = Math.max(scheduled, lastCreated[customer] + 1);
            lastCreated[customer] = created;
            String body = body(seq, customers.get(customer), created);
            events[i] = new SignedEvent(seq, body.getBytes(StandardCharsets.UTF_8),
                    Webhook.Signature.generateSignatureHeader(body, secret, signedAt));
        }
        return events;
    }

    /**
     * An event that proves the intake is up without changing the warehouse: customer 0 as it is,
     * without a marker, dated 1970, so the version guard finds it older than the stored row.
     */
    SignedEvent probe(String id) throws Exception {
        String body = "{\"id\":\"" + id + "\",\"object\":\"event\",\"api_version\":\"2026-07-29.dahlia\",\"created\":1,"
                + "\"data\":{\"object\":" + Json.write(customers.get(0)) + "},\"livemode\":false,\"pending_webhooks\":1,"
                + "\"request\":{\"id\":null,\"idempotency_key\":null},\"type\":\"customer.updated\"}";
        return new SignedEvent(-1, body.getBytes(StandardCharsets.UTF_8), Webhook.Signature.generateSignatureHeader(body, secret));
    }

    /** The number the next event will get; markers below it were made earlier. */
    long nextSeq() {
        return nextSeq;
    }

    int customers() {
        return customers.size();
    }

    private static String body(long seq, Map<String, @Nullable Object> customer, long created) {
        Map<String, @Nullable Object> object = new LinkedHashMap<>(customer);
        Map<String, @Nullable Object> metadata = customer.get("metadata") instanceof Map<?, ?> existing
                ? new LinkedHashMap<>(castMap(existing)) : new LinkedHashMap<>();
        metadata.put("bench", Long.toString(seq));
        object.put("metadata", metadata);
        String id = "evt_latency" + seq;
        return "{\"id\":\"" + id + "\",\"object\":\"event\",\"api_version\":\"2026-07-29.dahlia\",\"created\":" + created
                + ",\"data\":{\"object\":" + Json.write(object) + ",\"previous_attributes\":{\"metadata\":{\"bench\":null}}},"
                + "\"livemode\":false,\"pending_webhooks\":1,\"request\":{\"id\":\"req_latency" + seq + "\",\"idempotency_key\":null},"
                + "\"type\":\"customer.updated\"}";
    }

    @SuppressWarnings("unchecked")
    private static Map<String, @Nullable Object> castMap(Map<?, ?> map) {
        return (Map<String, @Nullable Object>) map;
    }
}
