package dev.syncline.connector.salesforce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.syncline.connector.config.ConfigProblem;
import dev.syncline.connector.config.InvalidConfigurationException;
import dev.syncline.connector.record.SyncRecord;
import dev.syncline.testkit.TestRecords;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The mappings block: defaults, field paths, transforms, deletes, and problems with their YAML paths. */
class MappingsTest {
    private static final String BASE = "pipelines[0].destination.mappings";

    private static Mappings parse(Object raw, List<ConfigProblem> problems) {
        return Mappings.parse(BASE, raw, problems);
    }

    @Test
    void defaultsWriteCustomersToAccountThenContact_andSubscriptionsToOpportunity() {
        Mappings mappings = parse(null, new ArrayList<>());
        assertThat(mappings.targets("customer")).extracting(TargetMapping::sObject).containsExactly("Account", "Contact");
        assertThat(mappings.targets("subscription")).extracting(TargetMapping::sObject).containsExactly("Opportunity");
        assertThat(mappings.targets("customer").get(0).externalIdField()).isEqualTo("Stripe_Customer_Id__c");
        assertThat(mappings.targets("invoice")).isEmpty();
    }

    @Test
    void aCustomerMapsToAccountAndContactFields() {
        SyncRecord customer = TestRecords.customer("cus_Map0001").set("balance", -2550L).set("address",
                Map.of("line1", "Torstraße 1", "line2", "Hinterhaus", "city", "Berlin", "country", "DE")).upsert();
        Mappings mappings = parse(null, new ArrayList<>());
        Map<String, Object> account = RecordMapper.upsert(mappings.targets("customer").get(0), customer);
        Map<String, Object> contact = RecordMapper.upsert(mappings.targets("customer").get(1), customer);

        assertThat(account).containsEntry("Stripe_Customer_Id__c", "cus_Map0001").containsEntry("Name", "Jenny Rosen")
                .containsEntry("BillingStreet", "Torstraße 1\nHinterhaus").containsEntry("BillingCity", "Berlin")
                .containsEntry("Stripe_Balance__c", new BigDecimal("-25.50")).containsEntry("Stripe_Currency__c", "eur")
                .containsEntry("Stripe_Created__c", "2025-11-14T22:13:20.000+0000").containsEntry("Stripe_Delinquent__c", false);
        assertThat(contact).containsEntry("FirstName", "Jenny").containsEntry("LastName", "Rosen")
                .containsEntry("Email", "jenny.rosen+cus_map0001@example.com")
                .containsEntry("Account", Map.of("Stripe_Customer_Id__c", "cus_Map0001"));
    }

    @Test
    void requiredNamesFallBackToTheEmail_thenTheId() {
        Mappings mappings = parse(null, new ArrayList<>());
        SyncRecord noName = TestRecords.customer("cus_Map0002").set("name", null).upsert();
        SyncRecord nothing = TestRecords.customer("cus_Map0003").set("name", null).set("email", null).upsert();
        assertThat(RecordMapper.upsert(mappings.targets("customer").get(0), noName)).containsEntry("Name", "jenny.rosen+cus_map0002@example.com");
        assertThat(RecordMapper.upsert(mappings.targets("customer").get(1), noName)).containsEntry("LastName", "jenny.rosen+cus_map0002")
                .containsEntry("FirstName", null);
        assertThat(RecordMapper.upsert(mappings.targets("customer").get(0), nothing)).containsEntry("Name", "cus_Map0003");
    }

    @Test
    void aSubscriptionMapsToAnOpportunityOfItsCustomersAccount() {
        Map<String, Object> opportunity = RecordMapper.upsert(parse(null, new ArrayList<>()).targets("subscription").get(0),
                TestRecords.subscription("sub_Map0001").upsert());
        assertThat(opportunity).containsEntry("Stripe_Subscription_Id__c", "sub_Map0001").containsEntry("Name", "sub_Map0001")
                .containsEntry("StageName", "Closed Won").containsEntry("CloseDate", "2025-11-14")
                .containsEntry("Amount", new BigDecimal("87.00"))
                .containsEntry("Account", Map.of("Stripe_Customer_Id__c", "cus_TestCustomer01"));
    }

