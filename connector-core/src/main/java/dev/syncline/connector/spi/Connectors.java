package dev.syncline.connector.spi;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeMap;

/** The connectors on the class path, found through {@link ServiceLoader}. */
public final class Connectors {
    private final Map<String, ConnectorProvider> byType;

    private Connectors(Map<String, ConnectorProvider> byType) {
        this.byType = Collections.unmodifiableMap(byType);
    }

    /** Every {@link ConnectorProvider} visible to {@code classLoader}. */
    public static Connectors discover(ClassLoader classLoader) {
        Map<String, ConnectorProvider> byType = new TreeMap<>();
        for (ConnectorProvider provider : ServiceLoader.load(ConnectorProvider.class, classLoader)) {
            ConnectorProvider previous = byType.putIfAbsent(provider.type(), provider);
            if (previous != null) {
                throw new IllegalStateException("two connectors claim destination type '" + provider.type() + "': "
                        + previous.getClass().getName() + " and " + provider.getClass().getName());
            }
        }
        return new Connectors(byType);
    }

    public static Connectors discover() {
        return discover(Thread.currentThread().getContextClassLoader());
    }

    public Optional<ConnectorProvider> forType(String type) {
        return Optional.ofNullable(byType.get(type));
    }

    /** The destination types available, sorted. */
    public List<String> types() {
        return List.copyOf(byType.keySet());
    }
}
