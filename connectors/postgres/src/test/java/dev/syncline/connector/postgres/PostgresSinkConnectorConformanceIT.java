package dev.syncline.connector.postgres;

import dev.syncline.connector.record.RecordKey;
import dev.syncline.connector.record.SyncRecord;
import dev.syncline.connector.spi.SinkConnector;
import dev.syncline.testkit.TestRecords;
import dev.syncline.testkit.TestSinkContext;
import dev.syncline.testkit.conformance.DestinationProbe;
import dev.syncline.testkit.conformance.SinkConnectorConformance;
import dev.syncline.testkit.conformance.StoredObject;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeAll;

class PostgresSinkConnectorConformanceIT extends SinkConnectorConformance {
    private static PostgresTestSupport support;
    private String schema;

    @BeforeAll
    static void createDatabase() {
        support = new PostgresTestSupport();
    }

    @Override
    protected SinkConnector openConnector() {
        // A schema per test is a fresh destination at a fraction of the cost of a database.
        schema = PostgresTestSupport.freshSchema();
        return support.open(support.destination(schema), TestSinkContext.withTestSchemas());
    }

    @Override
    protected DestinationProbe probe() {
        return new DestinationProbe() {
            @Override
            public Optional<StoredObject> read(RecordKey key) {
                return support.read(schema, key);
            }

            @Override
            public Optional<Map<String, @Nullable Object>> typedFields(RecordKey key) {
                return support.typedFields(schema, key).map(m -> m);
            }

            @Override
            public Optional<Map<String, StoredObject>> children(RecordKey parent, String listField) {
                ChildList child = ChildList.of(parent.objectType()).stream()
                        .filter(c -> c.listField().equals(listField)).findFirst().orElseThrow();
                return Optional.of(support.children(schema, child.table(), child.parentColumn(), parent));
            }
        };
    }

    @Override
    protected List<SyncRecord> recordsTheDestinationRefuses() {
        // jsonb cannot hold U+0000, so _raw of this record cannot be stored.
        return List.of(TestRecords.customer("cus_Refused0001").version(100).set("description", "nul \u0000 inside").upsert());
    }
}
