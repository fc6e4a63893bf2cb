package dev.syncline.runner.app;

import dev.syncline.connector.spi.ConnectorMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

/** Exports connector and pipeline counters through Micrometer, tagged with the pipeline. */
final class MicrometerConnectorMetrics implements ConnectorMetrics {
    private final MeterRegistry registry;
    private final String pipeline;

    MicrometerConnectorMetrics(MeterRegistry registry, String pipeline) {
        this.registry = registry;
        this.pipeline = pipeline;
    }

    @Override
    public void increment(String name, long amount, String... tags) {
        registry.counter(name, Tags.of(tags).and("pipeline", pipeline)).increment(amount);
    }
}
