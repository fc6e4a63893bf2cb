package dev.syncline.connector.spi;

/**
 * Counters a connector reports to the runner, which exports them tagged with the pipeline and
 * destination. Keeps connectors free of a metrics library.
 */
@FunctionalInterface
public interface ConnectorMetrics {
    /**
     * Adds {@code amount} to the counter {@code name}.
     *
     * @param tags alternating tag names and values, for example {@code "object_type", "customer"}
     */
    void increment(String name, long amount, String... tags);

    /** Metrics that go nowhere, for tests and tools. */
    static ConnectorMetrics noop() {
        return (name, amount, tags) -> {};
    }
}
