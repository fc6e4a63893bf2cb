package dev.syncline.runner.pipeline;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscription;
import reactor.core.Disposable;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Cuts a stream into batches of at most {@code maxSize}, each emitted once full or {@code maxWait}
 * after its first element arrived, and reads from upstream only for the batches downstream has
 * asked for: a lane that asks for its next batch once it has written one holds one batch, plus the
 * one it fills while it asks.
 *
 * <p>Why not Reactor's {@code bufferTimeout(maxSize, maxWait, true)}: its fair variant requests
 * four batches ahead of downstream. In front of a lane writing one batch at a time that kept up to
 * six batches of decoded records per lane in memory, twelve thousand records in a backfill with two
 * lanes of 1,000, and in a 256 MiB heap the collector spent its time copying them from one young
 * generation to the next. A lane's write overlaps the other lanes' filling instead.
 *
 * <p>An upstream error is passed on at once and drops what is batched, as {@code bufferTimeout}
 * does; cancelling the batches cancels upstream. Thread-safe: upstream, downstream requests and
 * the timer may each call in on their own thread, and every decision is taken in one serialized
 * drain loop.
 */
final class Batches<T> extends BaseSubscriber<T> {
    private final FluxSink<List<T>> sink;
    private final int maxSize;
    private final long maxWaitNanos;
    private final Scheduler.Worker timer;
    private final AtomicInteger work = new AtomicInteger();

    // Guarded by this.
    private List<T> filling;
    private @Nullable List<T> ready;
    /** Elements requested from upstream and not yet received: at most one batch's worth with the filling batch. */
    private long outstanding;
    /** Whether the filling batch has waited {@code maxWait}. */
    private boolean overdue;
    /** Counts filling batches, so a timer set for an earlier one is ignored. */
    private long generation;
    private @Nullable Disposable timeout;
    private boolean upstreamDone;
    private boolean terminated;

    private Batches(FluxSink<List<T>> sink, int maxSize, Duration maxWait, Scheduler.Worker timer) {
        this.sink = sink;
        this.maxSize = maxSize;
        this.maxWaitNanos = maxWait.toNanos();
        this.timer = timer;
        this.filling = new ArrayList<>(maxSize);
    }

    /**
     * The batches of {@code source}; the timer runs on {@link Schedulers#parallel()}, which
     * {@code StepVerifier.withVirtualTime} replaces.
     */
    static <T> Flux<List<T>> of(Flux<T> source, int maxSize, Duration maxWait) {
        if (maxSize < 1 || maxWait.isNegative() || maxWait.isZero()) {
            throw new IllegalArgumentException("batches need a size of at least 1 and a positive wait, not " + maxSize + " and " + maxWait);
        }
        return Flux.create(sink -> {
            Batches<T> batches = new Batches<>(sink, maxSize, maxWait, Schedulers.parallel().createWorker());
            sink.onRequest(n -> batches.drain());
            sink.onCancel(batches::cancelled);
            sink.onDispose(batches.timer::dispose);
            source.subscribe(batches);
        });
    }

    @Override
    protected void hookOnSubscribe(Subscription subscription) {
        // Nothing is requested here: the drain asks upstream for what downstream's demand needs.
        drain();
    }

    @Override
    protected void hookOnNext(T value) {
        boolean full;
        synchronized (this) {
            outstanding--;
            filling.add(value);
            full = filling.size() >= maxSize;
            if (filling.size() == 1 && !full) {
                long expected = ++generation;
                timeout = timer.schedule(() -> timedOut(expected), maxWaitNanos, TimeUnit.NANOSECONDS);
            }
        }
        // Only a full batch changes what the drain would do: the rest is left to the timer, demand and completion.
        if (full) {
            drain();
        }
    }

    @Override
    protected void hookOnComplete() {
        synchronized (this) {
            upstreamDone = true;
        }
        drain();
    }

    @Override
    protected void hookOnError(Throwable error) {
        synchronized (this) {
            if (terminated) {
                return;
            }
            terminated = true;
        }
        sink.error(error);
    }

    private void timedOut(long expected) {
        synchronized (this) {
            if (expected != generation) {
                return;
            }
            overdue = true;
        }
        drain();
    }

    /** Downstream cancelled; the timer is disposed with the sink. */
    private void cancelled() {
        synchronized (this) {
            terminated = true;
        }
        dispose();
    }

    /**
     * Emits what downstream has asked for and may have, and tops the filling batch up from
     * upstream; a call made while another thread drains is taken up by that thread's loop.
     */
    private void drain() {
        if (work.getAndIncrement() != 0) {
            return;
        }
        int missed = 1;
        do {
            while (true) {
                List<T> emit = null;
                long request = 0;
                boolean complete = false;
                synchronized (this) {
                    if (terminated) {
                        return;
                    }
                    if (ready == null && !filling.isEmpty() && (filling.size() >= maxSize || overdue || upstreamDone)) {
                        ready = filling;
                        filling = new ArrayList<>(maxSize);
                        overdue = false;
                        generation++;
                        Disposable pending = timeout;
                        if (pending != null) {
                            pending.dispose();
                            timeout = null;
                        }
                    }
                    long demand = sink.requestedFromDownstream();
                    if (ready != null && demand > 0) {
                        emit = ready;
                        ready = null;
                        demand--;
                    }
                    if (ready == null && upstreamDone && filling.isEmpty() && emit == null) {
                        terminated = true;
                        complete = true;
                    } else if (ready == null && upstream() != null && !upstreamDone && demand > 0) {
                        long wanted = maxSize - filling.size() - outstanding;
                        if (wanted > 0) {
                            outstanding += wanted;
                            request = wanted;
                        }
                    }
                }
                if (request > 0) {
                    request(request);
                }
                if (emit != null) {
                    sink.next(emit);
                }
                if (complete) {
                    sink.complete();
                    return;
                }
                if (emit == null && request == 0) {
                    break;
                }
            }
            missed = work.addAndGet(-missed);
        } while (missed != 0);
    }
}
