package dev.syncline.connector.spi;

import dev.syncline.connector.http.GuardedHttpClient;
import dev.syncline.connector.schema.SchemaCatalog;
import java.time.Clock;

/**
 * What the runner gives a connector when it opens: everything a connector may ask of the runtime.
 * Connectors reach the runtime only through it, never through static state.
 */
public interface SinkContext {
    /** The name of the pipeline this connector writes for, for logs and metric tags. */
    String pipeline();

    /** The schemas of the object types this pipeline syncs. */
    SchemaCatalog schemas();

    /** The clock for {@code _synced_at} stamps and timeouts, replaceable in tests. */
    Clock clock();

    /** Counters the runner exports as metrics, tagged with the pipeline. */
    ConnectorMetrics metrics();

    /**
     * The only HTTP client a connector may send data with: it refuses every request and redirect
     * to a URL outside the egress allow-list. Connectors never build an HTTP client of their own.
     * The default refuses everything, so a context that knows no allow-list sends nothing.
     */
    default GuardedHttpClient http() {
        return GuardedHttpClient.denyingAll();
    }
}
