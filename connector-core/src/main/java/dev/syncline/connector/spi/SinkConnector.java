package dev.syncline.connector.spi;

import reactor.core.publisher.Mono;

/**
 * Writes Stripe objects to one destination for one pipeline.
 *
 * <p>Lifecycle:
 * <ol>
 *   <li>{@link #open} is called once, before any write. It connects, checks credentials and
 *       prepares what the destination needs (schemas, tables, properties). An error here fails the
 *       pipeline's startup.
 *   <li>{@link #write} is called for each batch. The runner never calls it again before the
 *       previous call's {@code Mono} has completed, so a connector needs no locking of its own.
 *       Each write answers a {@link BatchResult} with one outcome per record: the runner commits
 *       source positions only over records whose outcome is acknowledged.
 *   <li>{@link #close} is called once, after the last write completed (also after a failed open);
 *       it releases connections. Nothing is written after it.
 * </ol>
 *
 * <p>Every write must be idempotent and version-guarded: redelivering a record is a no-op, an older
 * version never replaces a newer one, and a tombstone is not undone by an older upsert. The
 * conformance suite in {@code connector-test-kit} checks these rules for every connector.
 *
 * <p>Methods return cold publishers and must not block the calling thread.
 */
public interface SinkConnector {
    /** Connects and prepares the destination. */
    Mono<Void> open(SinkContext context);

    /**
     * Writes one batch.
     *
     * @return one outcome per record, in batch order; an error signal
     *     ({@link dev.syncline.connector.errors.RetriableConnectorException} or
     *     {@link dev.syncline.connector.errors.PermanentConnectorException}) means that nothing
     *     of the batch may be assumed written
     */
    Mono<BatchResult> write(RecordBatch batch);

    /** Releases resources; completes once they are released. */
    Mono<Void> close();
}
