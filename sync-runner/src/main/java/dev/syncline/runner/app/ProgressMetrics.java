package dev.syncline.runner.app;

import dev.syncline.runner.pipeline.PipelineProgress;
import dev.syncline.runner.pipeline.TypeProgress;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/** Backfill progress per pipeline and object type, as metrics: the figures the CLI shows. */
final class ProgressMetrics {
    private ProgressMetrics() {}

    static void register(MeterRegistry registry, PipelineProgress pipeline) {
        Gauge.builder("syncline.pipeline.paused.lanes", pipeline, PipelineProgress::pausedLanes).tags("pipeline", pipeline.pipeline())
                .register(registry);
        for (TypeProgress type : pipeline.types()) {
            String[] tags = {"pipeline", pipeline.pipeline(), "object_type", type.objectType()};
            FunctionCounter.builder("syncline.backfill.objects.read", type, TypeProgress::read).tags(tags).register(registry);
            FunctionCounter.builder("syncline.backfill.pages.read", type, TypeProgress::pages).tags(tags).register(registry);
            FunctionCounter.builder("syncline.backfill.objects.delivered", type, TypeProgress::delivered).tags(tags).register(registry);
            Gauge.builder("syncline.backfill.complete", type, t -> t.isReadComplete() ? 1 : 0).tags(tags).register(registry);
            Gauge.builder("syncline.backfill.failed", type, t -> t.failure().isEmpty() ? 0 : 1).tags(tags).register(registry);
        }
    }
}
