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
 * earlier customer already holds (HubSpot keeps one contact per email) are contacts too, without
 * {@code email} and with {@code stripe_email}, and exactly those are counted as email conflicts.
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
            Set<Integer> chunksWithConflicts = new HashSet<>();
            for (int i = 0; i < customers.size(); i++) {
                if (!seenEmails.add(String.valueOf(customers.get(i).get("email")))) {
                    duplicateEmail.add((String) customers.get(i).get("id"));
                    chunksWithConflicts.add(i / 100);
                }
            }
            assertThat(duplicateEmail).as("the simulator has customers sharing an email").isNotEmpty();
            Map<String, List<HubSpotRecord>> byStripeId = fixture.hubspot.records("contacts").stream()
                    .collect(Collectors.groupingBy(r -> r.property("stripe_customer_id").orElse("")));
            TargetMapping contacts = DefaultMappings.all().get("customer").get(0);
            for (Map<String, Object> customer : customers) {
                String id = (String) customer.get("id");
                assertThat(outcomes.get(id)).as(id).isEqualTo(RecordOutcome.APPLIED);
                assertThat(byStripeId.get(id)).as("contacts of %s", id).hasSize(1);
                Map<String, String> stored = byStripeId.get(id).get(0).properties();
                Map<String, String> expected = new HashMap<>(Projection.of(contacts, customer));
                if (duplicateEmail.contains(id)) {
                    // HubSpot keeps one contact per email: the earlier customer holds it, this one keeps it in stripe_email.
                    expected.put("stripe_email", expected.remove("email"));
                    assertThat(stored).as(id).doesNotContainKey("email");
                }
                expected.forEach((property, value) ->
                        assertThat(stored.getOrDefault(property, "")).as("%s of %s", property, id).isEqualTo(value));
            }
            assertThat(fixture.hubspot.records("contacts")).hasSize(CUSTOMERS);
            assertThat(fixture.context.counter(EmailConflicts.METRIC, "object", "contacts")).isEqualTo(duplicateEmail.size());
            assertThat(fixture.hubspot.count("429")).isZero();
            assertThat(fixture.hubspot.peakRequestsPerWindow()).isLessThanOrEqualTo(100);
            // One more upsert per chunk holding conflicts, of those inputs only; no read for them (this instance wrote the holders).
            int chunks = (CUSTOMERS + 99) / 100;
            assertThat(fixture.hubspot.count("batch/upsert")).isEqualTo(chunks + chunksWithConflicts.size());
            assertThat(fixture.hubspot.count("batch/read")).isEqualTo(2 * chunks);
        }
    }
}
