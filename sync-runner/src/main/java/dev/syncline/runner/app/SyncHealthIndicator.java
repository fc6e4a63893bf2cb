package dev.syncline.runner.app;

import dev.syncline.runner.pipeline.PipelineProgress;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/** Health of the pipelines: down while any pipeline has failed, with its reason. */
final class SyncHealthIndicator implements HealthIndicator {
    private final SyncService sync;

    SyncHealthIndicator(SyncService sync) {
        this.sync = sync;
    }

    @Override
    public Health health() {
        Health.Builder health = sync.failures().isEmpty() ? Health.up() : Health.down();
        for (PipelineProgress pipeline : sync.progress()) {
            // A paused pipeline stays UP: it recovers by itself once its destination does, and a
            // restart would not bring the destination back; the detail says why it waits.
            PipelineProgress.State state = pipeline.state();
            health.withDetail(pipeline.pipeline(), switch (state) {
                case FAILED -> state + ": " + pipeline.failure();
                case PAUSED -> state + ": " + pipeline.pauseReason();
                default -> state.toString();
            });
        }
        return health.build();
    }
}
