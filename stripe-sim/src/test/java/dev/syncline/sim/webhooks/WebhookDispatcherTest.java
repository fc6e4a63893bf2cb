package dev.syncline.sim.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.syncline.sim.events.EventLog;
import dev.syncline.sim.store.ObjectStore;
import dev.syncline.sim.store.ObjectType;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

/** Retry, backoff and fault-knob behaviour of the sender, driven in virtual time with a fake transport. */
class WebhookDispatcherTest {

    private static final URI URL = URI.create("http://127.0.0.1:1/hook");

    private final VirtualTimeScheduler time = VirtualTimeScheduler.create();
    private final FakeTransport transport = new FakeTransport();
    private final ObjectStore store = new ObjectStore(Map.of());
    private final EventLog log = new EventLog(store, Clock.fixed(Instant.parse("2026-11-01T00:00:00Z"), ZoneOffset.UTC), null, 1);
    private WebhookDispatcher dispatcher;

    @AfterEach
    void stop() {
        if (dispatcher != null) {
            dispatcher.close();
        }
        time.dispose();
    }

    private WebhookEndpoint start(WebhookSettings.Builder settings, WebhookFaults faults) {
        dispatcher = new WebhookDispatcher(
                settings.signingClock(new VirtualClock(time)).build(), transport, time, 7);
        log.subscribe(dispatcher);
        return dispatcher.add(URL, false, List.of("whsec_test")).faults(faults);
    }

    private String emit(String customerId) {
        return (String) log.emit("customer.created", Map.of("id", customerId, "object", "customer", "created", 1L), null)
                .get("id");
    }

    private long pendingWebhooks(String eventId) {
        return (Long) store.of(ObjectType.EVENT).get(eventId).orElseThrow().json().get("pending_webhooks");
    }

    @Test
    void failedAttemptsAreRetriedWithDoublingBackoffUntilOneSucceeds() {
        start(WebhookSettings.builder().backoff(Duration.ofMillis(100), Duration.ofSeconds(1)), WebhookFaults.none());
        transport.statuses(500, 302, -1, 200);

        String event = emit("cus_1");
        assertThat(pendingWebhooks(event)).isEqualTo(1);

        StepVerifier.withVirtualTime(() -> dispatcher.whenIdle(), () -> time, Long.MAX_VALUE)
                .expectSubscription()
                .expectNoEvent(Duration.ofMillis(699))
                .thenAwait(Duration.ofMillis(1))
                .verifyComplete();
        // 0, then +100, +200, +400 ms: a 3xx and a refused connection are failures like a 5xx.
        assertThat(transport.sentAtMillis()).containsExactly(0L, 100L, 300L, 700L);
        assertThat(pendingWebhooks(event)).isZero();
        assertThat(dispatcher.counters().attempts()).isEqualTo(4);
        assertThat(dispatcher.counters().failures()).isEqualTo(3);
        assertThat(dispatcher.counters().successes()).isEqualTo(1);
    }

    @Test
    void aDeliveryFailingEveryAttemptIsGivenUpAndTheEventStaysUndelivered() {
        start(WebhookSettings.builder().maxAttempts(3).backoff(Duration.ofMillis(10), Duration.ofMillis(10)),
                WebhookFaults.none());
        transport.statuses(500, 500, 500, 500);

        String event = emit("cus_1");
        time.advanceTimeBy(Duration.ofSeconds(1));

        assertThat(transport.sent).hasSize(3);
        assertThat(dispatcher.counters().exhausted()).isEqualTo(1);
        assertThat(dispatcher.pending()).isZero();
        assertThat(pendingWebhooks(event)).isEqualTo(1);
    }

    @Test
    void everyAttemptIsSignedWithAFreshTimestamp() {
        start(WebhookSettings.builder().backoff(Duration.ofSeconds(5), Duration.ofSeconds(5)), WebhookFaults.none());
        transport.statuses(503, 200);

        emit("cus_1");
        time.advanceTimeBy(Duration.ofSeconds(5));

        assertThat(transport.sent).extracting(s -> s.headers().get("Stripe-Signature").split(",")[0])
                .containsExactly("t=0", "t=5");
    }

    @Test
    void theDelayKnobHoldsTheFirstAttemptForFixedPlusJitter() {
        start(WebhookSettings.builder(),
                WebhookFaults.builder().delay(1.0, Duration.ofMillis(500), Duration.ofMillis(100)).build());

        emit("cus_1");
        time.advanceTimeBy(Duration.ofMillis(499));
        assertThat(transport.sent).isEmpty();
        time.advanceTimeBy(Duration.ofMillis(101));

        assertThat(transport.sent).hasSize(1);
        assertThat(transport.sentAtMillis().get(0)).isBetween(500L, 600L);
        assertThat(dispatcher.counters().delayed()).isEqualTo(1);
    }