    @Test
    void minorUnitsFollowTheCurrencyExponent() {
        assertThat(Transform.major(new BigDecimal(1999), "usd")).isEqualByComparingTo("19.99");
        assertThat(Transform.major(new BigDecimal(500), "JPY")).isEqualByComparingTo("500");
        assertThat(Transform.major(new BigDecimal(1234), "kwd")).isEqualByComparingTo("1.234");
        assertThat(Transform.DATE.apply(1_763_158_400L, null)).isEqualTo("2025-11-14");
    }

    @Test
    void aCustomMappingReplacesTheTypesTargets_withFieldPathsTransformsAndValues() {
        List<ConfigProblem> problems = new ArrayList<>();
        Mappings mappings = parse(Map.of("customer", Map.of("object", "Account", "on-delete", "clear", "fields", Map.of(
                "Name", Map.of("from", List.of("name", "email")),
                "BillingCity", "address.city",
                "Tier__c", Map.of("from", "metadata.segment", "values", Map.of("smb", "Small business"), "default", "Other")))), problems);
        assertThat(problems).isEmpty();
        TargetMapping account = mappings.targets("customer").get(0);
        assertThat(mappings.targets("customer")).hasSize(1);
        assertThat(account.onDelete()).isEqualTo(OnDelete.CLEAR);
        SyncRecord customer = TestRecords.customer("cus_Map0004").upsert();
        assertThat(RecordMapper.upsert(account, customer)).containsEntry("Tier__c", "Small business").containsEntry("BillingCity", "Berlin");
        assertThat(RecordMapper.tombstone(account, TestRecords.customer("cus_Map0004").delete(), Set.of("BillingCity", "Tier__c")))
                .containsOnlyKeys("Stripe_Customer_Id__c", "BillingCity", "Tier__c").containsEntry("BillingCity", null);
    }

    @Test
    void everyProblemIsReportedWithItsYamlPath() {
        List<ConfigProblem> problems = new ArrayList<>();
        parse(Map.of("customer", List.of(Map.of("object", "Account", "on-delete", "drop", "colour", "red",
                        "fields", Map.of("Amount", Map.of("from", "balance", "transform", "cents")))),
                "invoice", Map.of("object", "Stripe_Invoice__c")), problems);
        assertThat(problems).extracting(ConfigProblem::path).containsExactlyInAnyOrder(
                BASE + ".customer[0].colour", BASE + ".customer[0].on-delete", BASE + ".customer[0].fields.Amount.transform",
                BASE + ".invoice.fields");
    }

    @Test
    void theProviderReportsNestedProblemsAndMissingAuthKeysAtStartup_withSecretsHidden() {
        var spec = new SalesforceConnectorProvider().configSpec();
        List<ConfigProblem> problems = spec.validate("pipelines[0].destination", Map.of("type", "salesforce",
                "url", "http://acme.my.salesforce.com", "client-id", "id", "private-key", "not a key",
                "mappings", Map.of("customer", Map.of("object", "Account", "on-delete", "drop"))));
        assertThat(problems).extracting(ConfigProblem::path).containsExactlyInAnyOrder("pipelines[0].destination.url",
                "pipelines[0].destination.private-key", "pipelines[0].destination.mappings");
        assertThat(problems).filteredOn(p -> p.path().endsWith("private-key")).first().extracting(ConfigProblem::value).isEqualTo("[hidden]");
        assertThat(problems).filteredOn(p -> p.path().endsWith("mappings")).first().extracting(ConfigProblem::reason).asString()
                .contains("mappings.customer.on-delete: must be one of archive, clear, ignore");

        assertThatThrownBy(() -> new SalesforceConnectorProvider().create(spec.parse("d", Map.of("url", "https://acme.my.salesforce.com",
                "client-id", "id", "auth", "jwt-bearer"))))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("d.username: is required for auth: jwt-bearer")
                .hasMessageContaining("d.private-key: is required for auth: jwt-bearer");
    }
}
