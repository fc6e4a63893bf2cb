package dev.syncline.runner.inbox;

import java.util.concurrent.CancellationException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;
import reactor.core.publisher.Operators;

/**
 * Hands items from a blocking producer thread (Debezium's) to a reactive subscriber, one item per
 * unit of demand: {@link #put} waits while the subscriber has asked for nothing, so a slow
 * destination holds the change stream where it is instead of filling memory.
 */
final class DemandGate<T> {
    private final Flux<T> flux;
    private FluxSink<T> sink;
    private long demand;
    private boolean cancelled;

    DemandGate() {
        this.flux = Flux.create(s -> {
            synchronized (this) {
                sink = s;
                notifyAll();
            }
            s.onRequest(this::request);
            s.onDispose(this::cancel);
        }, FluxSink.OverflowStrategy.ERROR);
    }

    /** The items, for one subscriber. */
    Flux<T> flux() {
        return flux;
    }

    /**
     * Waits for demand, then emits {@code item}; to be called from one producer thread.
     *
     * @throws CancellationException once the subscriber is gone
     * @throws InterruptedException if the producer thread is interrupted while waiting
     */
    void put(T item) throws InterruptedException {
        FluxSink<T> target;
        synchronized (this) {
            while ((sink == null || demand == 0) && !cancelled) {
                wait();
            }
            if (cancelled) {
                throw new CancellationException("the inbox stream's subscriber is gone");
            }
            if (demand != Long.MAX_VALUE) {
                demand--;
            }
            target = sink;
        }
        target.next(item);
    }

    /** Fails the stream, for example when the change stream stopped. */
    void error(Throwable error) {
        FluxSink<T> target;
        synchronized (this) {
            target = sink;
        }
        if (target != null) {
            target.error(error);
        }
    }

    private synchronized void request(long n) {
        demand = Operators.addCap(demand, n);
        notifyAll();
    }

    private synchronized void cancel() {
        cancelled = true;
        notifyAll();
    }
}
