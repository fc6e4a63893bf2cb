package dev.syncline.connector.salesforce;

import dev.syncline.connector.record.RecordKey;
import dev.syncline.connector.record.SyncRecord;
import dev.syncline.connector.spi.SinkConnector;
import dev.syncline.testkit.TestRecords;
import dev.syncline.testkit.conformance.DestinationProbe;
import dev.syncline.testkit.conformance.SinkConnectorConformance;
import dev.syncline.testkit.conformance.StoredObject;
import dev.syncline.testkit.salesforce.FakeSalesforce;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The conformance suite against the fake org with the default mappings. The probe reads the
 * Account (customers) or Opportunity (subscriptions) by external id: its version and archive
 * fields are the stored version and tombstone, and the fields the mapping wrote, under their
 * Stripe names, are the stored payload. Capabilities switched off, and why:
 *
 * <ul>
 *   <li>whole objects: a CRM keeps the mapped fields only ({@link #expectedPayload});
 *   <li>tombstones of unseen objects: archiving sets a flag on an existing record; creating one
 *       for an object Salesforce never held would need its required fields (an Account's Name),
 *       which a deleted object's stub does not carry;
 *   <li>a write for every newer version: only changed fields are sent, so a version that changes
 *       no mapped field is answered UNCHANGED without a request;
 *   <li>accounts kept apart: records are matched by an external id holding the Stripe id alone,
 *       which is unique across accounts for customers and subscriptions.
 * </ul>
 */
class SalesforceSinkConnectorConformanceIT extends SinkConnectorConformance {
    private static FakeSalesforce org;

    @BeforeAll
    static void startOrg() {
        org = Fixtures.org();
        // TestRecords' subscriptions belong to this customer; its Account exists, as it would after a backfill.
        org.seed("Account", "Stripe_Customer_Id__c", Map.of("Stripe_Customer_Id__c", "cus_TestCustomer01", "Name", "Test Customer"));
    }

    @AfterAll
    static void stopOrg() {
        org.close();
    }

    @Override
    protected SinkConnector openConnector() {
        return Fixtures.open(org, Map.of());
    }

    @Override
    protected DestinationProbe probe() {
        return SalesforceSinkConnectorConformanceIT::read;
    }

    @Override
    protected List<SyncRecord> recordsTheDestinationRefuses() {
        // Account.Phone holds 40 characters: Salesforce answers STRING_TOO_LONG for this record alone.
        return List.of(TestRecords.customer("cus_Refused0001").version(100).set("phone", "+49 30 1234567 ext. 1234567890123456789012345").upsert());
    }

    @Override
    protected Map<String, Object> expectedPayload(SyncRecord record) {
        Map<String, Object> expected = new LinkedHashMap<>();
        Map<String, @Nullable Object> payload = record.payload();
        expected.put("id", record.key().id());
        if (record.key().objectType().equals("customer")) {
            expected.put("name", payload.get("name"));
            expected.put("email", payload.get("email"));
            expected.put("phone", payload.get("phone"));
        } else {
            expected.put("status", payload.get("status"));
        }
        return expected;
    }

    @Override
    protected boolean keepsTombstonesOfUnseenObjects() {
        return false;
    }

    /** Only changed fields are sent: a version that changes no mapped field costs no request. */
    @Override
    protected boolean skipsWritesThatChangeNothingKept() {
        return true;
    }

    @Override
    protected boolean keepsAccountsApart() {
        return false;
    }

    private static Optional<StoredObject> read(RecordKey key) {
        boolean customer = key.objectType().equals("customer");
        Optional<Map<String, @Nullable Object>> record = customer
                ? org.record("Account", "Stripe_Customer_Id__c", key.id())
                : org.record("Opportunity", "Stripe_Subscription_Id__c", key.id());
        return record.map(r -> {
            Map<String, @Nullable Object> payload = new LinkedHashMap<>();
            payload.put("id", key.id());
            if (customer) {
                payload.put("name", r.get("Name"));
                payload.put("email", org.record("Contact", "Stripe_Customer_Id__c", key.id()).map(c -> c.get("Email")).orElse(null));
                payload.put("phone", r.get("Phone"));
            } else {
                payload.put("status", r.get("Stripe_Status__c"));
            }
            long version = r.get("Stripe_Version__c") instanceof BigDecimal v ? v.longValueExact() : -1;
            return new StoredObject(version, Boolean.TRUE.equals(r.get("Stripe_Deleted__c")), payload);
        });
    }
}
