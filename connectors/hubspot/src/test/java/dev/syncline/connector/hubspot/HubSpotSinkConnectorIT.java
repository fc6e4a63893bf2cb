package dev.syncline.connector.hubspot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.syncline.connector.errors.PermanentConnectorException;
import dev.syncline.connector.errors.RetriableConnectorException;
import dev.syncline.connector.record.Json;
import dev.syncline.connector.record.SyncRecord;
import dev.syncline.connector.spi.BatchResult;
import dev.syncline.connector.spi.RecordBatch;
import dev.syncline.connector.spi.RecordOutcome;
import dev.syncline.connector.spi.SinkConnector;
import dev.syncline.testkit.TestRecords;
import dev.syncline.testkit.http.RecordedRequest;
import dev.syncline.testkit.hubspot.Fault;
import dev.syncline.testkit.hubspot.HubSpotAssociation;
import dev.syncline.testkit.hubspot.HubSpotRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/** The connector against the fake HubSpot: each error case of the reference, and the write rules. */
class HubSpotSinkConnectorIT {
    private final HubSpotFixture fixture = new HubSpotFixture();

    @AfterEach
    void stop() {
        fixture.close();
    }

    private SinkConnector open() {
        return fixture.open(Map.of("max-requests-per-10s", 250, "max-retries", 3));
    }

    private static BatchResult write(SinkConnector connector, SyncRecord... records) {
        return connector.write(RecordBatch.of(records)).block(HubSpotFixture.WAIT);
    }

    private List<RecordedRequest> requests(String pathPart) {
        return fixture.hubspot.server().requests().stream().filter(r -> r.uri().contains(pathPart)).toList();
    }

    @Test
    void openCreatesTheCustomPropertiesOnce_uniqueIdIncluded() {
        open().close().block();
        int created = requests("/crm/v3/properties/contacts").stream().filter(r -> r.method().equals("POST")).toList().size();
        open().close().block();

        assertThat(fixture.hubspot.properties("contacts").get("stripe_customer_id").hasUniqueValue()).isTrue();
        assertThat(fixture.hubspot.properties("deals").get("stripe_subscription_id").hasUniqueValue()).isTrue();
        assertThat(fixture.hubspot.properties("contacts")).containsKeys("syncline_version", "syncline_hash", "syncline_deleted",
                "stripe_created_at", "stripe_balance");
        assertThat(fixture.hubspot.properties("contacts").get("stripe_delinquent").type()).isEqualTo("bool");
        // The second open only creates the group again (409) and lists: nothing is re-created.
        assertThat(requests("/crm/v3/properties/contacts").stream().filter(r -> r.method().equals("POST")).toList())
                .hasSize(created + 1);
    }