    @Test
    void theReorderKnobDeliversAHeldEventAfterTheNextOne() {
        start(WebhookSettings.builder(), WebhookFaults.builder().reorder(1.0, Duration.ofSeconds(2)).build());

        String first = emit("cus_1");
        String second = emit("cus_2");
        String third = emit("cus_3");
        assertThat(transport.eventIds()).containsExactly(second, first);

        // Nothing comes after the third event, so it goes out when its hold expires.
        StepVerifier.withVirtualTime(() -> dispatcher.whenIdle(), () -> time, Long.MAX_VALUE)
                .expectSubscription()
                .expectNoEvent(Duration.ofMillis(1999))
                .thenAwait(Duration.ofMillis(1))
                .verifyComplete();
        assertThat(transport.eventIds()).containsExactly(second, first, third);
        assertThat(dispatcher.counters().reordered()).isEqualTo(2);
    }

    @Test
    void theDuplicateKnobSendsAnEventTwiceButItCountsAsDeliveredOnce() {
        WebhookEndpoint endpoint = start(WebhookSettings.builder(), WebhookFaults.builder().duplicate(1.0).build());
        dispatcher.add(URL.resolve("/other"), false, List.of("whsec_other"));

        String event = emit("cus_1");

        assertThat(transport.eventIds()).containsExactly(event, event, event);
        assertThat(endpoint.counters().duplicates()).isEqualTo(1);
        assertThat(endpoint.counters().successes()).isEqualTo(2);
        assertThat(pendingWebhooks(event)).isZero();
    }

    @Test
    void theDropKnobNeverSendsTheEventYetLeavesItUndelivered() {
        start(WebhookSettings.builder(), WebhookFaults.builder().drop(1.0).build());

        String event = emit("cus_1");

        StepVerifier.create(dispatcher.whenIdle()).verifyComplete();
        assertThat(transport.sent).isEmpty();
        assertThat(dispatcher.counters().dropped()).isEqualTo(1);
        assertThat(pendingWebhooks(event)).isEqualTo(1);
    }

    @Test
    void removingAnEndpointAbandonsItsRetries() {
        WebhookEndpoint endpoint = start(
                WebhookSettings.builder().backoff(Duration.ofSeconds(1), Duration.ofSeconds(1)), WebhookFaults.none());
        transport.statuses(500, 200);

        emit("cus_1");
        endpoint.remove();
        time.advanceTimeBy(Duration.ofSeconds(10));

        assertThat(transport.sent).hasSize(1);
        assertThat(dispatcher.pending()).isZero();
        assertThat(dispatcher.endpoints()).isEmpty();
        assertThat(emit("cus_2")).isNotNull();
        assertThat(transport.sent).hasSize(1);
    }

    @Test
    void connectEndpointsReceiveOnlyConnectedAccountsEvents() {
        WebhookEndpoint platform = start(WebhookSettings.builder(), WebhookFaults.none());
        WebhookEndpoint connect = dispatcher.add(URL.resolve("/connect"), true, List.of("whsec_c"));
        EventLog connected = new EventLog(new ObjectStore(Map.of()), Clock.systemUTC(), "acct_1", 2);
        connected.subscribe(dispatcher);

        emit("cus_1");
        connected.emit("customer.created", Map.of("id", "cus_9", "object", "customer", "created", 1L), null);

        assertThat(platform.counters().successes()).isEqualTo(1);
        assertThat(connect.counters().successes()).isEqualTo(1);
        assertThat(transport.sent).extracting(s -> s.url().getPath()).containsExactly("/hook", "/connect");
    }

    @Test
    void backoffDoublesUpToItsCap() {
        WebhookSettings settings = WebhookSettings.builder().backoff(Duration.ofSeconds(1), Duration.ofSeconds(5)).build();
        assertThat(List.of(settings.backoff(1), settings.backoff(2), settings.backoff(3), settings.backoff(4)))
                .containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(5));
    }

    private record Sent(long atMillis, URI url, Map<String, String> headers, String body) {}

    private final class FakeTransport implements WebhookTransport {

        final List<Sent> sent = new ArrayList<>();
        private final Deque<Integer> statuses = new ArrayDeque<>();

        void statuses(Integer... next) {
            statuses.addAll(List.of(next));
        }

        List<Long> sentAtMillis() {
            return sent.stream().map(Sent::atMillis).toList();
        }

        List<String> eventIds() {
            return sent.stream().map(s -> s.body().substring(7, s.body().indexOf('"', 7))).toList();
        }

        @Override
        public synchronized Mono<Integer> post(URI url, Map<String, String> headers, byte[] body) {
            sent.add(new Sent(time.now(TimeUnit.MILLISECONDS), url, Map.copyOf(headers), new String(body)));
            Integer status = statuses.poll();
            return Mono.just(status == null ? 200 : status);
        }
    }

    /** The signing clock, following virtual time. */
    private static final class VirtualClock extends Clock {

        private final VirtualTimeScheduler time;

        VirtualClock(VirtualTimeScheduler time) {
            this.time = time;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(time.now(TimeUnit.MILLISECONDS));
        }
    }
}
