package dev.syncline.connector.httpsink;

import dev.syncline.connector.config.ConnectorConfig;
import java.time.Duration;

/**
 * The typed configuration of one HTTP destination.
 *
 * @param path the YAML path of the destination block, for error messages
 * @param url the endpoint
 * @param signingSecret the HMAC key; never logged
 * @param maxRetries retries of a retriable answer before the batch fails back to the runner
 * @param timeout how long one exchange may take
 */
record HttpSettings(String path, String url, String signingSecret, int maxRetries, Duration timeout) {
    static HttpSettings from(ConnectorConfig config) {
        return new HttpSettings(config.path(),
                config.requireString(HttpConnectorProvider.URL),
                config.requireString(HttpConnectorProvider.SIGNING_SECRET),
                config.integer(HttpConnectorProvider.MAX_RETRIES),
                config.duration(HttpConnectorProvider.TIMEOUT).orElse(Duration.ofSeconds(30)));
    }

    @Override
    public String toString() {
        return "HttpSettings[" + path + ", url=" + url + ", maxRetries=" + maxRetries + ", timeout=" + timeout + "]";
    }
}
