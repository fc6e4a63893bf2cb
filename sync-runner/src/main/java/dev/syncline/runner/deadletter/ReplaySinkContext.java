package dev.syncline.runner.deadletter;

import dev.syncline.connector.http.GuardedHttpClient;
import dev.syncline.connector.schema.SchemaCatalog;
import dev.syncline.connector.spi.ConnectorMetrics;
import dev.syncline.connector.spi.SinkContext;
import java.time.Clock;

/** What a replay hands the pipeline's connector: the same as the pipeline would, its guarded HTTP client included. */
record ReplaySinkContext(String pipeline, SchemaCatalog schemas, Clock clock, ConnectorMetrics metrics, GuardedHttpClient http)
        implements SinkContext {}
