package dev.syncline.connector.spi;

import dev.syncline.connector.config.ConfigSpec;
import dev.syncline.connector.config.ConnectorConfig;

/**
 * The entry point of one connector, found through {@link java.util.ServiceLoader}: each connector
 * module registers exactly one implementation in
 * {@code META-INF/services/dev.syncline.connector.spi.ConnectorProvider}. The runner never names a
 * connector class; it picks the provider whose {@link #type()} equals a destination's {@code type}.
 *
 * <p>Providers are stateless and thread-safe.
 */
public interface ConnectorProvider {
    /** The value of {@code destination.type} this provider serves, for example {@code postgres}. */
    String type();

    /**
     * The keys a destination block of this type accepts. The runner validates the block against it
     * at startup (reporting every problem with its YAML path) before it calls {@link #create}.
     */
    ConfigSpec configSpec();

    /**
     * A new, unopened connector for one pipeline's destination. Must not do I/O: connecting
     * happens in {@link SinkConnector#open}.
     */
    SinkConnector create(ConnectorConfig config);
}