    @Test
    void aWrongTokenFailsTheOpenPermanently() {
        fixture.hubspot.token("pat-na1-another-token");

        StepVerifier.create(new HubSpotConnectorProvider().create(HubSpotFixture.config(fixture.hubspot.url(), Map.of())).open(fixture.context))
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(PermanentConnectorException.class)
                        .hasMessageContaining("401").hasMessageContaining("INVALID_AUTHENTICATION"))
                .verify(HubSpotFixture.WAIT);
    }

    @Test
    void aUrlOffTheAllowListFailsTheOpenWithItsPath_andHubSpotSeesNothing() {
        SinkConnector connector = new HubSpotConnectorProvider().create(HubSpotFixture.config("https://api.hubapi.com/", Map.of()));

        StepVerifier.create(connector.open(fixture.context))
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(PermanentConnectorException.class)
                        .hasMessageContaining("pipelines[0].destination.url").hasMessageContaining("allow-list"))
                .verify(HubSpotFixture.WAIT);
        assertThat(fixture.hubspot.count("total")).isZero();
    }

    @Test
    void missingScopesStopThePipeline() {
        SinkConnector connector = open();
        fixture.hubspot.failNext(Fault.of(403, "MISSING_SCOPES", "This app hasn't been granted all required scopes to make this call."));

        StepVerifier.create(connector.write(RecordBatch.of(TestRecords.customer("cus_Scope0001").upsert())))
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(PermanentConnectorException.class).hasMessageContaining("MISSING_SCOPES"))
                .verify(HubSpotFixture.WAIT);
    }

    @Test
    void aCustomerAndItsSubscriptionBecomeAContactAndADeal_associated() {
        SinkConnector connector = open();
        SyncRecord customer = TestRecords.customer("cus_TestCustomer01").version(100).upsert();
        SyncRecord subscription = TestRecords.subscription("sub_Assoc0001").version(100).upsert();

        BatchResult result = write(connector, subscription, customer);

        assertThat(result.outcomes()).containsExactly(RecordOutcome.APPLIED, RecordOutcome.APPLIED);
        HubSpotRecord contact = fixture.hubspot.find("contacts", "stripe_customer_id", "cus_TestCustomer01").orElseThrow();
        HubSpotRecord deal = fixture.hubspot.find("deals", "stripe_subscription_id", "sub_Assoc0001").orElseThrow();
        assertThat(contact.properties()).containsEntry("email", "jenny.rosen+cus_testcustomer01@example.com")
                .containsEntry("firstname", "Jenny").containsEntry("syncline_version", "100");
        assertThat(deal.properties()).containsEntry("amount", "87.00").containsEntry("dealstage", "closedwon");
        assertThat(fixture.hubspot.associations()).containsExactly(new HubSpotAssociation("deals", deal.id(), "contacts", contact.id(), 3));
    }

    @Test
    void aSubscriptionWhoseCustomerIsNotInHubSpotIsWrittenWithoutItsAssociation_andCounted() {
        SinkConnector connector = open();

        assertThat(write(connector, TestRecords.subscription("sub_Orphan0001").upsert()).outcomes()).containsExactly(RecordOutcome.APPLIED);

        assertThat(fixture.hubspot.associations()).isEmpty();
        assertThat(fixture.context.counter("syncline.hubspot.associations.missing", "from", "deals", "to", "contacts")).isEqualTo(1);
    }

    @Test
    void onlyChangedPropertiesAreSent_andARedeliveryCostsNoRequest() {
        SinkConnector connector = open();
        write(connector, TestRecords.customer("cus_Changed001").version(100).upsert());
        int before = fixture.hubspot.count("total");

        write(connector, TestRecords.customer("cus_Changed001").version(100).upsert());
        assertThat(fixture.hubspot.count("total")).as("a redelivery sends nothing").isEqualTo(before);

        write(connector, TestRecords.customer("cus_Changed001").version(200).set("phone", "+4930999").upsert());
        RecordedRequest upsert = requests("batch/upsert").get(requests("batch/upsert").size() - 1);
        Map<String, Object> input = firstInput(upsert);
        assertThat((Map<String, Object>) input.get("properties")).containsOnlyKeys("phone", "syncline_version", "syncline_hash");
        assertThat(fixture.hubspot.count("total")).as("no read: the cache knew the record").isEqualTo(before + 1);
    }

    @Test
    void afterARestartTheVersionStoredInHubSpotStillKeepsNewerWins() {
        write(open(), TestRecords.customer("cus_Restart001").version(200).set("name", "Newer Name").upsert());

        BatchResult stale = write(open(), TestRecords.customer("cus_Restart001").version(150).set("name", "Older Name").upsert());

        assertThat(stale.outcomes()).containsExactly(RecordOutcome.STALE);
        assertThat(fixture.hubspot.find("contacts", "stripe_customer_id", "cus_Restart001").orElseThrow().properties())
                .containsEntry("firstname", "Newer");
    }

    @Test
    void aBatchWithTheSameObjectTwiceSendsOneInput_andMoreThan100AreChunked() {
        SinkConnector connector = open();
        List<SyncRecord> records = new ArrayList<>();
        for (int i = 0; i < 230; i++) {
            records.add(TestRecords.customer(String.format("cus_Chunk%05d", i)).version(100).upsert());
        }
        records.add(TestRecords.customer("cus_Chunk00007").version(101).set("name", "Later Name").upsert());

        BatchResult result = connector.write(new RecordBatch(records)).block(HubSpotFixture.WAIT);

        assertThat(result.get(7)).isEqualTo(RecordOutcome.STALE);
        assertThat(result.get(230)).isEqualTo(RecordOutcome.APPLIED);
        assertThat(requests("batch/upsert")).hasSize(3).allSatisfy(r -> assertThat(inputs(r).size()).isLessThanOrEqualTo(100));
        assertThat(fixture.hubspot.records("contacts")).hasSize(230);
        assertThat(fixture.hubspot.count("400")).isZero();
    }

    @Test
    void a207RejectsOnlyTheFailedInputs_withHubSpotsMessage() {
        SinkConnector connector = open();
        SyncRecord bad = TestRecords.customer("cus_Invalid001").set("email", "not-an-email").upsert();

        BatchResult result = write(connector, TestRecords.customer("cus_Valid0001").upsert(), bad, TestRecords.customer("cus_Valid0002").upsert());

        assertThat(result.get(0)).isEqualTo(RecordOutcome.APPLIED);
        assertThat(result.get(1).status()).isEqualTo(RecordOutcome.Status.REJECTED);
        assertThat(result.get(1).detail()).contains("VALIDATION_ERROR", "INVALID_EMAIL");
        assertThat(result.get(2)).isEqualTo(RecordOutcome.APPLIED);
        assertThat(fixture.hubspot.find("contacts", "stripe_customer_id", "cus_Invalid001")).isEmpty();
    }

    @Test
    void aWholeRequestRefusedWith400IsSplitUntilTheBadInputStandsAlone() {
        SinkConnector connector = open();
        // Request 1 reads the live contacts, 2 the archived ones, 3 is the upsert.
        fixture.hubspot.failAtRequest(3, Fault.of(400, "VALIDATION_ERROR", "Property values were not valid"));

        BatchResult result = write(connector, TestRecords.customer("cus_Split0001").upsert(), TestRecords.customer("cus_Split0002").upsert(),
                TestRecords.customer("cus_Split0003").upsert(), TestRecords.customer("cus_Split0004").upsert());

        assertThat(result.outcomes()).containsOnly(RecordOutcome.APPLIED);
        assertThat(requests("batch/upsert")).extracting(r -> inputs(r).size()).containsExactly(4, 2, 2);
    }

    @Test
    void anEmailHeldByAnUnlinkedContactLinksThatContact_butNotOneLinkedToAnotherCustomer() {
        String existing = fixture.hubspot.create("contacts", Map.of("email", "jenny.rosen+cus_link00001@example.com", "firstname", "J."));
        fixture.hubspot.create("contacts", Map.of("email", "taken@example.com", "stripe_customer_id", "cus_Other0001"));
        // Under the default omit-email the second would be written without its email (HubSpotEmailConflictIT).
        SinkConnector connector = fixture.open(Map.of("max-requests-per-10s", 250, "max-retries", 3,
                "mappings", Map.of("customer", Map.of("object", "contacts", "on-email-conflict", "reject"))));

        BatchResult result = write(connector, TestRecords.customer("cus_Link00001").upsert(),
                TestRecords.customer("cus_Link00002").set("email", "taken@example.com").upsert());

        assertThat(result.get(0)).isEqualTo(RecordOutcome.APPLIED);
        assertThat(fixture.hubspot.find("contacts", "stripe_customer_id", "cus_Link00001").orElseThrow().id()).isEqualTo(existing);
        assertThat(result.get(1).status()).isEqualTo(RecordOutcome.Status.REJECTED);
        assertThat(result.get(1).detail()).contains("CONFLICT", "already linked to cus_Other0001");
    }

    @Test
    void theTenSecondlyLimitIsWaitedOutAndRetried() {
        SinkConnector connector = open();
        fixture.hubspot.failNext(Fault.tenSecondly().header("X-HubSpot-RateLimit-Interval-Milliseconds", "300"));

        long started = System.nanoTime();
        assertThat(write(connector, TestRecords.customer("cus_Limited01").upsert()).outcomes()).containsExactly(RecordOutcome.APPLIED);

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        assertThat(fixture.hubspot.count("429")).isEqualTo(1);
    }

    @Test
    void theRealTenSecondWindowIsNeverExceeded_soNo429IsProvoked() {
        fixture.hubspot.tenSecondlyLimit(20);
        SinkConnector connector = fixture.open(Map.of("max-requests-per-10s", 20));
        List<SyncRecord> records = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            records.add(TestRecords.customer(String.format("cus_Paced%05d", i)).version(100).upsert());
        }

        assertThat(connector.write(new RecordBatch(records)).block(HubSpotFixture.WAIT).fullyAcknowledged()).isTrue();

        assertThat(fixture.hubspot.count("429")).isZero();
        assertThat(fixture.hubspot.peakRequestsPerWindow()).isLessThanOrEqualTo(18);
    }

    @Test
    void theDailyLimitStopsThePipelineWithoutRetrying() {
        SinkConnector connector = open();
        fixture.hubspot.failNext(Fault.daily());

        StepVerifier.create(connector.write(RecordBatch.of(TestRecords.customer("cus_Daily0001").upsert())))
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(PermanentConnectorException.class).hasMessageContaining("daily"))
                .verify(HubSpotFixture.WAIT);
        assertThat(fixture.hubspot.count("429")).isEqualTo(1);
    }

    @Test
    void aLockedAnswerIsRetriedAfterTwoSeconds() {
        SinkConnector connector = open();
        fixture.hubspot.failNext(Fault.locked());

        long started = System.nanoTime();
        assertThat(write(connector, TestRecords.customer("cus_Locked001").upsert()).outcomes()).containsExactly(RecordOutcome.APPLIED);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void temporaryServerErrorsAndMigrationsAreRetried() {
        SinkConnector connector = open();
        fixture.hubspot.failNext(Fault.serverError(502), Fault.serverError(503), Fault.migrating(1).header("Retry-After", "0"));

        assertThat(write(connector, TestRecords.customer("cus_Flaky0001").upsert()).outcomes()).containsExactly(RecordOutcome.APPLIED);
        assertThat(fixture.hubspot.count("502") + fixture.hubspot.count("503") + fixture.hubspot.count("477")).isEqualTo(3);
    }

    @Test
    void serverErrorsBeyondMaxRetriesFailTheBatchRetriably() {
        SinkConnector connector = open();
        fixture.hubspot.failNext(Fault.serverError(504).header("Retry-After", "0"), Fault.serverError(504).header("Retry-After", "0"),
                Fault.serverError(504).header("Retry-After", "0"), Fault.serverError(504).header("Retry-After", "0"));

        StepVerifier.create(connector.write(RecordBatch.of(TestRecords.customer("cus_Down00001").upsert())))
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(RetriableConnectorException.class).hasMessageContaining("504"))
                .verify(HubSpotFixture.WAIT);
    }

    @Test
    void aSupportCaseErrorIsPermanent() {
        SinkConnector connector = open();
        fixture.hubspot.failNext(Fault.serverError(522));

        StepVerifier.create(connector.write(RecordBatch.of(TestRecords.customer("cus_Support01").upsert())))
                .expectError(PermanentConnectorException.class)
                .verify(HubSpotFixture.WAIT);
    }

    @Test
    void deletesArchiveByDefault_clearOrIgnoreWhenConfigured() {
        SinkConnector archive = open();
        write(archive, TestRecords.customer("cus_Delete001").version(100).upsert());
        write(archive, TestRecords.customer("cus_Delete001").version(200).delete());
        HubSpotRecord archived = fixture.hubspot.find("contacts", "stripe_customer_id", "cus_Delete001").orElseThrow();
        assertThat(archived.archived()).isTrue();
        assertThat(archived.properties()).containsEntry("syncline_deleted", "true").containsEntry("syncline_version", "200");

        SinkConnector clear = fixture.open(Map.of("mappings", Map.of("customer", Map.of("object", "contacts", "on-delete", "clear"))));
        write(clear, TestRecords.customer("cus_Delete002").version(100).upsert());
        write(clear, TestRecords.customer("cus_Delete002").version(200).delete());
        HubSpotRecord cleared = fixture.hubspot.find("contacts", "stripe_customer_id", "cus_Delete002").orElseThrow();
        assertThat(cleared.archived()).isFalse();
        assertThat(cleared.properties()).doesNotContainKeys("email", "firstname", "city").containsEntry("syncline_deleted", "true");

        SinkConnector ignore = fixture.open(Map.of("mappings", Map.of("customer", Map.of("object", "contacts", "on-delete", "ignore"))));
        write(ignore, TestRecords.customer("cus_Delete003").version(100).upsert());
        write(ignore, TestRecords.customer("cus_Delete003").version(200).delete());
        HubSpotRecord kept = fixture.hubspot.find("contacts", "stripe_customer_id", "cus_Delete003").orElseThrow();
        assertThat(kept.properties()).containsKey("email").containsEntry("syncline_deleted", "true");
        assertThat(write(ignore, TestRecords.customer("cus_Delete003").version(150).upsert()).outcomes()).containsExactly(RecordOutcome.STALE);
    }

    @Test
    void aTypeWithoutAMappingIsRejectedVisibly() {
        SinkConnector connector = open();
        SyncRecord invoice = SyncRecord.upsert(TestRecords.ACCOUNT, "invoice", "in_1", 100, dev.syncline.connector.record.Origin.EVENT,
                Map.of("id", "in_1"));

        BatchResult result = write(connector, invoice);

        assertThat(result.get(0).status()).isEqualTo(RecordOutcome.Status.REJECTED);
        assertThat(result.get(0).detail()).contains("no mapping for Stripe invoice", "pipelines[0].destination.mappings");
    }

    @Test
    void theFakeServesTheDateVersionedPathsLikeV3() {
        write(open(), TestRecords.customer("cus_Dated0001").upsert());
        byte[] body = Json.write(Map.of("idProperty", "stripe_customer_id", "properties", List.of("email"),
                "inputs", List.of(Map.of("id", "cus_Dated0001")))).getBytes(java.nio.charset.StandardCharsets.UTF_8);

        dev.syncline.connector.http.HttpResponse response = fixture.context.http().exchange(dev.syncline.connector.http.HttpRequest.post(
                fixture.hubspot.url() + "crm/objects/2026-03/contacts/batch/read",
                Map.of("Authorization", "Bearer " + dev.syncline.testkit.hubspot.FakeHubSpot.TOKEN, "Content-Type", "application/json"), body))
                .block(HubSpotFixture.WAIT);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.bodyText()).contains("jenny.rosen+cus_dated0001@example.com");
        assertThat(response.header("X-HubSpot-RateLimit-Max")).contains("100");
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> inputs(RecordedRequest request) {
        return (List<Map<String, Object>>) Json.parseObject(request.body()).get("inputs");
    }

    private static Map<String, Object> firstInput(RecordedRequest request) {
        return inputs(request).get(0);
    }
}
