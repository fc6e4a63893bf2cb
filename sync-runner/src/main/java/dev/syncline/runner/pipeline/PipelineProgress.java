package dev.syncline.runner.pipeline;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The progress of one pipeline, per object type, in the order the pipeline lists them. */
public final class PipelineProgress {
    private final String pipeline;
    private final List<String> objectTypes;
    private final Map<String, TypeProgress> byType = new ConcurrentHashMap<>();
    private volatile State state = State.STARTING;
    private volatile String failure = "";
    /** Lanes holding a batch their destination keeps refusing, to the last reason; see {@link #state()}. */
    private final Map<Integer, String> pausedLanes = new ConcurrentHashMap<>();

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

    public void failed(Throwable error) {
        failure = String.valueOf(error.getMessage());
        state = State.FAILED;
    }

    /**
     * Where a pipeline is in its life. {@code PAUSED}: its destination keeps failing and a lane
     * retries at its longest backoff without moving on ({@code on-failure: pause}).
     */
    public enum State { STARTING, BACKFILLING, STREAMING, PAUSED, IDLE, FAILED, STOPPED }
}
