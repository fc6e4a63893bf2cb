package dev.syncline.runner.backfill;

import dev.syncline.runner.state.StateStore;
import java.time.Duration;
import java.util.List;
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

    private final StateStore store;
    private final String pipeline;
    private final String account;
    private final BackfillStreams streams;
    private final Sinks.Many<Boolean> requests = Sinks.many().unicast().onBackpressureBuffer();
    private final Mono<Void> drained;

    CheckpointCommitter(StateStore store, String pipeline, String account, BackfillStreams streams) {
        this.store = store;
        this.pipeline = pipeline;
        this.account = account;
        this.streams = streams;
        this.drained = requests.asFlux().onBackpressureLatest()
                .concatMap(request -> Mono.just(request).delayElement(INTERVAL), 1)
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

    /** Waits for the commit in progress, then saves what is left; for when delivery has finished. */
    Mono<Void> finish() {
        return Mono.defer(() -> {
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
            return store.saveAll(pipeline, account, states).doOnError(e -> changed.forEach(streams::markDirty));
        });
    }

    /** Stops committing (on cancellation); what was saved stays. */
    void close() {
        requests.tryEmitComplete();
    }
}
