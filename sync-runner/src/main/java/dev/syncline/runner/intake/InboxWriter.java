package dev.syncline.runner.intake;

import dev.syncline.runner.inbox.InboxEvent;
import dev.syncline.runner.inbox.InboxStore;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;

/**
 * Appends events to the inbox with group commit: appends that arrive while a transaction is
 * being written wait in a bounded queue and go into the next transaction together.
 *
 * <p>Inbox appends are serialised by the store's advisory lock (commit order equals {@code seq}
 * order), so one transaction per webhook would cap the intake at the database's commits per
 * second. With group commit one transaction carries up to {@link Limits#maxBatchEvents()} events,
 * and each caller still learns only once its own event is durable. There is one transaction in
 * flight at a time; the next batch is taken the moment it commits.
 *
 * <p>Nothing here blocks: callers enqueue and get a {@link Mono}; the batch is written by whoever
 * finds the writer idle, and completions run on the database driver's threads. A full queue or a
 * failed or slow transaction fails the waiting appends with {@link InboxUnavailableException}: the
 * intake answers 503 and Stripe delivers again, which the inbox's unique event id makes harmless.
 */
public final class InboxWriter {
    /** Writes one batch in one transaction and returns the event ids that were new. */
    @FunctionalInterface
    public interface BatchAppender {
        Mono<Set<String>> append(List<InboxEvent> events);
    }

    /**
     * How much the writer holds.
     *
     * @param maxBatchEvents events per transaction
     * @param maxBatchBytes body characters per transaction (a batch always takes at least one event)
     * @param maxQueuedEvents appends waiting for a transaction; beyond it appends fail at once
     * @param maxQueuedBytes body characters waiting; beyond it appends fail at once (an empty queue admits any one event)
     * @param appendTimeout how long one transaction may take before its appends fail
     */
    public record Limits(int maxBatchEvents, long maxBatchBytes, int maxQueuedEvents, long maxQueuedBytes, Duration appendTimeout) {
        public Limits {
            if (maxBatchEvents < 1 || maxBatchBytes < 1 || maxQueuedEvents < 1 || maxQueuedBytes < 1) {
                throw new IllegalArgumentException("limits must be positive");
            }
        }

        /** 500 events or 8 MiB per transaction, 20,000 events or 64 MiB waiting, 10 s per transaction. */
        public static Limits defaults() {
            return new Limits(500, 8L << 20, 20_000, 64L << 20, Duration.ofSeconds(10));
        }
    }

    private final BatchAppender appender;
    private final Limits limits;
    private final Queue<Pending> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queuedEvents = new AtomicInteger();
    private final AtomicLong queuedBytes = new AtomicLong();
    private final AtomicBoolean writing = new AtomicBoolean();
    private final Timer durable;
    private final DistributionSummary batchSizes;

    public InboxWriter(BatchAppender appender, Limits limits, MeterRegistry registry) {
        this.appender = appender;
        this.limits = limits;
        this.durable = Timer.builder("syncline.webhooks.append")
                .description("Time from accepting an event to its inbox transaction committing")
                .publishPercentiles(0.5, 0.99)
                .register(registry);
        this.batchSizes = DistributionSummary.builder("syncline.inbox.append.batch")
                .description("Events per inbox transaction written by the intake")
                .register(registry);
    }

    /** A writer over the inbox table. */
    public static InboxWriter over(InboxStore inbox, Limits limits, MeterRegistry registry) {
        return new InboxWriter(inbox::append, limits, registry);
    }

    /**
     * Appends one event; completes once it is durable.
     *
     * @return {@code true} if the event is new, {@code false} if its id was already in the inbox
     *     (or earlier in the same transaction); fails with {@link InboxUnavailableException}
     */
    public Mono<Boolean> append(InboxEvent event) {
        return Mono.create(sink -> offer(new Pending(event, sink, event.body().length(), System.nanoTime())));
    }

    /** Appends waiting for a transaction, not counting the one being written. */
    public int queued() {
        return queuedEvents.get();
    }

    private void offer(Pending pending) {
        int events = queuedEvents.incrementAndGet();
        long bytes = queuedBytes.addAndGet(pending.bytes());
        if (events > limits.maxQueuedEvents() || (events > 1 && bytes > limits.maxQueuedBytes())) {
            queuedEvents.decrementAndGet();
            queuedBytes.addAndGet(-pending.bytes());
            pending.sink().error(new InboxUnavailableException("the inbox queue is full (" + limits.maxQueuedEvents()
                    + " events or " + limits.maxQueuedBytes() + " bytes waiting)"));
            return;
        }
        queue.add(pending);
        drain();
    }

    /** Starts a transaction if none is in flight and something waits; only the thread that wins {@code writing} polls. */
    private void drain() {
        while (writing.compareAndSet(false, true)) {
            List<Pending> batch = takeBatch();
            if (!batch.isEmpty()) {
                write(batch);
                return;
            }
            writing.set(false);
            if (queue.isEmpty()) {
                return;
            }
        }
    }

    private List<Pending> takeBatch() {
        List<Pending> batch = new ArrayList<>();
        long bytes = 0;
        Pending next;
        while (batch.size() < limits.maxBatchEvents() && (next = queue.peek()) != null
                && (batch.isEmpty() || bytes + next.bytes() <= limits.maxBatchBytes())) {
            queue.poll();
            queuedEvents.decrementAndGet();
            queuedBytes.addAndGet(-next.bytes());
            bytes += next.bytes();
            batch.add(next);
        }
        return batch;
    }

    private void write(List<Pending> batch) {
        List<InboxEvent> events = new ArrayList<>(batch.size());
        batch.forEach(p -> events.add(p.event()));
        batchSizes.record(batch.size());
        Mono<Set<String>> transaction;
        try {
            transaction = appender.append(events).single().timeout(limits.appendTimeout());
        } catch (RuntimeException e) {
            transaction = Mono.error(e);
        }
        transaction.subscribe(stored -> {
            complete(batch, stored);
            next();
        }, error -> {
            fail(batch, error);
            next();
        });
    }

    private void next() {
        writing.set(false);
        drain();
    }

    private void complete(List<Pending> batch, Set<String> stored) {
        Set<String> claimed = new HashSet<>();
        long now = System.nanoTime();
        for (Pending p : batch) {
            durable.record(now - p.enqueuedNanos(), TimeUnit.NANOSECONDS);
            // The same id twice in one batch is stored once: only its first append is "new".
            p.sink().success(stored.contains(p.event().eventId()) && claimed.add(p.event().eventId()));
        }
    }

    private static void fail(List<Pending> batch, Throwable error) {
        String message = "the inbox could not be written: " + describe(error);
        batch.forEach(p -> p.sink().error(new InboxUnavailableException(message, error)));
    }

    private static String describe(Throwable error) {
        return error instanceof java.util.concurrent.TimeoutException ? "the transaction took too long"
                : error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage();
    }

    private record Pending(InboxEvent event, MonoSink<Boolean> sink, long bytes, long enqueuedNanos) {}
}
