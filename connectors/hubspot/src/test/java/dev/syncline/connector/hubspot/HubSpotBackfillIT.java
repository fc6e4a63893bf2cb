package dev.syncline.connector.hubspot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.syncline.connector.record.Origin;
import dev.syncline.connector.record.SyncRecord;
import dev.syncline.connector.spi.BatchResult;
import dev.syncline.connector.spi.RecordBatch;
import dev.syncline.connector.spi.RecordOutcome;
import dev.syncline.connector.spi.SinkConnector;
import dev.syncline.sim.StripeSimulator;
import dev.syncline.testkit.hubspot.HubSpotRecord;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A backfill of the simulator's customers through the connector with the default mappings, in the
 * runner's batches of 500, under the real Starter limit of the fake: every customer is a contact
 * with its mapped fields, once, and no request is refused with 429. Customers whose email an
 * earlier customer already holds are refused by HubSpot (one contact per email) and must be
 * exactly the ones dead-lettered.
 */
class HubSpotBackfillIT {
    private static final int CUSTOMERS = 2_000;

    @Test
    void everyCustomerBecomesOneContactWithItsMappedFields_withinTheLimit() {
        List<Map<String, Object>> customers;
        String account;
        try (StripeSimulator simulator = StripeSimulator.builder().seed(11).customers(CUSTOMERS).objectTypes("customer").start()) {
            customers = simulator.groundTruth().objects("customer");
            account = simulator.accountId();
        }
        try (HubSpotFixture fixture = new HubSpotFixture()) {
            SinkConnector connector = fixture.open(Map.of());
            Map<String, RecordOutcome> outcomes = new HashMap<>();
            for (int from = 0; from < customers.size(); from += 500) {
                List<SyncRecord> batch = new ArrayList<>();
                for (Map<String, Object> customer : customers.subList(from, Math.min(customers.size(), from + 500))) {
                    batch.add(SyncRecord.upsert(account, "customer", (String) customer.get("id"), 1_800_000_000L, Origin.BACKFILL,
                            new HashMap<>(customer)));
                }
                BatchResult result = connector.write(new RecordBatch(batch)).block(HubSpotFixture.WAIT.multipliedBy(3));
                for (int i = 0; i < batch.size(); i++) {
                    outcomes.put(batch.get(i).key().id(), result.get(i));
                }
            }

            Set<String> seenEmails = new HashSet<>();
            Set<String> duplicateEmail = new HashSet<>();
            for (Map<String, Object> customer : customers) {
                if (!seenEmails.add(String.valueOf(customer.get("email")))) {
                    duplicateEmail.add((String) customer.get("id"));
                }
            }
            Map<String, List<HubSpotRecord>> byStripeId = fixture.hubspot.records("contacts").stream()
                    .collect(Collectors.groupingBy(r -> r.property("stripe_customer_id").orElse("")));
            TargetMapping contacts = DefaultMappings.all().get("customer").get(0);
            for (Map<String, Object> customer : customers) {
                String id = (String) customer.get("id");
                if (duplicateEmail.contains(id)) {
                    assertThat(outcomes.get(id).status()).as(id).isEqualTo(RecordOutcome.Status.REJECTED);
                    assertThat(outcomes.get(id).detail()).contains("CONFLICT");
                    assertThat(byStripeId).doesNotContainKey(id);
                    continue;
                }
                assertThat(outcomes.get(id)).as(id).isEqualTo(RecordOutcome.APPLIED);
                assertThat(byStripeId.get(id)).as("contacts of %s", id).hasSize(1);
                Map<String, String> stored = byStripeId.get(id).get(0).properties();
                Projection.of(contacts, customer).forEach((property, value) ->
                        assertThat(stored.getOrDefault(property, "")).as("%s of %s", property, id).isEqualTo(value));
            }
            assertThat(fixture.hubspot.count("429")).isZero();
            assertThat(fixture.hubspot.peakRequestsPerWindow()).isLessThanOrEqualTo(100);
            assertThat(fixture.hubspot.count("batch/upsert")).isEqualTo((CUSTOMERS + 99) / 100);
        }
    }
}
