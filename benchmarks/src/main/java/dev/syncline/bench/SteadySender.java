package dev.syncline.bench;

import dev.syncline.bench.MarkedCustomerEvents.SignedEvent;
import io.netty.buffer.Unpooled;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * Posts signed webhooks at a fixed rate on a fixed schedule (open loop), recording when each was
 * sent. Open loop on purpose: a closed loop (send the next once one is answered) would slow down
 * exactly when Syncline does, and hide the latency it is meant to measure. If the intake falls
 * behind, requests simply pile up in flight, up to {@link #MAX_IN_FLIGHT}, past which the run fails
 * rather than quietly lowering the rate.
 */
final class SteadySender implements AutoCloseable {
    private static final String PATH = "/webhooks/stripe";
    private static final int MAX_IN_FLIGHT = 2_000;

    private final ConnectionProvider connections = ConnectionProvider.builder("webhook-latency")
            .maxConnections(256).pendingAcquireMaxCount(-1).build();
    private final HttpClient client;

    SteadySender(int httpPort) {
        client = HttpClient.create(connections).baseUrl("http://127.0.0.1:" + httpPort)
                .headers(h -> h.set("Content-Type", "application/json; charset=utf-8")
                        .set("User-Agent", "Stripe/1.0 (+https://stripe.com/docs/webhooks)"));
    }

    /**
     * What a run sent.
     *
     * @param sentAt {@link System#nanoTime()} when each event (by index) was handed to the client
     * @param sent events sent
     * @param stored events answered 200 {@code stored}
     * @param seconds from the first send to the last
     */
    record Result(long[] sentAt, int sent, long stored, double seconds) {
        double rate() {
            return seconds > 0 ? (sent - 1) / seconds : 0;
        }
    }

    /** Sends {@code events} at {@code rate} per second, stopping after {@code length}; waits for every answer. */
    Result send(SignedEvent[] events, double rate, Duration length) throws InterruptedException {
        long[] sentAt = new long[events.length];
        AtomicLong stored = new AtomicLong();
        AtomicLong refused = new AtomicLong();
        AtomicInteger inFlight = new AtomicInteger();
        long start = System.nanoTime();
        long end = start + length.toNanos();
        int sent = 0;
        for (int i = 0; i < events.length; i++) {
            long due = start + (long) (i * 1e9 / rate);
            if (due >= end) {
                break;
            }
            for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                LockSupport.parkNanos(wait);
            }
            if (inFlight.incrementAndGet() > MAX_IN_FLIGHT) {
                throw new IllegalStateException(MAX_IN_FLIGHT + " webhooks are waiting for an answer: the intake cannot keep up with " + rate + "/s");
            }
            sentAt[i] = System.nanoTime();
            sent++;
            post(events[i]).subscribe(ok -> (ok ? stored : refused).incrementAndGet(),
                    error -> {
                        refused.incrementAndGet();
                        inFlight.decrementAndGet();
                    },
                    inFlight::decrementAndGet);
        }
        long lastSend = sent == 0 ? start : sentAt[sent - 1];
        long answeredBy = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (inFlight.get() > 0 && System.nanoTime() < answeredBy) {
            Thread.sleep(5);
        }
        if (inFlight.get() > 0 || refused.get() > 0) {
            throw new IllegalStateException(refused.get() + " webhooks were not answered 200 stored and " + inFlight.get()
                    + " not at all, of " + sent);
        }
        return new Result(sentAt, sent, stored.get(), (lastSend - sentAt[0]) / 1e9);
    }

    /** One signed event; emits whether it was answered 200 {@code stored}, then completes. */
    private Mono<Boolean> post(SignedEvent event) {
        return client.headers(h -> h.set("Stripe-Signature", event.signature()))
                .post().uri(PATH)
                .send(Mono.fromSupplier(() -> Unpooled.wrappedBuffer(event.body())))
                .responseSingle((response, body) -> body.asString().defaultIfEmpty("")
                        .map(text -> response.status().code() == 200 && text.contains("\"stored\"")));
    }

    /** Posts one event and waits for its answer: whether it was stored. */
    boolean sendOne(SignedEvent event) {
        return Boolean.TRUE.equals(post(event).onErrorReturn(false).block(Duration.ofSeconds(30)));
    }

    @Override
    public void close() {
        connections.dispose();
    }
}
