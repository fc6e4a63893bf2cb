package dev.syncline.connector.salesforce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.syncline.connector.errors.PermanentConnectorException;
import dev.syncline.connector.errors.RetriableConnectorException;
import dev.syncline.connector.policy.EgressAllowList;
import dev.syncline.connector.record.Origin;
import dev.syncline.connector.record.SyncRecord;
import dev.syncline.connector.spi.BatchResult;
import dev.syncline.connector.spi.RecordBatch;
import dev.syncline.connector.spi.RecordOutcome;
import dev.syncline.testkit.TestRecords;
import dev.syncline.testkit.TestSinkContext;
import dev.syncline.testkit.http.TestCertificate;
import dev.syncline.testkit.salesforce.Endpoint;
import dev.syncline.testkit.salesforce.FakeSalesforce;
import dev.syncline.testkit.salesforce.JwtKeys;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The connector against the fake org: each error case of the reference, both write paths, both auth flows. */
class SalesforceConnectorIT {
    private FakeSalesforce org;

    @BeforeEach
    void start() {
        org = Fixtures.org();
    }

    @AfterEach
    void stop() {
        org.close();
    }

    private static List<SyncRecord> customers(String prefix, int count, Origin origin) {
        List<SyncRecord> records = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            records.add(TestRecords.customer(String.format("cus_%s%05d", prefix, i)).origin(origin).version(100).upsert());
        }
        return records;
    }

    private static BatchResult write(SalesforceSinkConnector connector, List<SyncRecord> records) {
        return connector.write(new RecordBatch(records)).block(Fixtures.WAIT);
    }

    @Test
    void collectionsUpsertWritesAccountAndContactInChunksOf200() {
        SalesforceSinkConnector connector = Fixtures.open(org, Map.of());

        BatchResult result = write(connector, customers("Col", 450, Origin.EVENT));

        assertThat(result.count(RecordOutcome.Status.APPLIED)).isEqualTo(450);
        assertThat(org.records("Account")).hasSize(450);
        assertThat(org.records("Contact")).hasSize(450);
        assertThat(org.count(Endpoint.COLLECTIONS_UPSERT)).isEqualTo(6);
        assertThat(org.largestCollectionsBatch()).isEqualTo(200);
        assertThat(org.bulkJobs()).isZero();
        var account = org.record("Account", "Stripe_Customer_Id__c", "cus_Col00007").orElseThrow();
        var contact = org.record("Contact", "Stripe_Customer_Id__c", "cus_Col00007").orElseThrow();
        assertThat(account).containsEntry("Name", "Jenny Rosen").containsEntry("BillingCity", "Berlin")
                .containsEntry("Stripe_Version__c", new BigDecimal(100)).containsEntry("Stripe_Deleted__c", false);
        assertThat(contact).containsEntry("LastName", "Rosen").containsEntry("AccountId", account.get("Id"));
    }

    @Test
    void aPerRecordErrorDeadLettersThatRecordWithSalesforcesCode_andItsContactIsNotSent() {
        org.rejectRecord("Account", "cus_Rej00001", "FIELD_CUSTOM_VALIDATION_EXCEPTION", "Region is required for EU accounts");
        SalesforceSinkConnector connector = Fixtures.open(org, Map.of());
        List<SyncRecord> batch = customers("Rej", 3, Origin.EVENT);
        batch.add(TestRecords.customer("cus_BadEmail01").set("email", "not-an-email").upsert());

        BatchResult result = write(connector, batch);

        assertThat(result.get(0)).isEqualTo(RecordOutcome.APPLIED);
        assertThat(result.get(1).status()).isEqualTo(RecordOutcome.Status.REJECTED);
        assertThat(result.get(1).detail()).isEqualTo("Salesforce Account refused it: FIELD_CUSTOM_VALIDATION_EXCEPTION: Region is required for EU accounts");
        assertThat(result.get(2)).isEqualTo(RecordOutcome.APPLIED);
        assertThat(result.get(3).detail()).startsWith("Salesforce Contact refused it: INVALID_EMAIL_ADDRESS: Email: invalid email address: not-an-email");
        assertThat(org.record("Contact", "Stripe_Customer_Id__c", "cus_Rej00001")).isEmpty();
        assertThat(org.record("Account", "Stripe_Customer_Id__c", "cus_BadEmail01")).isPresent();
    }

    @Test
    void anExpiredSessionIsRenewedOnce_andTheRequestSentAgain() {
        SalesforceSinkConnector connector = Fixtures.open(org, Map.of());
        org.expireSessions();

        assertThat(write(connector, customers("Exp", 2, Origin.EVENT)).fullyAcknowledged()).isTrue();

        assertThat(org.tokensIssued()).isEqualTo(2);
        assertThat(org.records("Account")).hasSize(2);
    }

    @Test
    void serverErrorsAndTheConcurrencyLimitAreRetried() {
        SalesforceSinkConnector connector = Fixtures.open(org, Map.of());
        org.failNext(1, 503);
        org.concurrencyLimitNext(1);

        assertThat(write(connector, customers("Five", 2, Origin.EVENT)).count(RecordOutcome.Status.APPLIED)).isEqualTo(2);
        assertThat(org.count(Endpoint.OTHER)).isEqualTo(2);
    }

    @Test
    void theDailyLimitFailsTheBatchAsRetriableWithATenMinuteHold_withoutRetryingHere() {
        SalesforceSinkConnector connector = Fixtures.open(org, Map.of());
        org.apiUsage(15_000, 15_000);

        assertThatThrownBy(() -> write(connector, customers("Day", 1, Origin.EVENT)))
                .isInstanceOfSatisfying(RetriableConnectorException.class, e -> assertThat(e.retryAfter()).hasValueSatisfying(
                        d -> assertThat(d.toMinutes()).isEqualTo(10)))
                .hasMessageContaining("TotalRequests Limit exceeded.");
        // Held off: no second attempt reaches the org while the hold lasts.
        assertThatThrownBy(() -> write(connector, customers("Day", 1, Origin.EVENT))).hasMessageContaining("holding off");
        assertThat(org.count(Endpoint.COLLECTIONS_UPSERT)).isZero();
    }

    @Test
    void nearTheMaximumUsageTheConnectorStopsSending() {
        SalesforceSinkConnector connector = Fixtures.open(org, Map.of("max-api-usage-percent", 50));
        org.apiUsage(5_000, 10_000);

        assertThatThrownBy(() -> write(connector, customers("Pace", 1, Origin.EVENT)))
                .isInstanceOf(RetriableConnectorException.class).hasMessageContaining("max-api-usage-percent");
        assertThat(connector.lastApiUsage()).isNull();
        assertThat(org.count(Endpoint.COLLECTIONS_UPSERT)).isEqualTo(1);
    }

    @Test
    void aLockedRowIsSentAgain() {
        org.lockRow("Account", "cus_Lock00000", 1);
        SalesforceSinkConnector connector = Fixtures.open(org, Map.of());

        assertThat(write(connector, customers("Lock", 2, Origin.EVENT)).count(RecordOutcome.Status.APPLIED)).isEqualTo(2);
        assertThat(org.count(Endpoint.COLLECTIONS_UPSERT)).isEqualTo(3);
    }

    @Test
    void aLargeBatchGoesThroughBulkApi_failedResultsAreDeadLettered_lockedRowsResent() {
        org.rejectRecord("Account", "cus_Bulk00010", "DUPLICATES_DETECTED", "Use one of these records?");
        org.lockRow("Contact", "cus_Bulk00020", 1);
        org.bulkProcessingPolls(2);
        SalesforceSinkConnector connector = Fixtures.open(org, Map.of("bulk-threshold", 1_000));

        BatchResult result = write(connector, customers("Bulk", 1_200, Origin.BACKFILL));

        assertThat(result.count(RecordOutcome.Status.APPLIED)).isEqualTo(1_199);
        assertThat(result.get(10).detail()).isEqualTo("Salesforce Account refused it: DUPLICATES_DETECTED: Use one of these records?");
        assertThat(org.bulkJobs()).isEqualTo(2);
        assertThat(org.count(Endpoint.BULK_UPLOAD)).isEqualTo(2);
        assertThat(org.count(Endpoint.BULK_CLOSE)).isEqualTo(2);
        assertThat(org.count(Endpoint.BULK_STATUS)).isEqualTo(6);
        assertThat(org.count(Endpoint.BULK_RESULTS)).isEqualTo(2);
        assertThat(org.count(Endpoint.COLLECTIONS_UPSERT)).isEqualTo(1);
        assertThat(org.records("Account")).hasSize(1_199);
        assertThat(org.records("Contact")).hasSize(1_199);
        assertThat(org.record("Contact", "Stripe_Customer_Id__c", "cus_Bulk00020").orElseThrow()).containsEntry("Email",
                "jenny.rosen+cus_bulk00020@example.com");
    }

    @Test
    void aFailedBulkJobIsRetriable_unlessItsUploadIsInvalid() {
        SalesforceSinkConnector connector = Fixtures.open(org, Map.of("bulk-threshold", 10));
        org.failNextBulkJob("ExceededQuota : the org ran out of batches");
        assertThatThrownBy(() -> write(connector, customers("Fail", 20, Origin.BACKFILL))).isInstanceOf(RetriableConnectorException.class)
                .hasMessageContaining("ExceededQuota");
        org.failNextBulkJob("InvalidBatch : Field name not found : Region__c");
        assertThatThrownBy(() -> write(connector, customers("Fail", 20, Origin.BACKFILL))).isInstanceOf(PermanentConnectorException.class);
    }

    @Test
    void aRunOfBackfillBatchesSwitchesToBulk_smallAndLiveBatchesStayOnCollections() {
        SalesforceSinkConnector connector = Fixtures.open(org, Map.of("bulk-threshold", 2_500));
        for (int b = 0; b < 4; b++) {
            write(connector, customers("Run" + b, 1_000, Origin.BACKFILL));
        }
        // 1,000 and 2,000 records of the run went through Collections; from the third batch on, Bulk.
        assertThat(org.bulkJobs()).isEqualTo(4);
        write(connector, customers("Small", 400, Origin.BACKFILL));
        write(connector, customers("Live", 1_000, Origin.EVENT));
        assertThat(org.bulkJobs()).isEqualTo(4);
        assertThat(org.records("Account")).hasSize(5_400);
    }

    @Test
    void aNewerVersionThatChangesNoMappedFieldCostsNoRequest() {
        SalesforceSinkConnector connector = Fixtures.open(org, Map.of());
        write(connector, List.of(TestRecords.customer("cus_Same0001").version(100).upsert()));
        long before = org.count(Endpoint.COLLECTIONS_UPSERT);

        BatchResult metadataOnly = write(connector, List.of(TestRecords.customer("cus_Same0001").version(200)
                .set("metadata", Map.of("crm_id", "9999")).upsert()));
        BatchResult emailChanged = write(connector, List.of(TestRecords.customer("cus_Same0001").version(300)
                .set("email", "new@example.com").upsert()));

        assertThat(metadataOnly.outcomes()).containsExactly(RecordOutcome.UNCHANGED);
        assertThat(emailChanged.outcomes()).containsExactly(RecordOutcome.APPLIED);
        // Only the Contact holds the email: the Account is not sent again.
        assertThat(org.count(Endpoint.COLLECTIONS_UPSERT)).isEqualTo(before + 1);
        assertThat(connector.cachedObjects()).isEqualTo(1);
    }

    @Test
    void deletesArchiveClearOrAreIgnored_perMapping() {
        org.define(org.sObjectType("Account").orElseThrow());
        SalesforceSinkConnector connector = Fixtures.open(org, Map.of("mappings", Map.of(
                "customer", List.of(Map.of("object", "Account", "on-delete", "archive"), Map.of("object", "Contact", "on-delete", "clear")),
                "subscription", Map.of("object", "Opportunity", "on-delete", "ignore"))));
        write(connector, List.of(TestRecords.customer("cus_Del0001").version(100).upsert()));
        org.seed("Opportunity", "Stripe_Subscription_Id__c", Map.of("Stripe_Subscription_Id__c", "sub_Del0001", "Name", "x",
                "StageName", "Closed Won", "CloseDate", "2026-01-01"));

        BatchResult result = write(connector, List.of(TestRecords.customer("cus_Del0001").version(200).delete(),
                TestRecords.subscription("sub_Del0001").version(200).delete(), TestRecords.customer("cus_NeverSeen1").version(200).delete()));

        assertThat(result.outcomes()).containsExactly(RecordOutcome.APPLIED, RecordOutcome.APPLIED, RecordOutcome.APPLIED);
        assertThat(org.record("Account", "Stripe_Customer_Id__c", "cus_Del0001").orElseThrow())
                .containsEntry("Stripe_Deleted__c", true).containsEntry("Name", "Jenny Rosen").containsEntry("Stripe_Version__c", new BigDecimal(200));
        assertThat(org.record("Contact", "Stripe_Customer_Id__c", "cus_Del0001").orElseThrow())
                .containsEntry("Stripe_Deleted__c", true).containsEntry("LastName", "Rosen").doesNotContainKeys("Email", "FirstName", "MailingCity");
        assertThat(org.record("Opportunity", "Stripe_Subscription_Id__c", "sub_Del0001").orElseThrow()).doesNotContainKey("Stripe_Deleted__c");
        // Nothing to archive for an object Salesforce never held, and nothing is created for it.
        assertThat(org.record("Account", "Stripe_Customer_Id__c", "cus_NeverSeen1")).isEmpty();
    }

    @Test
    void jwtBearerSignsAnAssertionTheOrgVerifies_andAWrongKeyIsRefusedAtOpen() {
        JwtKeys keys = JwtKeys.generate();
        org.jwtBearer(Fixtures.CLIENT_ID, "integration@acme.example", keys.pair().getPublic())
                .clock(java.time.Clock.fixed(TestSinkContext.NOW, java.time.ZoneOffset.UTC));
        Map<String, Object> jwt = Map.of("auth", "jwt-bearer", "username", "integration@acme.example", "private-key", keys.privateKeyPem());

        SalesforceSinkConnector connector = Fixtures.open(org, jwt);
        assertThat(write(connector, customers("Jwt", 1, Origin.EVENT)).fullyAcknowledged()).isTrue();

        Map<String, Object> otherKey = Map.of("auth", "jwt-bearer", "username", "integration@acme.example",
                "private-key", JwtKeys.generate().privateKeyPem());
        assertThatThrownBy(() -> Fixtures.open(org, otherKey)).isInstanceOf(PermanentConnectorException.class)
                .hasMessageContaining("invalid_grant").hasMessageContaining("pipelines[0].destination");
    }

    @Test
    void wrongClientCredentialsFailTheOpen() {
        assertThatThrownBy(() -> Fixtures.open(org, Map.of("client-secret", "wrong"))).isInstanceOf(PermanentConnectorException.class)
                .hasMessageContaining("authentication failure");
    }

    @Test
    void aMappedFieldTheOrgLacksFailsTheOpenWithItsYamlPath() {
        Map<String, Object> mappings = Map.of("customer", Map.of("object", "Account", "fields", Map.of("Region__c", "address.state")));
        assertThatThrownBy(() -> Fixtures.open(org, Map.of("mappings", mappings))).isInstanceOf(PermanentConnectorException.class)
                .hasMessageContaining("pipelines[0].destination.mappings.customer.fields.Region__c: Account has no field Region__c");
    }

    @Test
    void anInstanceUrlOffTheAllowListStopsThePipeline_nothingIsSent() {
        TestSinkContext tokenOnly = TestSinkContext.withTestSchemas().egress(EgressAllowList.of(List.of(org.url() + "/services/oauth2/token"),
                List.of()), List.of(TestCertificate.localhost().certificate()));
        assertThatThrownBy(() -> Fixtures.open(org, Map.of(), tokenOnly)).isInstanceOf(PermanentConnectorException.class)
                .hasMessageContaining("connect-src");
        assertThat(org.count(Endpoint.DESCRIBE)).isZero();
    }
}
