package dev.syncline.runner.pipeline;

import dev.syncline.connector.http.GuardedHttpClient;
import dev.syncline.connector.schema.SchemaCatalog;
import dev.syncline.connector.spi.ConnectorMetrics;
import dev.syncline.connector.spi.SinkContext;
import java.time.Clock;

/** What the runner hands a connector when a pipeline opens it, including the pipeline's guarded HTTP client. */
record RunnerSinkContext(String pipeline, SchemaCatalog schemas, Clock clock, ConnectorMetrics metrics, GuardedHttpClient http)
        implements SinkContext {}
