package dev.syncline.testkit.hubspot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.syncline.connector.http.GuardedHttpClient;
import dev.syncline.connector.http.HttpRequest;
import dev.syncline.connector.http.HttpResponse;
import dev.syncline.connector.policy.EgressAllowList;
import dev.syncline.connector.record.Json;
import dev.syncline.testkit.http.TestCertificate;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The fake's contract, as the reference's §1.9 describes HubSpot: limits, bodies, headers, status codes. */
class FakeHubSpotIT {
    private final FakeHubSpot hubspot = FakeHubSpot.start();
    private final GuardedHttpClient http = GuardedHttpClient.builder(EgressAllowList.of(List.of(hubspot.url() + "crm/"), List.of()))
            .trustOnly(List.of(TestCertificate.localhost().certificate())).build();

    @AfterEach
    void stop() {
        http.close();
        hubspot.close();
    }

    private HttpResponse post(String path, Object body, String token) {
        return http.exchange(HttpRequest.post(hubspot.url() + path, Map.of("Authorization", "Bearer " + token,
                "Content-Type", "application/json"), Json.write(body).getBytes(StandardCharsets.UTF_8))).block(Duration.ofSeconds(30));
    }

    private HttpResponse post(String path, Object body) {
        return post(path, body, FakeHubSpot.TOKEN);
    }

    private static Map<String, Object> upsert(String id, Map<String, Object> properties) {
        return Map.of("idProperty", "email", "id", id, "objectWriteTraceId", id, "properties", properties);
    }

    @Test
    void anUnknownTokenIs401InvalidAuthentication() {
        HttpResponse response = post("crm/v3/objects/contacts/batch/upsert", Map.of("inputs", List.of()), "pat-na1-wrong");
        assertThat(response.status()).isEqualTo(401);
        assertThat(Json.parseObject(response.body())).containsEntry("category", "INVALID_AUTHENTICATION").containsKey("correlationId");
    }

    @Test
    void upsertCreatesThenUpdates_onBothPathPrefixes_withTheRateLimitHeaders() {
        HttpResponse created = post("crm/v3/objects/contacts/batch/upsert", Map.of("inputs", List.of(upsert("a@example.com", Map.of("firstname", "A")))));
        HttpResponse updated = post("crm/objects/2026-03/contacts/batch/upsert", Map.of("inputs", List.of(upsert("a@example.com", Map.of("firstname", "B")))));

        assertThat(created.status()).isEqualTo(200);
        assertThat(created.bodyText()).contains("\"new\":true");
        assertThat(updated.bodyText()).contains("\"new\":false");
        assertThat(hubspot.records("contacts")).singleElement().satisfies(r -> assertThat(r.properties()).containsEntry("firstname", "B"));
        assertThat(updated.header("X-HubSpot-RateLimit-Max")).contains("100");
        assertThat(updated.header("X-HubSpot-RateLimit-Remaining")).contains("98");
        assertThat(updated.header("X-HubSpot-RateLimit-Interval-Milliseconds")).contains("10000");
        assertThat(updated.header("X-HubSpot-RateLimit-Daily")).contains("250000");
    }

    @Test
    void batchLimits_duplicateIds_andPerInputErrors() {
        List<Map<String, Object>> many = new ArrayList<>();
        for (int i = 0; i < 101; i++) {
            many.add(upsert("u" + i + "@example.com", Map.of()));
        }
        assertThat(post("crm/v3/objects/contacts/batch/upsert", Map.of("inputs", many)).status()).isEqualTo(400);

        HttpResponse duplicates = post("crm/v3/objects/contacts/batch/upsert", Map.of("inputs",
                List.of(upsert("d@example.com", Map.of()), upsert("d@example.com", Map.of()))));
        assertThat(duplicates.status()).isEqualTo(400);
        assertThat(duplicates.bodyText()).contains("Duplicate IDs found in batch input: [d@example.com]. IDs must be unique");

        HttpResponse partial = post("crm/v3/objects/contacts/batch/upsert", Map.of("inputs",
                List.of(upsert("ok@example.com", Map.of()), upsert("x@example.com", Map.of("missing", "1")))));
        assertThat(partial.status()).isEqualTo(207);
        assertThat(partial.bodyText()).contains("PROPERTY_DOESNT_EXIST", "\"objectWriteTraceId\":[\"x@example.com\"]", "\"numErrors\":1");

        HttpResponse untraced = post("crm/v3/objects/contacts/batch/upsert", Map.of("inputs",
                List.of(Map.of("idProperty", "email", "id", "y@example.com", "properties", Map.of("missing", "1")))));
        assertThat(untraced.status()).isEqualTo(400);
    }

