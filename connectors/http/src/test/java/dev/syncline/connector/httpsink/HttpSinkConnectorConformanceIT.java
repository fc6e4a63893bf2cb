package dev.syncline.connector.httpsink;

import dev.syncline.connector.config.ConnectorConfig;
import dev.syncline.connector.policy.EgressAllowList;
import dev.syncline.connector.spi.SinkConnector;
import dev.syncline.testkit.TestSinkContext;
import dev.syncline.testkit.conformance.DestinationProbe;
import dev.syncline.testkit.conformance.SinkConnectorConformance;
import dev.syncline.testkit.http.FakeHttpsServer;
import dev.syncline.testkit.http.TestCertificate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The conformance suite against an endpoint that keeps "newer wins" and answers per-record results. */
class HttpSinkConnectorConformanceIT extends SinkConnectorConformance {
    static final String SECRET = "whsec_conformance_0123456789";
    private static FakeHttpsServer server;
    private FakeReceiver receiver;

    @BeforeAll
    static void startServer() {
        server = FakeHttpsServer.start();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Override
    protected SinkConnector openConnector() {
        receiver = new FakeReceiver(SECRET);
        server.respond(receiver::handle);
        String url = server.url("/stripe/ingest");
        HttpConnectorProvider provider = new HttpConnectorProvider();
        ConnectorConfig config = provider.configSpec().parse("pipelines[0].destination",
                Map.of("type", "http", "url", url, "signing-secret", SECRET));
        SinkConnector connector = provider.create(config);
        TestSinkContext context = TestSinkContext.withTestSchemas()
                .egress(EgressAllowList.of(List.of(url), List.of()), List.of(TestCertificate.localhost().certificate()));
        connector.open(context).block(TIMEOUT);
        return connector;
    }

    @Override
    protected DestinationProbe probe() {
        return receiver::read;
    }
}
