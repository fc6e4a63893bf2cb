package dev.syncline.testkit;

import dev.syncline.connector.http.GuardedHttpClient;
import dev.syncline.connector.policy.EgressAllowList;
import dev.syncline.connector.schema.SchemaCatalog;
import dev.syncline.connector.spi.ConnectorMetrics;
import dev.syncline.connector.spi.SinkContext;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.security.cert.X509Certificate;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link SinkContext} for tests: a fixed clock, the given schemas, and metrics that are recorded
 * so tests can assert that nothing was dropped silently.
 */
public final class TestSinkContext implements SinkContext {
    /** The instant the default clock stands still at: 2026-01-15T10:00:00Z. */
    public static final Instant NOW = Instant.parse("2026-01-15T10:00:00Z");

    private final String pipeline;
    private final SchemaCatalog schemas;
    private final Clock clock;
    private final Map<String, AtomicLong> counters = new ConcurrentHashMap<>();
    private volatile GuardedHttpClient http = GuardedHttpClient.denyingAll();

    public TestSinkContext(String pipeline, SchemaCatalog schemas, Clock clock) {
        this.pipeline = pipeline;
        this.schemas = schemas;
        this.clock = clock;
    }

    /** Pipeline {@code test}, the given schemas, a clock fixed at {@link #NOW}. */
    public static TestSinkContext of(SchemaCatalog schemas) {
        return new TestSinkContext("test", schemas, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    /** The schemas of {@link TestRecords}. */
    public static TestSinkContext withTestSchemas() {
        return of(TestRecords.schemas());
    }

    @Override
    public String pipeline() {
        return pipeline;
    }

    @Override
    public SchemaCatalog schemas() {
        return schemas;
    }

    @Override
    public Clock clock() {
        return clock;
    }

    /**
     * Lets connectors send to {@code allowList}, trusting exactly {@code trusted} (a fake server's
     * self-signed certificate); denials are counted in this context's counters.
     */
    public TestSinkContext egress(EgressAllowList allowList, List<X509Certificate> trusted) {
        this.http = GuardedHttpClient.builder(allowList).metrics(metrics()).trustOnly(trusted).build();
        return this;
    }

    @Override
    public GuardedHttpClient http() {
        return http;
    }

    @Override
    public ConnectorMetrics metrics() {
        return (name, amount, tags) -> counters.computeIfAbsent(key(name, tags), k -> new AtomicLong()).addAndGet(amount);
    }

    /**
     * The value of one counter with exactly these tags, 0 if it was never incremented.
     *
     * @param tags alternating tag names and values, in the order the connector passed them
     */
    public long counter(String name, String... tags) {
        AtomicLong value = counters.get(key(name, tags));
        return value == null ? 0 : value.get();
    }

    /** Every counter, keyed as {@code name[tag=value, ...]}. */
    public Map<String, Long> counters() {
        Map<String, Long> copy = new TreeMap<>();
        counters.forEach((k, v) -> copy.put(k, v.get()));
        return copy;
    }

    private static String key(String name, String... tags) {
        List<String> pairs = new ArrayList<>();
        for (int i = 0; i + 1 < tags.length; i += 2) {
            pairs.add(tags[i] + "=" + tags[i + 1]);
        }
        if (tags.length % 2 != 0) {
            throw new IllegalArgumentException("tags must come in name/value pairs: " + Arrays.toString(tags));
        }
        return name + pairs;
    }
}
