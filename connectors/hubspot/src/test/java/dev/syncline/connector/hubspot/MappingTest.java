package dev.syncline.connector.hubspot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.syncline.connector.config.ConfigProblem;
import dev.syncline.testkit.TestRecords;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The default mappings, the transforms, and configuration problems reported with their YAML paths. */
class MappingTest {
    private static final String PATH = "pipelines[0].destination";

    @Test
    void aCustomerBecomesAContactWithTheReferenceMapping() {
        Map<String, String> contact = Projection.of(DefaultMappings.all().get("customer").get(0),
                TestRecords.customer("cus_Map0001").set("balance", -2550L).set("delinquent", true).payload());

        assertThat(contact).containsEntry("email", "jenny.rosen+cus_map0001@example.com")
                .containsEntry("firstname", "Jenny").containsEntry("lastname", "Rosen")
                .containsEntry("phone", "+493012345678").containsEntry("address", "Torstraße 1")
                .containsEntry("city", "Berlin").containsEntry("zip", "10119").containsEntry("country", "DE")
                .containsEntry("state", "")
                .containsEntry("stripe_created_at", "2025-11-14T22:13:20Z").containsEntry("stripe_delinquent", "true")
                .containsEntry("stripe_balance", "-25.50").containsEntry("stripe_currency", "EUR")
                .doesNotContainKey("stripe_customer_id");
    }

    @Test
    void aSubscriptionBecomesADealWithItsRecurringAmountInMajorUnits() {
        Map<String, String> deal = Projection.of(DefaultMappings.all().get("subscription").get(0),
                TestRecords.subscription("sub_Map0001").payload());

        assertThat(deal).containsEntry("dealname", "Stripe subscription sub_Map0001").containsEntry("pipeline", "default")
                .containsEntry("dealstage", "closedwon").containsEntry("amount", "87.00")
                .containsEntry("deal_currency_code", "EUR").containsEntry("closedate", "2025-11-14T22:13:20Z")
                .containsEntry("stripe_customer_id", "cus_TestCustomer01");
    }

    @Test
    void zeroAndThreeDecimalCurrenciesKeepTheirExponent() {
        assertThat(Currencies.major(new java.math.BigDecimal(500), "jpy")).isEqualTo("500");
        assertThat(Currencies.major(new java.math.BigDecimal(1234), "kwd")).isEqualTo("1.234");
        assertThat(Currencies.major(new java.math.BigDecimal(2900), "usd")).isEqualTo("29.00");
    }

    @Test
    void transformsOfNamesDatesAndDomains() {
        Map<String, Object> payload = Map.of("name", "Ada", "created", 1_763_158_400L, "email", "ada@Lovelace.io", "free", "x@gmail.com");
        assertThat(Projection.value(PropertyMapping.of("l", "name", Transform.REST_WORDS), payload)).isEqualTo("Ada");
        assertThat(Projection.value(PropertyMapping.of("d", "created", Transform.DATE), payload)).isEqualTo("2025-11-14");
        assertThat(Projection.value(PropertyMapping.of("d", "email", Transform.EMAIL_DOMAIN), payload)).isEqualTo("lovelace.io");
        assertThat(Projection.value(PropertyMapping.of("d", "free", Transform.EMAIL_DOMAIN), payload)).isEmpty();
        assertThat(Projection.value(PropertyMapping.of("d", "missing.deep"), payload)).isEmpty();
    }

    @Test
    void configuredPropertiesMergeOverTheDefaults_andNoneRemovesOne() {
        MappingParser.Result result = MappingParser.parse(Map.of("customer", List.of(
                Map.of("object", "contacts", "properties", Map.of("phone", "none", "stripe_segment", "metadata.segment")),
                Map.of("object", "companies", "on-delete", "ignore"))));

        assertThat(result.problems()).isEmpty();
        List<TargetMapping> targets = result.mappings().get("customer");
        assertThat(targets.get(0).propertyNames()).contains("email", "stripe_segment").doesNotContain("phone");
        assertThat(targets.get(1).object()).isEqualTo("companies");
        assertThat(targets.get(1).onDelete()).isEqualTo(OnDelete.IGNORE);
        assertThat(result.mappings().get("subscription").get(0).object()).isEqualTo("deals");
    }

    @Test
    void everyMappingProblemIsReportedWithItsPath_andTheTokenIsHidden() {
        Map<String, Object> block = Map.of("type", "hubspot", "token", "pat-na1-secret", "tier", "gold", "url", "http://api.hubapi.com/",
                "mappings", Map.of(
                        "customer", Map.of("object", "contacts", "on-delete", "purge",
                                "properties", Map.of("city", Map.of("path", "address.city", "transform", "titlecase"))),
                        "invoice", Map.of("object", "invoices")));

        List<ConfigProblem> problems = new HubSpotConnectorProvider().configSpec().validate(PATH, block);

        assertThat(problems).extracting(ConfigProblem::path)
                .containsExactlyInAnyOrder(PATH + ".url", PATH + ".tier", PATH + ".mappings");
        String mappings = problems.stream().filter(p -> p.path().endsWith(".mappings")).findFirst().orElseThrow().reason();
        assertThat(mappings).contains("mappings.customer.on-delete: must be one of archive, clear, ignore")
                .contains("mappings.customer.properties.city.transform: must be one of")
                .contains("mappings.invoice.properties: is required");
        assertThat(problems.toString()).doesNotContain("pat-na1-secret");
        assertThat(new HubSpotConnectorProvider().configSpec().validate(PATH, Map.of("type", "hubspot", "token", "")))
                .singleElement().satisfies(p -> assertThat(p.render()).isEqualTo(PATH + ".token: is required "
                        + "(the private app's access token (pat-…); use ${HUBSPOT_TOKEN})"));
    }

    @Test
    void theTierSetsTheBudget_andABareOriginGetsTheCrmPath() {
        HubSpotSettings settings = HubSpotSettings.from(HubSpotFixture.config("https://api.hubapi.com", Map.of("tier", "professional")));
        assertThat(settings.requestsPerTenSeconds()).isEqualTo(190);
        assertThat(settings.url()).isEqualTo("https://api.hubapi.com/crm/");
        assertThat(settings.toString()).doesNotContain(dev.syncline.testkit.hubspot.FakeHubSpot.TOKEN);
        assertThat(HubSpotSettings.from(HubSpotFixture.config("https://api.hubapi.com/crm/", Map.of("max-requests-per-10s", 50)))
                .requestsPerTenSeconds()).isEqualTo(50);
    }
}
