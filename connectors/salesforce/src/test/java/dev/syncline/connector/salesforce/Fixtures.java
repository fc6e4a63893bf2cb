package dev.syncline.connector.salesforce;

import dev.syncline.connector.config.ConnectorConfig;
import dev.syncline.connector.policy.EgressAllowList;
import dev.syncline.connector.spi.SinkConnector;
import dev.syncline.testkit.TestSinkContext;
import dev.syncline.testkit.http.TestCertificate;
import dev.syncline.testkit.salesforce.FakeSalesforce;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Connectors opened against a {@link FakeSalesforce}, configured as a user would. */
final class Fixtures {
    static final String CLIENT_ID = "3MVG9_syncline_test_consumer_key";
    static final String CLIENT_SECRET = "syncline-test-consumer-secret";
    static final Duration WAIT = Duration.ofSeconds(60);

    private Fixtures() {}

    static FakeSalesforce org() {
        return FakeSalesforce.start().clientCredentials(CLIENT_ID, CLIENT_SECRET);
    }

    /** A destination block for {@code org} with fast Bulk polling; {@code extra} overrides. */
    static Map<String, Object> config(FakeSalesforce org, Map<String, Object> extra) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("type", "salesforce");
        values.put("url", org.url());
        values.put("client-id", CLIENT_ID);
        values.put("client-secret", CLIENT_SECRET);
        values.put("bulk-poll-interval", "20ms");
        values.putAll(extra);
        return values;
    }

    static ConnectorConfig parse(Map<String, Object> values) {
        return new SalesforceConnectorProvider().configSpec().parse("pipelines[0].destination", values);
    }

    static TestSinkContext context(FakeSalesforce org) {
        return TestSinkContext.withTestSchemas()
                .egress(EgressAllowList.of(List.of(org.url() + "/services/"), List.of()), List.of(TestCertificate.localhost().certificate()));
    }

    static SalesforceSinkConnector open(FakeSalesforce org, Map<String, Object> extra) {
        return open(org, extra, context(org));
    }

    static SalesforceSinkConnector open(FakeSalesforce org, Map<String, Object> extra, TestSinkContext context) {
        SinkConnector connector = new SalesforceConnectorProvider().create(parse(config(org, extra)));
        connector.open(context).block(WAIT);
        return (SalesforceSinkConnector) connector;
    }
}
