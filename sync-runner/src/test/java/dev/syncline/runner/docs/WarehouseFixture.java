package dev.syncline.runner.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.syncline.connector.record.Origin;
import dev.syncline.connector.record.SyncRecord;
import dev.syncline.connector.spi.BatchResult;
import dev.syncline.connector.spi.ConnectorProvider;
import dev.syncline.connector.spi.Connectors;
import dev.syncline.connector.spi.RecordBatch;
import dev.syncline.connector.spi.RecordOutcome;
import dev.syncline.connector.spi.SinkConnector;
import dev.syncline.runner.catalog.StripeSchemas;
import dev.syncline.testkit.TestSinkContext;
import dev.syncline.testkit.postgres.PostgresFixture;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Postgres connector, found the way the runner finds it, writing into schema {@code stripe} of
 * a fresh database on the shared fixture with the schemas derived from stripe-java.
 */
final class WarehouseFixture implements AutoCloseable {
    static final String SCHEMA = "stripe";
    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    private final PostgresFixture postgres = PostgresFixture.get();
    private final String database = postgres.createDatabase();
    private final TestSinkContext context = TestSinkContext.of(new StripeSchemas());
    private final SinkConnector connector;

    WarehouseFixture() {
        Map<String, Object> destination = new LinkedHashMap<>();
        destination.put("type", "postgres");
        destination.put("url", postgres.r2dbcUrl(database));
        destination.put("username", postgres.user());
        destination.put("password", postgres.password());
        destination.put("schema", SCHEMA);
        ConnectorProvider provider = Connectors.discover().forType("postgres").orElseThrow();
        connector = provider.create(provider.configSpec().parse("pipelines[0].destination", destination));
        connector.open(context).block(TIMEOUT);
    }

    TestSinkContext context() {
        return context;
    }

    /**
     * Writes the objects as a backfill would (in batches of 500, read at {@code version}); all must
     * apply, except that subscription items already written through their subscriptions' embedded
     * lists, at the same version and with the same content, are unchanged.
     */
    void backfill(String objectType, String accountId, List<Map<String, Object>> objects, long version) {
        List<SyncRecord> records = new ArrayList<>();
        for (Map<String, Object> object : objects) {
            records.add(SyncRecord.upsert(accountId, objectType, (String) object.get("id"), version, Origin.BACKFILL,
                    new LinkedHashMap<>(object)));
        }
        for (int from = 0; from < records.size(); from += 500) {
            List<SyncRecord> batch = records.subList(from, Math.min(records.size(), from + 500));
            BatchResult result = connector.write(new RecordBatch(batch)).block(TIMEOUT);
            assertThat(result).isNotNull();
            if ("subscription_item".equals(objectType)) {
                assertThat(result.outcomes()).as("outcomes writing %s", objectType).containsOnly(RecordOutcome.UNCHANGED);
            } else {
                assertThat(result.outcomes()).as("outcomes writing %s", objectType).containsOnly(RecordOutcome.APPLIED);
            }
        }
    }

    Connection jdbc() throws SQLException {
        return postgres.connect(database);
    }

    @Override
    public void close() {
        connector.close().block(TIMEOUT);
    }
}
