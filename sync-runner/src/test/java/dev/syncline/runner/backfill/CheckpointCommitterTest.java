package dev.syncline.runner.backfill;

import static org.assertj.core.api.Assertions.assertThat;

import dev.syncline.runner.catalog.StripeCatalog;
import dev.syncline.runner.state.StateStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** When the committer saves, in virtual time: coalesced requests, and a finish that does not wait out the interval. */
class CheckpointCommitterTest {
    private static final StreamKey STREAM = new StreamKey("customer", 0);

    private final List<List<StateStore.StreamState>> saves = new CopyOnWriteArrayList<>();

    @Test
    void requestsWithinAnInterval_coalesceIntoOneCommit() {
        StepVerifier.withVirtualTime(() -> {
                    BackfillStreams streams = streams();
                    CheckpointCommitter committer = new CheckpointCommitter(this::save, "warehouse", streams);
                    committer.request();
                    streams.markDirty(STREAM);
                    committer.request();
                    committer.request();
                    return Mono.delay(CheckpointCommitter.INTERVAL.minusMillis(1)).doOnNext(t -> assertThat(saves).isEmpty())
                            .then(Mono.delay(Duration.ofMillis(2)));
                })
                .thenAwait(CheckpointCommitter.INTERVAL.multipliedBy(3))
                .expectNextCount(1)
                .verifyComplete();

        assertThat(saves).as("the first request waits out its interval and takes the later ones with it").hasSize(1);
    }

    @Test
    void finish_savesAtOnce_withoutWaitingOutTheIntervalOfAPendingRequest() {
        StepVerifier.withVirtualTime(() -> {
                    BackfillStreams streams = streams();
                    CheckpointCommitter committer = new CheckpointCommitter(this::save, "warehouse", streams);
                    committer.request();
                    return committer.finish();
                })
                // No virtual time passes: a finish that waited for the pending request's interval would not complete.
                .expectSubscription()
                .expectComplete()
                .verify(Duration.ofSeconds(10));

        assertThat(saves).hasSize(1);
        assertThat(saves.get(0)).singleElement().satisfies(state -> assertThat(state.stream()).isEqualTo(STREAM));
    }

    private Mono<Void> save(List<StateStore.StreamState> states) {
        return Mono.fromRunnable(() -> saves.add(states));
    }

    private static BackfillStreams streams() {
        BackfillStreams streams = new BackfillStreams(type -> { });
        streams.add(STREAM, StripeCatalog.get("customer"), 0, 1_000, List.of(new Segment(STREAM, 0, 0, 1_000, null, 0)));
        return streams;
    }
}
