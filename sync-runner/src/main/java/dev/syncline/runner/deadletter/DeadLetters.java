package dev.syncline.runner.deadletter;

import dev.syncline.connector.spi.ConnectorMetrics;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import reactor.core.publisher.Mono;

/**
 * Where one pipeline puts the records its destination refused: durably into the dead-letter
 * table, then counted as {@code syncline.records.dead_lettered} per object type. The pipeline
 * acknowledges a refused record only after {@link #store} completed, so a checkpoint never passes
 * a record that is neither delivered nor dead-lettered.
 */
public final class DeadLetters {
    private final String pipeline;
    private final String destinationType;
    private final DeadLetterStore store;
    private final ConnectorMetrics metrics;

    /** @param metrics counters tagged with the pipeline */
    public DeadLetters(String pipeline, String destinationType, DeadLetterStore store, ConnectorMetrics metrics) {
        this.pipeline = pipeline;
        this.destinationType = destinationType;
        this.store = store;
        this.metrics = metrics;
    }

    /** Stores the refusals in one statement; completes once they are durable, fails if they are not. */
    public Mono<Void> store(List<Rejection> rejections) {
        if (rejections.isEmpty()) {
            return Mono.empty();
        }
        return store.record(pipeline, destinationType, rejections).then(Mono.fromRunnable(() -> count(rejections)));
    }

    private void count(List<Rejection> rejections) {
        Map<String, Long> byType = new TreeMap<>();
        rejections.forEach(r -> byType.merge(r.record().key().objectType(), 1L, Long::sum));
        byType.forEach((type, count) -> metrics.increment("syncline.records.dead_lettered", count, "object_type", type));
    }
}
