package dev.syncline.connector.postgres;

import dev.syncline.connector.spi.SinkConnector;
import dev.syncline.testkit.TestSinkContext;
import dev.syncline.testkit.conformance.DestinationProbe;
import dev.syncline.testkit.conformance.SinkConnectorConformance;
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
        return key -> support.read(schema, key);
    }
}