    @Test
    void propertiesAre201Then409() {
        Map<String, Object> property = Map.of("name", "stripe_customer_id", "label", "Stripe Customer ID", "type", "string",
                "fieldType", "text", "groupName", "contactinformation", "hasUniqueValue", true);
        assertThat(post("crm/v3/properties/contacts", property).status()).isEqualTo(201);
        assertThat(post("crm/v3/properties/contacts", property).status()).isEqualTo(409);
        assertThat(hubspot.properties("contacts").get("stripe_customer_id").hasUniqueValue()).isTrue();
    }

    @Test
    void associationTypeIdsAreCheckedAgainstTheirDirection() {
        String contact = hubspot.create("contacts", Map.of("email", "c@example.com"));
        String company = hubspot.create("companies", Map.of("name", "Acme"));
        Map<String, Object> pair = Map.of("from", Map.of("id", contact), "to", Map.of("id", company));

        assertThat(post("crm/v4/associations/contacts/companies/batch/create", Map.of("inputs", List.of(
                Map.of("from", Map.of("id", contact), "to", Map.of("id", company),
                        "types", List.of(Map.of("associationCategory", "HUBSPOT_DEFINED", "associationTypeId", 280)))))).status()).isEqualTo(207);
        assertThat(post("crm/v4/associations/contacts/companies/batch/associate/default", Map.of("inputs", List.of(pair))).status()).isEqualTo(200);
        assertThat(hubspot.associations()).containsExactly(new HubSpotAssociation("contacts", contact, "companies", company, 279));
    }

    @Test
    void theTenSecondWindowAnswersTheDocumented429_andTheDailyLimitItsOwn() {
        hubspot.tenSecondlyLimit(2);
        post("crm/v3/objects/contacts/batch/read", Map.of("inputs", List.of()));
        post("crm/v3/objects/contacts/batch/read", Map.of("inputs", List.of()));
        HttpResponse limited = post("crm/v3/objects/contacts/batch/read", Map.of("inputs", List.of()));

        assertThat(limited.status()).isEqualTo(429);
        assertThat(Json.parseObject(limited.body())).containsEntry("policyName", "TEN_SECONDLY_ROLLING")
                .containsEntry("errorType", "RATE_LIMIT").containsKeys("correlationId", "requestId", "message");
        assertThat(limited.header("X-HubSpot-RateLimit-Remaining")).contains("0");
        assertThat(hubspot.peakRequestsPerWindow()).isEqualTo(2);

        FakeHubSpot daily = FakeHubSpot.start().dailyLimit(0);
        try (GuardedHttpClient client = GuardedHttpClient.builder(EgressAllowList.of(List.of(daily.url() + "crm/"), List.of()))
                .trustOnly(List.of(TestCertificate.localhost().certificate())).build()) {
            HttpResponse response = client.exchange(HttpRequest.post(daily.url() + "crm/v3/objects/contacts/batch/read",
                    Map.of("Authorization", "Bearer " + FakeHubSpot.TOKEN), "{\"inputs\":[]}".getBytes(StandardCharsets.UTF_8))).block();
            assertThat(response.status()).isEqualTo(429);
            assertThat(response.bodyText()).contains("\"policyName\":\"DAILY\"", "You have reached your daily limit.");
        } finally {
            daily.close();
        }
    }

    @Test
    void faultsAreServedInOrder_andAtRequestN() {
        hubspot.failNext(Fault.locked()).failAtRequest(3, Fault.serverError(502));
        assertThat(post("crm/v3/objects/contacts/batch/read", Map.of("inputs", List.of())).status()).isEqualTo(423);
        assertThat(post("crm/v3/objects/contacts/batch/read", Map.of("inputs", List.of())).status()).isEqualTo(200);
        assertThat(post("crm/v3/objects/contacts/batch/read", Map.of("inputs", List.of())).status()).isEqualTo(502);
        assertThat(hubspot.count("423") + hubspot.count("502")).isEqualTo(2);
    }
}
