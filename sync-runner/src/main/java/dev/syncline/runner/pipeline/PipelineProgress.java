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

    public State state() {
        return state;
    }

    public String failure() {
        return failure;
    }

    void state(State next) {
        state = next;
    }

    /** Another replica owns the pipeline's work; this one waits for its lease. */
    public void standby() {
        state = State.STANDBY;
    }

    public void failed(Throwable error) {
        failure = String.valueOf(error.getMessage());
        state = State.FAILED;
    }

    /** Where a pipeline is in its life; {@code STANDBY} while another replica runs it. */
    public enum State { STARTING, STANDBY, BACKFILLING, STREAMING, IDLE, FAILED, STOPPED }
}
