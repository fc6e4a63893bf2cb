package dev.syncline.runner.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/**
 * Debezium's thread hands rows over only as fast as the pipeline asks: with no demand it waits,
 * so a slow destination holds the change stream instead of filling memory.
 */
class DemandGateTest {
    @Test
    void theProducerWaitsUntilTheSubscriberAsks() throws Exception {
        DemandGate<Integer> gate = new DemandGate<>();
        AtomicInteger handedOver = new AtomicInteger();
        Thread producer = new Thread(() -> {
            try {
                for (int i = 0; i < 10; i++) {
                    gate.put(i);
                    handedOver.incrementAndGet();
                }
            } catch (InterruptedException | CancellationException e) {
                Thread.currentThread().interrupt();
            }
        });

        StepVerifier.create(gate.flux(), 0)
                .then(producer::start)
                .then(() -> sleep(200))
                .then(() -> assertThat(handedOver).as("nothing asked, nothing handed over").hasValue(0))
                .thenRequest(3)
                .expectNext(0, 1, 2)
                .then(() -> sleep(200))
                .then(() -> assertThat(handedOver).as("exactly what was asked for").hasValue(3))
                .thenRequest(7)
                .expectNext(3, 4, 5, 6, 7, 8, 9)
                .thenCancel()
                .verify(Duration.ofSeconds(10));
        producer.join(5_000);
        assertThat(handedOver).hasValue(10);
    }

    @Test
    void aWaitingProducerIsReleasedWhenTheSubscriberGoesAway() throws Exception {
        DemandGate<Integer> gate = new DemandGate<>();
        CountDownLatch released = new CountDownLatch(1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread producer = new Thread(() -> {
            try {
                gate.put(1);
            } catch (Throwable e) {
                failure.set(e);
            } finally {
                released.countDown();
            }
        });

        StepVerifier.create(gate.flux(), 0)
                .then(producer::start)
                .then(() -> sleep(100))
                .thenCancel()
                .verify(Duration.ofSeconds(5));
        assertThat(released.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(failure.get()).isInstanceOf(CancellationException.class);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
