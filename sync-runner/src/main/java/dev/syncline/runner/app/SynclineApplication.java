package dev.syncline.runner.app;

import dev.syncline.connector.spi.Connectors;
import dev.syncline.runner.config.SynclineConfig;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The Spring Boot application: the HTTP server (Actuator health now, webhooks later) and the
 * pipelines. The validated {@link SynclineConfig} and the discovered {@link Connectors} are
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
}
