package dev.syncline.runner.pipeline;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** The progress of one pipeline, per object type, in the order the pipeline lists them. */
public final class PipelineProgress {
    private final String pipeline;
    private final List<String> objectTypes;
    private final Map<String, TypeProgress> byType = new ConcurrentHashMap<>();
    private volatile State state = State.STARTING;
    private volatile String failure = "";
    /** Lanes holding a batch their destination keeps refusing, to the last reason; see {@link #state()}. */
    private final Map<Integer, String> pausedLanes = new ConcurrentHashMap<>();
    private final AtomicInteger lanesWriting = new AtomicInteger();
    private volatile int lanes = 1;
    private volatile long lastEventLagMillis = -1;
    private volatile Observer observer = Observer.NONE;

    public PipelineProgress(String pipeline, List<String> objectTypes) {
        this.pipeline = pipeline;
        this.objectTypes = List.copyOf(objectTypes);
        objectTypes.forEach(type -> byType.put(type, new TypeProgress(type)));
    }

    public TypeProgress of(String objectType) {
        return byType.computeIfAbsent(objectType, TypeProgress::new);
    }

    public String pipeline() {
        return pipeline;
    }

    public List<TypeProgress> types() {
        return objectTypes.stream().map(this::of).toList();
    }

    /**
     * Where the pipeline is; {@link State#PAUSED} while a lane keeps retrying a batch past its
     * attempts, over whatever state it was in, which comes back once the batch is written.
     */
    public State state() {
        State current = state;
        boolean running = current != State.FAILED && current != State.STOPPED;
        return running && !pausedLanes.isEmpty() ? State.PAUSED : current;
    }

    /** Why the pipeline is paused (a lane's last error), or empty. */
    public String pauseReason() {
        return pausedLanes.values().stream().findFirst().orElse("");
    }

    /** Lanes paused now. */
    public int pausedLanes() {
        return pausedLanes.size();
    }

    void paused(int lane, String reason) {
        pausedLanes.put(lane, reason);
    }

    void resumed(int lane) {
        pausedLanes.remove(lane);
    }

    public String failure() {
        return failure;
    }

    void state(State next) {
        state = next;
    }

    /** Where timings go besides these figures (metrics); set once, before the pipeline runs. */
    public void observe(Observer next) {
        observer = next;
    }

    /** The pipeline runs with this many write lanes. */
    void lanes(int count) {
        lanes = Math.max(1, count);
    }

    /** A lane started writing a batch. */
    void writeStarted() {
        lanesWriting.incrementAndGet();
    }

    /** A lane's write of {@code records} ended (acknowledged or failed) after {@code nanos}. */
    void writeEnded(long nanos, int records) {
        lanesWriting.decrementAndGet();
        observer.written(nanos, records);
    }

    /** The destination acknowledged a record from a snapshot event created {@code lagMillis} ago. */
    void eventAcknowledged(String objectType, long lagMillis) {
        lastEventLagMillis = Math.max(0, lagMillis);
        observer.eventLag(objectType, Math.max(0, lagMillis));
    }

    /** The share of the write lanes writing a batch now, from 0 to 1. */
    public double laneFill() {
        return Math.min(1, lanesWriting.get() / (double) lanes);
    }

    /** Milliseconds from the creation of the last acknowledged event to its write; -1 before the first. */
    public long lastEventLagMillis() {
        return lastEventLagMillis;
    }

    /** Another replica owns the pipeline's work; this one waits for its lease. */
    public void standby() {
        state = State.STANDBY;
    }

    public void failed(Throwable error) {
        failure = String.valueOf(error.getMessage());
        state = State.FAILED;
    }

    /** Receives the pipeline's timings as they happen. */
    public interface Observer {
        Observer NONE = new Observer() {
            @Override
            public void written(long nanos, int records) { }

            @Override
            public void eventLag(String objectType, long millis) { }
        };

        /** One connector write (one attempt at a batch) took {@code nanos}. */
        void written(long nanos, int records);

        /** A record from an event reached the destination {@code millis} after Stripe created the event. */
        void eventLag(String objectType, long millis);
    }

    /**
     * Where a pipeline is in its life. {@code STANDBY}: another replica runs it. {@code PAUSED}: its
     * destination keeps failing and a lane retries at its longest backoff without moving on
     * ({@code on-failure: pause}).
     */
    public enum State { STARTING, STANDBY, BACKFILLING, STREAMING, PAUSED, IDLE, FAILED, STOPPED }
}
