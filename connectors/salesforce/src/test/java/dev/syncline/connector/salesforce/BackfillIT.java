package dev.syncline.connector.salesforce;

import static org.assertj.core.api.Assertions.assertThat;

import dev.syncline.connector.record.Origin;
import dev.syncline.connector.record.SyncRecord;
import dev.syncline.connector.spi.RecordBatch;
import dev.syncline.connector.spi.RecordOutcome;
import dev.syncline.sim.StripeSimulator;
import dev.syncline.testkit.salesforce.Endpoint;
import dev.syncline.testkit.salesforce.FakeSalesforce;
import java.math.BigDecimal;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A backfill of the simulator's customers into the fake org, in batches of 1,000 (a pipeline's
 * {@code batch-size: 1000}): every customer ends up as exactly one Account and one Contact with its mapped fields, the
 * run switches to Bulk API 2.0 once it passes bulk-threshold, and no request breaks a limit.
 */
class BackfillIT {
    private static final int CUSTOMERS = 3_000;
    private static final int BATCH = 1_000;

    @Test
    void everyCustomerIsPresentOnce_withItsMappedFields_andTheBulkApiCarriesTheRun() {
        try (StripeSimulator sim = StripeSimulator.builder().customers(CUSTOMERS).objectTypes("customer").seed(7).start();
             FakeSalesforce org = Fixtures.org()) {
            List<Map<String, Object>> customers = sim.groundTruth().objects("customer");
            SalesforceSinkConnector connector = Fixtures.open(org, Map.of());
            long applied = 0;
            for (int from = 0; from < customers.size(); from += BATCH) {
                List<SyncRecord> batch = customers.subList(from, Math.min(customers.size(), from + BATCH)).stream()
                        .map(c -> SyncRecord.upsert(sim.accountId(), "customer", (String) c.get("id"), 1_767_000_000L, Origin.BACKFILL, c))
                        .toList();
                applied += connector.write(new RecordBatch(batch)).block(Fixtures.WAIT).count(RecordOutcome.Status.APPLIED);
            }

            assertThat(applied).isEqualTo(CUSTOMERS);
            assertThat(org.records("Account")).hasSize(CUSTOMERS);
            assertThat(org.records("Contact")).hasSize(CUSTOMERS);
            Set<Object> ids = new HashSet<>();
            org.records("Account").forEach(a -> assertThat(ids.add(a.get("Stripe_Customer_Id__c"))).as("duplicate Account").isTrue());
            for (Map<String, Object> c : customers) {
                String id = (String) c.get("id");
                var account = org.record("Account", "Stripe_Customer_Id__c", id).orElseThrow();
                var contact = org.record("Contact", "Stripe_Customer_Id__c", id).orElseThrow();
                Object name = c.get("name") != null ? c.get("name") : c.get("email") != null ? c.get("email") : id;
                assertThat(account.get("Name")).isEqualTo(name);
                assertThat(account.get("Stripe_Currency__c")).isEqualTo(c.get("currency"));
                if (c.get("balance") instanceof Number balance && c.get("currency") != null) {
                    assertThat((BigDecimal) account.get("Stripe_Balance__c")).isEqualByComparingTo(
                            Transform.major(new BigDecimal(balance.toString()), (String) c.get("currency")));
                }
                if (c.get("address") instanceof Map<?, ?> address) {
                    assertThat(account.get("BillingCity")).isEqualTo(address.get("city"));
                }
                assertThat(contact.get("Email")).isEqualTo(c.get("email"));
                assertThat(contact.get("AccountId")).isEqualTo(account.get("Id"));
                assertThat(Objects.toString(account.get("Stripe_Version__c"))).isEqualTo("1767000000");
            }
            // The first 1,000 through Collections; the batch that takes the run to 2,000 and the next through Bulk,
            // one job per sObject each.
            assertThat(org.bulkJobs()).isEqualTo(4);
            assertThat(org.largestCollectionsBatch()).isLessThanOrEqualTo(200);
            assertThat(org.count(Endpoint.COLLECTIONS_UPSERT)).isEqualTo(2 * 5);
            assertThat(org.apiUsage()).isLessThan(60);
        }
    }
}
