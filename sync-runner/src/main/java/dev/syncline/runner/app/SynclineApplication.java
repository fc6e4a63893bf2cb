package dev.syncline.runner.app;

import dev.syncline.connector.spi.Connectors;
import dev.syncline.runner.config.SynclineConfig;
import dev.syncline.runner.intake.InboxWriter;
import dev.syncline.runner.intake.WebhookIntake;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The Spring Boot application: the HTTP server (Actuator health, status, the webhook intake when
 * {@code stripe.webhook} has secrets) and the pipelines. The validated {@link SynclineConfig} and the discovered {@link Connectors} are
 * registered by {@link SynclineRuntime} before the context refreshes.
 */
@SpringBootApplication
public class SynclineApplication {
    @Bean
    SyncService syncService(SynclineConfig config, RunOptions options, Connectors connectors, MeterRegistry registry) {
        return new SyncService(config, options, connectors, registry);
    }

    @Bean
    SyncHealthIndicator syncHealthIndicator(SyncService sync) {
        return new SyncHealthIndicator(sync);
    }

    @Bean
    RouterFunction<ServerResponse> statusRoutes(SyncService sync) {
        return StatusEndpoint.routes(sync);
    }

    @Bean
    @Conditional(WebhooksEnabled.class)
    WebhookIntake webhookIntake(SynclineConfig config, SyncService sync, MeterRegistry registry) {
        InboxWriter writer = InboxWriter.over(sync.inbox(), InboxWriter.Limits.defaults(), registry);
        return new WebhookIntake(config.webhooks(), writer, config.policy().events(new MicrometerConnectorMetrics(registry, "intake")),
                registry, Clock.systemUTC());
    }

    @Bean
    @Conditional(WebhooksEnabled.class)
    RouterFunction<ServerResponse> webhookRoutes(WebhookIntake intake) {
        return intake.routes();
    }
}
