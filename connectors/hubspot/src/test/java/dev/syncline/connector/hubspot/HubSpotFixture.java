package dev.syncline.connector.hubspot;

import dev.syncline.connector.config.ConnectorConfig;
import dev.syncline.connector.policy.EgressAllowList;
import dev.syncline.connector.record.RecordKey;
import dev.syncline.connector.record.SyncRecord;
import dev.syncline.connector.spi.SinkConnector;
import dev.syncline.testkit.TestSinkContext;
import dev.syncline.testkit.conformance.StoredObject;
import dev.syncline.testkit.http.TestCertificate;
import dev.syncline.testkit.hubspot.FakeHubSpot;
import dev.syncline.testkit.hubspot.HubSpotRecord;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** A fake HubSpot, a context allowed to reach it, and readers of what it stores in the default mappings' terms. */
final class HubSpotFixture implements AutoCloseable {
    static final Duration WAIT = Duration.ofSeconds(60);
    static final String PATH = "pipelines[0].destination";

    final FakeHubSpot hubspot = FakeHubSpot.start();
    final TestSinkContext context = TestSinkContext.withTestSchemas()
            .egress(EgressAllowList.of(List.of(hubspot.url() + "crm/"), List.of()), List.of(TestCertificate.localhost().certificate()));

    static ConnectorConfig config(String url, Map<String, ?> extra) {
        Map<String, Object> block = new HashMap<>(Map.of("type", "hubspot", "url", url, "token", FakeHubSpot.TOKEN));
        block.putAll(extra);
        return new HubSpotConnectorProvider().configSpec().parse(PATH, block);
    }

    SinkConnector open(Map<String, ?> extra) {
        SinkConnector connector = new HubSpotConnectorProvider().create(config(hubspot.url(), extra));
        connector.open(context).block(WAIT);
        return connector;
    }

    /** The first target of a Stripe type under a {@code mappings} block (null: the defaults). */
    static TargetMapping target(String objectType, @Nullable Object mappings) {
        return MappingParser.parse(mappings).mappings().get(objectType).get(0);
    }

    /** The stored record of a key, read like the conformance suite reads a destination. */
    Optional<StoredObject> read(RecordKey key, boolean scoped, @Nullable Object mappings) {
        TargetMapping target = target(key.objectType(), mappings);
        String idValue = (scoped ? key.accountId() + ":" : "") + key.id();
        return hubspot.find(target.object(), target.idProperty(), idValue).map(record -> new StoredObject(
                Long.parseLong(record.property(Bookkeeping.VERSION).orElse("-1")),
                "true".equals(record.property(Bookkeeping.DELETED).orElse("false")),
                view(key.id(), target, record)));
    }

    /** What HubSpot should hold for a record under a {@code mappings} block, in {@link #read}'s shape. */
    static Map<String, @Nullable Object> expected(SyncRecord record, @Nullable Object mappings) {
        Map<String, @Nullable Object> view = new LinkedHashMap<>();
        view.put("id", record.key().id());
        view.putAll(Projection.of(target(record.key().objectType(), mappings), record.payload()));
        return view;
    }

    private static Map<String, @Nullable Object> view(String id, TargetMapping target, HubSpotRecord record) {
        Map<String, @Nullable Object> view = new LinkedHashMap<>();
        view.put("id", id);
        target.propertyNames().forEach(p -> view.put(p, record.property(p).orElse("")));
        return view;
    }

    @Override
    public void close() {
        hubspot.close();
    }
}
