package dev.syncline.sim.webhooks;

import dev.syncline.sim.events.EventLog;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;

/**
 * Delivers every recorded event to the endpoints that want it. Attempts flow through one queue
 * drained with bounded concurrency; delays, backoffs and reorder holds are timers on
 * {@code timer}, so nothing blocks and tests can drive it in virtual time.
 */
public final class WebhookDispatcher implements EventLog.Listener, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookDispatcher.class);
    static final String USER_AGENT = "Stripe/1.0 (+https://stripe.com/docs/webhooks)";

    private final WebhookSettings settings;
    private final WebhookTransport transport;
    private final Scheduler timer;
    private final Random random;
    private final List<WebhookEndpoint> endpoints = new CopyOnWriteArrayList<>();
    private final WebhookCounters counters = new WebhookCounters();
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicLong endpointIds = new AtomicLong();
    private final Sinks.Many<Delivery> queue = Sinks.many().unicast().onBackpressureBuffer();
    private final Sinks.Many<Boolean> idle = Sinks.many().multicast().directBestEffort();
    private final Disposable pipeline;
    private volatile boolean closed;

    public WebhookDispatcher(WebhookSettings settings, WebhookTransport transport, Scheduler timer, long seed) {
        this.settings = settings;
        this.transport = transport;
        this.timer = timer;
        this.random = new Random(seed);
        this.pipeline = queue.asFlux().flatMap(this::attempt, settings.concurrency()).subscribe();
    }

    public WebhookSettings settings() {
        return settings;
    }

    /** Registers an endpoint; a Connect endpoint receives connected accounts' events instead of the platform's. */
    public WebhookEndpoint add(URI url, boolean connect, List<String> secrets) {
        String id = String.format("we_1Sim%014d", endpointIds.incrementAndGet());
        WebhookEndpoint endpoint = new WebhookEndpoint(id, url, connect, secrets, this::removed);
        endpoints.add(endpoint);
        return endpoint;
    }

    public List<WebhookEndpoint> endpoints() {
        return List.copyOf(endpoints);
    }

    /** Totals over every endpoint, removed ones included. */
    public WebhookCounters counters() {
        return counters;
    }

    /** Deliveries not finished yet: queued, delayed, held back, in flight or waiting for a retry. */
    public int pending() {
        return pending.get();
    }

    /** Completes once no delivery is pending (immediately if none is). */
    public Mono<Void> whenIdle() {
        // idle is subscribed before the check runs, so a drop to zero in between is not missed.
        return Flux.merge(idle.asFlux(), Mono.just(Boolean.TRUE))
                .filter(signal -> pending.get() == 0)
                .next()
                .then();
    }

    @Override
    public int endpointsFor(@Nullable String account) {
        int count = 0;
        for (WebhookEndpoint endpoint : endpoints) {
            if (endpoint.accepts(account)) {
                count++;
            }
        }
        return count;
    }

    @Override
    public void recorded(EventLog log, Map<String, Object> event, byte[] json) {
        if (closed) {
            return;
        }
        String account = (String) event.get("account");
        String eventId = (String) event.get("id");
        String payload = new String(json, StandardCharsets.UTF_8);
        for (WebhookEndpoint endpoint : endpoints) {
            if (endpoint.accepts(account)) {
                schedule(new Plan(log, eventId, json, payload, endpoint));
            }
        }
    }

    private record Plan(EventLog log, String eventId, byte[] body, String payload, WebhookEndpoint endpoint) {}

    private void schedule(Plan plan) {
        WebhookEndpoint endpoint = plan.endpoint();
        WebhookFaults faults = endpoint.effectiveFaults(settings.faults());
        if (roll(faults.dropRate())) {
            count(endpoint, WebhookCounters::drop);
            return;
        }
        Duration delay = Duration.ZERO;
        if (roll(faults.delayRate())) {
            delay = faults.delay().plusNanos((long) (faults.delayJitter().toNanos() * nextDouble()));
            count(endpoint, WebhookCounters::delay);
        }
        AtomicBoolean delivered = new AtomicBoolean();
        Delivery delivery = new Delivery(
                plan.log(), plan.eventId(), plan.body(), plan.payload(), endpoint, delivered, delay);
        pending.incrementAndGet();
        if (roll(faults.duplicateRate())) {
            delivery.duplicate = new Delivery(
                    plan.log(), plan.eventId(), plan.body(), plan.payload(), endpoint, delivered, Duration.ZERO);
            pending.incrementAndGet();
            count(endpoint, WebhookCounters::duplicate);
        }
        synchronized (endpoint) {
            Delivery held = endpoint.held;
            if (held != null) {
                // This later event goes first; the held one follows once this one's first attempt is over.
                endpoint.held = null;
                delivery.heldBack = held;
            } else if (roll(faults.reorderRate())) {
                endpoint.held = delivery;
                count(endpoint, WebhookCounters::reorder);
                Mono.delay(faults.reorderMaxHold(), timer).subscribe(tick -> releaseIfStillHeld(delivery));
                return;
            }
        }
        start(delivery);
    }

    private void releaseIfStillHeld(Delivery delivery) {
        synchronized (delivery.endpoint) {
            if (delivery.endpoint.held != delivery) {
                return;
            }
            delivery.endpoint.held = null;
        }
        start(delivery);
    }

    private void start(Delivery delivery) {
        if (!delivery.started.compareAndSet(false, true)) {
            return;
        }
        if (delivery.delay.isZero()) {
            enqueue(delivery);
        } else {
            Mono.delay(delivery.delay, timer).subscribe(tick -> enqueue(delivery));
        }
    }

    private void enqueue(Delivery delivery) {
        Sinks.EmitResult result;
        synchronized (queue) {
            result = queue.tryEmitNext(delivery);
        }
        if (result.isFailure()) {
            // Only after close(): nothing will be delivered any more.
            giveUp(delivery);
        }
    }

    private Mono<Void> attempt(Delivery delivery) {
        return Mono.defer(() -> {
            if (closed || delivery.endpoint.isRemoved()) {
                giveUp(delivery);
                return Mono.<Void>empty();
            }
            delivery.attempts++;
            count(delivery.endpoint, WebhookCounters::attempt);
            // A fresh timestamp and signature per attempt, as Stripe does for retries.
            long timestamp = settings.signingClock().instant().getEpochSecond();
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("Content-Type", "application/json; charset=utf-8");
            headers.put("User-Agent", USER_AGENT);
            headers.put("Accept", "*/*; q=0.5, application/xml");
            headers.put("Cache-Control", "no-cache");
            headers.put("Stripe-Signature", WebhookSignature.header(
                    delivery.payload, timestamp, delivery.endpoint.secrets(), settings.testMode()));
            headers.put("Content-Length", Integer.toString(delivery.body.length));
            return transport.post(delivery.endpoint.url(), headers, delivery.body)
                    .onErrorReturn(-1)
                    .defaultIfEmpty(-1)
                    .doOnNext(status -> outcome(delivery, status))
                    .then();
        }).onErrorResume(e -> {
            LOG.error("Webhook delivery of {} to {} failed unexpectedly", delivery.eventId, delivery.endpoint, e);
            return Mono.empty();
        });
    }

    private void outcome(Delivery delivery, int status) {
        releaseHeldBack(delivery);
        if (status >= 200 && status < 300) {
            count(delivery.endpoint, WebhookCounters::success);
            if (delivery.delivered.compareAndSet(false, true)) {
                delivery.log.markDelivered(delivery.eventId);
            }
            finish(delivery);
            return;
        }
        count(delivery.endpoint, WebhookCounters::failure);
        if (delivery.attempts < settings.maxAttempts() && !closed && !delivery.endpoint.isRemoved()) {
            Mono.delay(settings.backoff(delivery.attempts), timer).subscribe(tick -> enqueue(delivery));
        } else {
            count(delivery.endpoint, WebhookCounters::exhaust);
            finish(delivery);
        }
    }

    private void giveUp(Delivery delivery) {
        releaseHeldBack(delivery);
        count(delivery.endpoint, WebhookCounters::exhaust);
        finish(delivery);
    }

    private void releaseHeldBack(Delivery delivery) {
        Delivery held = delivery.takeHeldBack();
        if (held != null) {
            start(held);
        }
    }

    private void finish(Delivery delivery) {
        Delivery duplicate = delivery.duplicate;
        if (duplicate != null) {
            start(duplicate);
        }
        if (pending.decrementAndGet() == 0) {
            synchronized (idle) {
                idle.tryEmitNext(Boolean.TRUE);
            }
        }
    }

    private void removed(WebhookEndpoint endpoint) {
        endpoints.remove(endpoint);
        Delivery held;
        synchronized (endpoint) {
            held = endpoint.held;
            endpoint.held = null;
        }
        if (held != null) {
            start(held);
        }
    }

    private void count(WebhookEndpoint endpoint, java.util.function.Consumer<WebhookCounters> counter) {
        counter.accept(counters);
        counter.accept(endpoint.counters());
    }

    private boolean roll(double probability) {
        return probability > 0 && (probability >= 1 || nextDouble() < probability);
    }

    private double nextDouble() {
        synchronized (random) {
            return random.nextDouble();
        }
    }

    /** Stops delivering; whatever is pending is abandoned. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            pipeline.dispose();
            transport.close();
        }
    }
}
