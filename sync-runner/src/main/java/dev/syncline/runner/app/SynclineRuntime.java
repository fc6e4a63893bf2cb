package dev.syncline.runner.app;

import dev.syncline.connector.spi.Connectors;
import dev.syncline.runner.config.SynclineConfig;
import dev.syncline.runner.state.EmbeddedPostgresServer;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * One running Syncline process: the embedded Postgres when the configuration asks for it, then the
 * Spring application with its pipelines. Closing stops them in reverse order, so pipelines finish
 * before the database they write to goes away.
 */
public final class SynclineRuntime implements AutoCloseable {
    private final ConfigurableApplicationContext context;
    private final EmbeddedPostgresServer postgres;

    private SynclineRuntime(ConfigurableApplicationContext context, EmbeddedPostgresServer postgres) {
        this.context = context;
        this.postgres = postgres;
    }

    /** Starts everything {@code config} needs; {@code quiet} keeps the console for progress displays. */
    public static SynclineRuntime start(SynclineConfig config, Connectors connectors, boolean quiet) {
        return start(config, RunOptions.all(), connectors, quiet);
    }

    /** Starts what {@code options} selects of {@code config}. */
    public static SynclineRuntime start(SynclineConfig config, RunOptions options, Connectors connectors, boolean quiet) {
        EmbeddedPostgresServer postgres = needsEmbeddedPostgres(config)
                ? EmbeddedPostgresServer.start(config.state().dataDir().resolve("postgres"), config.state().embeddedPort())
                : null;
        try {
            Map<String, Object> properties = new LinkedHashMap<>();
            properties.put("server.port", config.server().port());
            properties.put("server.address", config.server().address());
            properties.put("spring.main.banner-mode", "off");
            if (quiet) {
                properties.put("logging.level.root", "WARN");
            }
            ConfigurableApplicationContext context = new SpringApplicationBuilder(SynclineApplication.class)
                    .web(WebApplicationType.REACTIVE)
                    .registerShutdownHook(false)
                    .properties(properties)
                    .initializers(ctx -> {
                        ctx.getBeanFactory().registerSingleton("synclineConfig", config);
                        ctx.getBeanFactory().registerSingleton("connectors", connectors);
                        ctx.getBeanFactory().registerSingleton("runOptions", options);
                    })
                    .run();
            return new SynclineRuntime(context, postgres);
        } catch (RuntimeException e) {
            if (postgres != null) {
                postgres.close();
            }
            throw e;
        }
    }

    private static boolean needsEmbeddedPostgres(SynclineConfig config) {
        String embeddedUrl = config.state().embeddedUrl("warehouse");
        return config.state().embedded()
                || config.pipelines().stream().anyMatch(p -> embeddedUrl.equals(p.destination().get("url")));
    }

    public SyncService sync() {
        return context.getBean(SyncService.class);
    }

    /** The process's metrics. */
    public MeterRegistry meters() {
        return context.getBean(MeterRegistry.class);
    }

    public Optional<EmbeddedPostgresServer> embeddedPostgres() {
        return Optional.ofNullable(postgres);
    }

    /** The port the HTTP server listens on. */
    public int httpPort() {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    @Override
    public void close() {
        try {
            context.close();
        } finally {
            if (postgres != null) {
                postgres.close();
            }
        }
    }
}
