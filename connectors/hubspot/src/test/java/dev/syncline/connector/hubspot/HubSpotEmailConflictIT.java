package dev.syncline.connector.hubspot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.syncline.connector.record.Json;
import dev.syncline.connector.record.SyncRecord;
import dev.syncline.connector.spi.BatchResult;
import dev.syncline.connector.spi.RecordBatch;
import dev.syncline.connector.spi.RecordOutcome;
import dev.syncline.connector.spi.SinkConnector;
import dev.syncline.testkit.TestRecords;
import dev.syncline.testkit.http.RecordedRequest;
import dev.syncline.testkit.hubspot.HubSpotRecord;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two Stripe customers sharing an email against the fake HubSpot, which keeps one contact per
 * email and answers the second with a 207 {@code CONFLICT}: under the default
 * {@code on-email-conflict: omit-email} both become contacts, the later one without {@code email}
 * (kept in {@code stripe_email}); under {@code reject} the later one is refused as before.
 */
class HubSpotEmailConflictIT {
    private static final String SHARED = "shared@example.com";
    private final HubSpotFixture fixture = new HubSpotFixture();

    @AfterEach
    void stop() {
        fixture.close();
    }

    private SinkConnector open(String mode) {
        return fixture.open(Map.of("max-requests-per-10s", 250,
                "mappings", Map.of("customer", Map.of("object", "contacts", "on-email-conflict", mode))));
    }

    private static BatchResult write(SinkConnector connector, SyncRecord... records) {
        return connector.write(RecordBatch.of(records)).block(HubSpotFixture.WAIT);
    }

    private HubSpotRecord contact(String customer) {
        return fixture.hubspot.find("contacts", "stripe_customer_id", customer).orElseThrow();
    }

    private List<RecordedRequest> upserts() {
        return fixture.hubspot.server().requests().stream().filter(r -> r.uri().contains("batch/upsert")).toList();
    }

    @Test
    void bothCustomersArePresent_theLaterOneWithoutEmailButWithStripeEmail_andARedeliveryIsUnchanged() {
        SinkConnector connector = open("omit-email");
        SyncRecord first = TestRecords.customer("cus_Shared0001").version(100).set("email", SHARED).upsert();
        SyncRecord second = TestRecords.customer("cus_Shared0002").version(100).set("email", SHARED).set("name", "Second Person").upsert();
        SyncRecord other = TestRecords.customer("cus_Alone00001").version(100).upsert();

        BatchResult result = write(connector, first, second, other);

        assertThat(result.outcomes()).containsOnly(RecordOutcome.APPLIED);
        assertThat(fixture.hubspot.records("contacts")).hasSize(3);
        assertThat(contact("cus_Shared0001").properties()).containsEntry("email", SHARED).doesNotContainKey("stripe_email");
        assertThat(contact("cus_Shared0002").properties()).doesNotContainKey("email")
                .containsEntry("stripe_email", SHARED).containsEntry("firstname", "Second").containsEntry("syncline_version", "100");
        assertThat(fixture.context.counter(EmailConflicts.METRIC, "object", "contacts")).isEqualTo(1);
        // The retry carries only the conflicting input: the holder was written by this instance, so no read.
        assertThat(upserts()).hasSize(2);
        assertThat(inputs(upserts().get(1))).singleElement().satisfies(i -> assertThat(i.get("id")).isEqualTo("cus_Shared0002"));
        assertThat(fixture.hubspot.server().requests().stream().filter(r -> r.uri().contains("batch/read")).count())
                .as("the two reads of what HubSpot holds, nothing for the conflict").isEqualTo(2);

        int before = fixture.hubspot.count("total");
        assertThat(write(connector, first, second, other).outcomes()).containsOnly(RecordOutcome.UNCHANGED);
        assertThat(fixture.hubspot.count("total")).as("a redelivery sends nothing").isEqualTo(before);
    }

    @Test
    void afterARestartARedeliveryIsUnchangedAndAnOlderStateStale_theStampsHoldForTheContactWithoutEmail() {
        write(open("omit-email"), TestRecords.customer("cus_Shared0001").version(100).set("email", SHARED).upsert(),
                TestRecords.customer("cus_Shared0002").version(200).set("email", SHARED).upsert());

        SinkConnector restarted = open("omit-email");
        BatchResult again = write(restarted, TestRecords.customer("cus_Shared0002").version(200).set("email", SHARED).upsert(),
                TestRecords.customer("cus_Shared0002").version(150).set("email", SHARED).upsert());

        assertThat(again.outcomes()).containsExactly(RecordOutcome.UNCHANGED, RecordOutcome.STALE);
        assertThat(contact("cus_Shared0002").properties()).doesNotContainKey("email").containsEntry("stripe_email", SHARED);
    }

    @Test
    void aContactWithoutEmailTakesANewEmailOnceItIsFree_andItsStripeEmailIsCleared() {
        SinkConnector connector = open("omit-email");
        write(connector, TestRecords.customer("cus_Shared0001").version(100).set("email", SHARED).upsert(),
                TestRecords.customer("cus_Shared0002").version(100).set("email", SHARED).upsert());

        BatchResult changed = write(connector, TestRecords.customer("cus_Shared0002").version(200).set("email", "own@example.com").upsert());

        assertThat(changed.outcomes()).containsExactly(RecordOutcome.APPLIED);
        assertThat(contact("cus_Shared0002").properties()).containsEntry("email", "own@example.com").doesNotContainKey("stripe_email");
    }

    @Test
    void underRejectTheLaterCustomerIsRefusedWithHubSpotsConflict() {
        SinkConnector connector = open("reject");

        BatchResult result = write(connector, TestRecords.customer("cus_Shared0001").set("email", SHARED).upsert(),
                TestRecords.customer("cus_Shared0002").set("email", SHARED).upsert());

        assertThat(result.get(0)).isEqualTo(RecordOutcome.APPLIED);
        assertThat(result.get(1).status()).isEqualTo(RecordOutcome.Status.REJECTED);
        assertThat(result.get(1).detail()).contains("CONFLICT", "already linked to cus_Shared0001");
        assertThat(fixture.hubspot.find("contacts", "stripe_customer_id", "cus_Shared0002")).isEmpty();
        assertThat(fixture.context.counter(EmailConflicts.METRIC, "object", "contacts")).isZero();
        assertThat(upserts()).hasSize(1);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> inputs(RecordedRequest request) {
        return (List<Map<String, Object>>) Json.parseObject(request.body()).get("inputs");
    }
}
