package dev.syncline.runner.app;

import dev.syncline.runner.pipeline.PipelineProgress;
import dev.syncline.runner.pipeline.TypeProgress;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A pipeline's progress as metrics: per object type the records received and the backfill figures
 * the CLI shows; per pipeline how full its write lanes are, how long destination writes take, and
 * the lag from an event's creation to its write.
 */
final class ProgressMetrics {
    private ProgressMetrics() {}

    static void register(MeterRegistry registry, PipelineProgress pipeline) {
        Gauge.builder("syncline.pipeline.paused.lanes", pipeline, PipelineProgress::pausedLanes).tags("pipeline", pipeline.pipeline())
                .register(registry);
        for (TypeProgress type : pipeline.types()) {
            String[] tags = {"pipeline", pipeline.pipeline(), "object_type", type.objectType()};
            FunctionCounter.builder("syncline.records.received", type, TypeProgress::receivedFromBackfill).tags(tags).tag("source", "backfill")
                    .description("Records that entered the pipeline, by source").register(registry);
            FunctionCounter.builder("syncline.records.received", type, TypeProgress::receivedLive).tags(tags).tag("source", "live")
                    .description("Records that entered the pipeline, by source").register(registry);
            FunctionCounter.builder("syncline.backfill.objects.read", type, TypeProgress::read).tags(tags).register(registry);
            FunctionCounter.builder("syncline.backfill.pages.read", type, TypeProgress::pages).tags(tags).register(registry);
            FunctionCounter.builder("syncline.backfill.objects.delivered", type, TypeProgress::delivered).tags(tags).register(registry);
            Gauge.builder("syncline.backfill.complete", type, t -> t.isReadComplete() ? 1 : 0).tags(tags).register(registry);
            Gauge.builder("syncline.backfill.completion", type, TypeProgress::completion).tags(tags)
                    .description("Share of the backfill's objects read, from 0 to 1, by the density of the pages so far").register(registry);
            Gauge.builder("syncline.backfill.eta", type, t -> t.etaSeconds().orElse(Double.NaN)).tags(tags).baseUnit("seconds")
                    .description("Rough time left of the backfill; NaN until it can be told").register(registry);
            Gauge.builder("syncline.backfill.failed", type, t -> t.failure().isEmpty() ? 0 : 1).tags(tags).register(registry);
            // Rare events start as zero series, so a dashboard can tell "none" from "not reported".
            registry.counter("syncline.records.dead_lettered", tags);
        }
        registry.counter("syncline.records.ties", "pipeline", pipeline.pipeline());
        registry.counter("syncline.records.retried", "pipeline", pipeline.pipeline());
        Gauge.builder("syncline.lanes.fill", pipeline, PipelineProgress::laneFill).tag("pipeline", pipeline.pipeline())
                .description("Share of the pipeline's write lanes writing a batch now").register(registry);
        Timer writes = Timer.builder("syncline.destination.write").tag("pipeline", pipeline.pipeline())
                .description("One connector write of a batch, each attempt").publishPercentiles(0.5, 0.99).register(registry);
        Map<String, Timer> lags = new ConcurrentHashMap<>();
        pipeline.observe(new PipelineProgress.Observer() {
            @Override
            public void written(long nanos, int records) {
                writes.record(nanos, TimeUnit.NANOSECONDS);
            }

            @Override
            public void eventLag(String objectType, long millis) {
                lags.computeIfAbsent(objectType, type -> Timer.builder("syncline.events.lag").tags("pipeline", pipeline.pipeline(), "object_type", type)
                        .description("From an event's creation at Stripe to its write acknowledged by the destination")
                        .publishPercentiles(0.5, 0.99).register(registry)).record(Duration.ofMillis(millis));
            }
        });
    }
}
