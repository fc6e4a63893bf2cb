package dev.syncline.runner.backfill;

import dev.syncline.runner.state.StateStore;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Saves the changed streams' segments to the state store, one commit at a time and at most one
 * per {@link #INTERVAL}; requests that arrive meanwhile coalesce into the next one, so committing
 * never holds up delivery, never competes with the data writes more than a few times a second,
 * and the saved state trails the acknowledgements by at most one interval.
 */
final class CheckpointCommitter {
    private static final Logger log = LoggerFactory.getLogger(CheckpointCommitter.class);

    static final Duration INTERVAL = Duration.ofMillis(200);

    private final Function<List<StateStore.StreamState>, Mono<Void>> save;
    private final String pipeline;
    private final BackfillStreams streams;
    private final Sinks.Many<Boolean> requests = Sinks.many().unicast().onBackpressureBuffer();
    /** Signals once delivery has finished: a request still waiting out its interval is dropped, since the final commit covers it. */
    private final Sinks.Empty<Void> finishing = Sinks.empty();
    private final Mono<Void> drained;

    CheckpointCommitter(StateStore store, String pipeline, String account, BackfillStreams streams) {
        this(states -> store.saveAll(pipeline, account, states), pipeline, streams);
    }

    /** @param save saves the given streams' states in one transaction */
    CheckpointCommitter(Function<List<StateStore.StreamState>, Mono<Void>> save, String pipeline, BackfillStreams streams) {
        this.save = save;
        this.pipeline = pipeline;
        this.streams = streams;
        this.drained = requests.asFlux().onBackpressureLatest()
                .concatMap(request -> Mono.delay(INTERVAL).thenReturn(request).takeUntilOther(finishing.asMono()), 1)
                .onBackpressureLatest()
                .concatMap(request -> commit()
                .onErrorResume(e -> {
                    log.warn("{}: could not save backfill checkpoints, will retry with the next one: {}", pipeline, e.getMessage());
                    return Mono.empty();
                }), 1).then().cache();
        drained.subscribe();
    }

    /** Asks for a commit of whatever changed. */
    void request() {
        // A lost request is harmless: the changes stay dirty for the next commit and for finish().
        requests.tryEmitNext(Boolean.TRUE);
    }

    /**
     * Waits for the commit in progress, if any, then saves what is left; for when delivery has
     * finished. It does not wait out the interval of a request not yet committed: the last
     * acknowledgements would otherwise sit up to {@link #INTERVAL} before the backfill is done.
     */
    Mono<Void> finish() {
        return Mono.defer(() -> {
            finishing.tryEmitEmpty();
            requests.tryEmitComplete();
            return drained.then(commit());
        });
    }

    /** Every stream that changed since the last commit, in one transaction. */
    private Mono<Void> commit() {
        return Mono.defer(() -> {
            List<StreamKey> changed = streams.drainDirty();
            List<StateStore.StreamState> states = changed.stream()
                    .map(key -> new StateStore.StreamState(key, streams.since(key), streams.until(key), streams.openSnapshots(key),
                            streams.complete(key)))
                    .toList();
            return (states.isEmpty() ? Mono.<Void>empty() : save.apply(states)).doOnError(e -> changed.forEach(streams::markDirty));
        });
    }

    /** Stops committing (on cancellation); what was saved stays. */
    void close() {
        requests.tryEmitComplete();
    }
}
