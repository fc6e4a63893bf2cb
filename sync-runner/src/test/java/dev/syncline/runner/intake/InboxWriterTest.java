package dev.syncline.runner.intake;

import static org.assertj.core.api.Assertions.assertThat;

import dev.syncline.runner.inbox.InboxEvent;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

/** Group commit: what waits while a transaction is written goes into the next one, within bounds. */
class InboxWriterTest {
    /** Records each batch and lets the test decide when its transaction commits. */
    private final List<List<InboxEvent>> batches = new ArrayList<>();
    private final List<Sinks.One<Set<String>>> transactions = new ArrayList<>();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private InboxWriter writer(InboxWriter.Limits limits) {
        return new InboxWriter(events -> {
            Sinks.One<Set<String>> commit = Sinks.one();
            synchronized (this) {
                batches.add(List.copyOf(events));
                transactions.add(commit);
            }
            return commit.asMono();
        }, limits, registry);
    }

    private static InboxWriter.Limits limits(int batch, int queue) {
        return new InboxWriter.Limits(batch, 1 << 20, queue, 1 << 20, Duration.ofSeconds(5));
    }

    private void commit(int transaction, String... newIds) {
        transactions.get(transaction).tryEmitValue(Set.of(newIds));
    }

    @Test
    void appendsWaitingOnATransaction_shareTheNextOne() {
        InboxWriter writer = writer(limits(500, 100));
        Mono<Boolean> first = writer.append(event("evt_1")).cache();
        first.subscribe();
        List<Mono<Boolean>> waiting = List.of("evt_2", "evt_3", "evt_4").stream()
                .map(id -> writer.append(event(id)).cache()).toList();
        waiting.forEach(Mono::subscribe);

        assertThat(batches).hasSize(1);
        assertThat(ids(batches.get(0))).containsExactly("evt_1");
        assertThat(writer.queued()).isEqualTo(3);

        commit(0, "evt_1");
        StepVerifier.create(first).expectNext(true).verifyComplete();
        assertThat(batches).hasSize(2);
        assertThat(ids(batches.get(1))).containsExactly("evt_2", "evt_3", "evt_4");

        commit(1, "evt_2", "evt_4");
        StepVerifier.create(waiting.get(0)).expectNext(true).verifyComplete();
        StepVerifier.create(waiting.get(1)).as("evt_3 was already in the inbox").expectNext(false).verifyComplete();
        StepVerifier.create(waiting.get(2)).expectNext(true).verifyComplete();
        assertThat(registry.get("syncline.inbox.append.batch").summary().count()).isEqualTo(2);
        assertThat(registry.get("syncline.webhooks.append").timer().count()).isEqualTo(4);
    }

    @Test
    void aBatchHoldsAtMostTheBatchLimit() {
        InboxWriter writer = writer(limits(2, 100));
        List<Mono<Boolean>> appends = List.of("evt_1", "evt_2", "evt_3", "evt_4").stream()
                .map(id -> writer.append(event(id)).cache()).toList();
        appends.forEach(Mono::subscribe);
        commit(0, "evt_1");
        commit(1, "evt_2", "evt_3");
        commit(2, "evt_4");

        assertThat(batches).extracting(InboxWriterTest::ids)
                .containsExactly(List.of("evt_1"), List.of("evt_2", "evt_3"), List.of("evt_4"));
        appends.forEach(append -> StepVerifier.create(append).expectNext(true).verifyComplete());
    }

    @Test
    void theSameIdTwiceInOneBatch_isNewOnlyOnce() {
        InboxWriter writer = writer(limits(500, 100));
        writer.append(event("evt_0")).subscribe();
        Mono<Boolean> original = writer.append(event("evt_1")).cache();
        Mono<Boolean> redelivery = writer.append(event("evt_1")).cache();
        original.subscribe();
        redelivery.subscribe();
        commit(0, "evt_0");
        commit(1, "evt_1");

        StepVerifier.create(original).expectNext(true).verifyComplete();
        StepVerifier.create(redelivery).expectNext(false).verifyComplete();
    }

    @Test
    void aFullQueue_failsTheAppendAtOnce() {
        InboxWriter writer = writer(limits(500, 2));
        writer.append(event("evt_1")).subscribe();
        writer.append(event("evt_2")).subscribe();
        writer.append(event("evt_3")).subscribe();

        StepVerifier.create(writer.append(event("evt_4")))
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(InboxUnavailableException.class).hasMessageContaining("full"))
                .verify(Duration.ofSeconds(1));
        assertThat(batches).as("nothing more was written").hasSize(1);
    }

    @Test
    void aFailedTransaction_failsEveryAppendInIt_andTheNextBatchStillRuns() {
        InboxWriter writer = writer(limits(500, 100));
        Mono<Boolean> first = writer.append(event("evt_1")).cache();
        first.subscribe(stored -> { }, error -> { });
        Mono<Boolean> second = writer.append(event("evt_2")).cache();
        second.subscribe();

        transactions.get(0).tryEmitError(new IllegalStateException("connection refused"));
        StepVerifier.create(first)
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(InboxUnavailableException.class).hasMessageContaining("connection refused"))
                .verify(Duration.ofSeconds(1));
        commit(1, "evt_2");
        StepVerifier.create(second).expectNext(true).verifyComplete();
    }

    @Test
    void aTransactionThatHangs_failsItsAppendsAfterTheTimeout() {
        StepVerifier.withVirtualTime(() -> writer(new InboxWriter.Limits(500, 1 << 20, 100, 1 << 20, Duration.ofSeconds(10)))
                        .append(event("evt_1")))
                .expectSubscription()
                .thenAwait(Duration.ofSeconds(10))
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(InboxUnavailableException.class).hasMessageContaining("too long"))
                .verify(Duration.ofSeconds(1));
    }

    private static List<String> ids(List<InboxEvent> batch) {
        return batch.stream().map(InboxEvent::eventId).collect(Collectors.toList());
    }

    private static InboxEvent event(String id) {
        return new InboxEvent(id, "", "customer.updated", "customer", "cus_1", 1_700_000_000L, InboxEvent.Source.WEBHOOK,
                InboxEvent.Kind.SNAPSHOT, "{\"id\":\"" + id + "\"}");
    }
}
