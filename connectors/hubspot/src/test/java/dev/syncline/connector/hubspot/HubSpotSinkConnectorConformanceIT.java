package dev.syncline.connector.hubspot;

import dev.syncline.connector.record.SyncRecord;
import dev.syncline.connector.spi.SinkConnector;
import dev.syncline.testkit.TestRecords;
import dev.syncline.testkit.conformance.DestinationProbe;
import dev.syncline.testkit.conformance.SinkConnectorConformance;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;

/**
 * The conformance suite against the fake HubSpot, with the default mappings. What HubSpot lacks,
 * and so what is switched off through the suite's hooks:
 *
 * <ul>
 *   <li>HubSpot keeps mapped properties, not the Stripe object: {@link #expectedPayload} is the
 *       default mapping of the record, and the probe reads those properties back;
 *   <li>no typed copy of unmapped fields and no child tables (subscription items are summed into the
 *       deal's amount), so the probe answers neither and those tests are skipped;
 *   <li>ids repeat across accounts only in tests, so the suite runs with {@code scope-ids-by-account};
 *   <li>HubSpot holds one contact per email, while the suite writes the same customer (same email)
 *       into two accounts and expects two objects; so the email goes to a plain {@code stripe_email}
 *       property here instead of the unique {@code email}. With the defaults, the second customer
 *       would be refused with HubSpot's conflict (see {@code HubSpotSinkConnectorIT}).
 * </ul>
 *
 * A record HubSpot refuses is one the fake's portal validation rules refuse (a 207 naming that input).
 */
class HubSpotSinkConnectorConformanceIT extends SinkConnectorConformance {
    private static final Map<String, Object> MAPPINGS = Map.of("customer", Map.of("object", "contacts",
            "properties", Map.of("email", "none", "stripe_email", "email")));
    private HubSpotFixture fixture;

    @Override
    protected SinkConnector openConnector() {
        fixture = new HubSpotFixture();
        fixture.hubspot.tenSecondlyLimit(10_000).rejectUpsertIds(id -> id.endsWith(":cus_Refused0001"));
        return fixture.open(Map.of("scope-ids-by-account", true, "max-requests-per-10s", 250, "mappings", MAPPINGS));
    }

    @AfterEach
    void stopFake() {
        fixture.close();
    }

    @Override
    protected DestinationProbe probe() {
        return key -> fixture.read(key, true, MAPPINGS);
    }

    @Override
    protected Map<String, @Nullable Object> expectedPayload(SyncRecord record) {
        return HubSpotFixture.expected(record, MAPPINGS);
    }

    @Override
    protected List<SyncRecord> recordsTheDestinationRefuses() {
        return List.of(TestRecords.customer("cus_Refused0001").version(100).upsert());
    }
}
