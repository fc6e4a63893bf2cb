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
            health.withDetail(pipeline.pipeline(), pipeline.state() == PipelineProgress.State.FAILED
                    ? pipeline.state() + ": " + pipeline.failure()
                    : pipeline.state().toString());
        }
        return health.build();
    }
}
