package dev.syncline.runner.deadletter;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

/**
 * Gauges per pipeline for its pending dead letters: {@code syncline.dead_letters.pending} (how
 * many) and {@code syncline.dead_letters.oldest.age} (seconds since the longest-waiting one was
 * first refused; 0 when none waits). A scrape must not query the database (it may run on an
 * event loop), so the figures are read in the background every {@code interval} and the gauges
 * show the last reading.
 */
public final class DeadLetterMetrics implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DeadLetterMetrics.class);

    private final DeadLetterStore store;
    private final Clock clock;
    private final Duration interval;
    private final Map<String, PendingDeadLetters> latest = new ConcurrentHashMap<>();
    private volatile @Nullable Disposable refreshing;

    private DeadLetterMetrics(DeadLetterStore store, Clock clock, Duration interval) {
        this.store = store;
        this.clock = clock;
        this.interval = interval;
    }

    /** Registers the gauges of {@code pipelines}; they read 0 until {@link #start} has read the table. */
    public static DeadLetterMetrics register(MeterRegistry registry, Collection<String> pipelines, DeadLetterStore store, Clock clock,
                                             Duration interval) {
        DeadLetterMetrics metrics = new DeadLetterMetrics(store, clock, interval);
        for (String pipeline : pipelines) {
            Gauge.builder("syncline.dead_letters.pending", metrics, m -> m.pending(pipeline)).tag("pipeline", pipeline)
                    .description("Records the destination refused that wait for a replay").register(registry);
            Gauge.builder("syncline.dead_letters.oldest.age", metrics, m -> m.oldestAgeSeconds(pipeline)).tag("pipeline", pipeline)
                    .description("How long the oldest pending dead letter has waited").baseUnit("seconds").register(registry);
        }
        return metrics;
    }

    /** Reads the figures now and then every interval, until {@link #close}. */
    public void start() {
        refreshing = Flux.interval(Duration.ZERO, interval)
                .onBackpressureDrop()
                .concatMap(tick -> store.pending().collectList()
                        .doOnNext(this::update)
                        .onErrorResume(e -> {
                            log.debug("Could not read the dead-letter figures: {}", e.getMessage());
                            return reactor.core.publisher.Mono.empty();
                        }), 1)
                .subscribe();
    }

    private void update(List<PendingDeadLetters> figures) {
        Map<String, PendingDeadLetters> byPipeline = figures.stream().collect(Collectors.toMap(PendingDeadLetters::pipeline, Function.identity()));
        latest.keySet().retainAll(byPipeline.keySet());
        latest.putAll(byPipeline);
    }

    /** The pipeline's pending dead letters, as last read (every refresh interval). */
    public double pending(String pipeline) {
        PendingDeadLetters figures = latest.get(pipeline);
        return figures == null ? 0 : figures.count();
    }

    /** Seconds since the pipeline's oldest pending dead letter first failed, as last read; 0 without one. */
    public double oldestAgeSeconds(String pipeline) {
        PendingDeadLetters figures = latest.get(pipeline);
        return figures == null ? 0 : Math.max(0, Duration.between(figures.oldestFirstFailure(), Instant.now(clock)).toSeconds());
    }

    @Override
    public void close() {
        Disposable current = refreshing;
        if (current != null) {
            current.dispose();
        }
    }
}
