package dev.syncline.runner.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.syncline.connector.http.GuardedHttpClient;
import dev.syncline.connector.policy.AccessPolicy;
import dev.syncline.connector.policy.PermissionCatalog;
import dev.syncline.connector.record.Origin;
import dev.syncline.connector.record.SyncRecord;
import dev.syncline.runner.catalog.ListPass;
import dev.syncline.runner.catalog.StripeObjectType;
import dev.syncline.testkit.TestSinkContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** One pipeline's policy at the source, at fan-out and on nested objects, and the intake's event policy. */
class PipelinePolicyTest {
    private final TestSinkContext metrics = TestSinkContext.withTestSchemas();
    private final AccessPolicy access = AccessPolicy.granting(PermissionCatalog.standard(),
            Set.of("customer_read", "charge_read", "plan_read", "event_read"));

    private PipelinePolicy policy(@Nullable Set<String> routed, Map<String, List<String>> expansions) {
        return new PipelinePolicy("crm", access, routed, expansions, new PolicyAudit("crm", metrics.metrics()), GuardedHttpClient.denyingAll());
    }

    @Test
    void sources_leaveOutDeniedTypes_andCarryExpansionsOnEveryListPass() {
        List<StripeObjectType> sources = policy(null, Map.of("customer", List.of("subscriptions", "default_source"), "price", List.of("product")))
                .sources(List.of("customer", "subscription", "price"));

        assertThat(sources).extracting(StripeObjectType::name).containsExactly("customer", "price");
        assertThat(sources.get(0).passes()).singleElement().extracting(ListPass::params)
                .isEqualTo(Map.of("expand[0]", "data.subscriptions", "expand[1]", "data.default_source"));
        assertThat(sources.get(1).passes()).hasSize(2)
                .allSatisfy(pass -> assertThat(pass.params()).containsEntry("expand[0]", "data.product").containsKey("active"));
        assertThat(metrics.counter(PolicyAudit.METRIC, "stage", "source", "object_type", "subscription", "reason", "permission")).isEqualTo(1);
    }

    @Test
    void fanOut_dropsTypesThePipelineMayNotReceive_andCountsEachRecord() {
        PipelinePolicy policy = policy(Set.of("customer"), Map.of());

        assertThat(policy.permit(record("charge", "ch_1", Map.of()))).isEmpty();
        assertThat(policy.permit(record("charge", "ch_2", Map.of()))).isEmpty();
        assertThat(policy.permit(record("subscription", "sub_1", Map.of()))).isEmpty();
        assertThat(policy.permit(record("customer", "cus_1", Map.of()))).isPresent();

        assertThat(metrics.counter(PolicyAudit.METRIC, "stage", "fanout", "object_type", "charge", "reason", "route")).isEqualTo(2);
        assertThat(metrics.counter(PolicyAudit.METRIC, "stage", "fanout", "object_type", "subscription", "reason", "permission")).isEqualTo(1);
    }

    @Test
    void nestedObjectsOfDeniedTypesAreCutToTheirIds_allowedOnesStay_listsAreJudgedByElement() {
        Map<String, @Nullable Object> subscription = Map.of("id", "sub_1", "object", "subscription", "status", "active");
        Map<String, @Nullable Object> charge = Map.of("id", "ch_1", "object", "charge", "amount", 100L);
        Map<String, @Nullable Object> payload = new LinkedHashMap<>();
        payload.put("subscriptions", Map.of("object", "list", "data", List.of(subscription, "sub_2"), "has_more", false));
        payload.put("latest_charge", charge);
        payload.put("invoice_settings", Map.of("custom_fields", List.of()));
        payload.put("test_clock", Map.of("object", "test_helpers.test_clock", "id", "clock_1"));

        SyncRecord permitted = policy(null, Map.of()).permit(record("customer", "cus_1", payload)).orElseThrow();

        assertThat(permitted.payload().get("subscriptions")).isEqualTo(Map.of("object", "list", "data", List.of("sub_1", "sub_2"), "has_more", false));
        assertThat(permitted.payload().get("latest_charge")).isEqualTo(charge);
        assertThat(permitted.payload().get("test_clock")).isEqualTo("clock_1");
        assertThat(permitted.payload().get("invoice_settings")).isEqualTo(payload.get("invoice_settings"));
        assertThat(metrics.counter(PolicyAudit.METRIC, "stage", "nested", "object_type", "subscription", "reason", "permission")).isEqualTo(1);
    }

    @Test
    void aRecordWithNothingToCutIsPassedOnAsItIs() {
        SyncRecord record = record("customer", "cus_1", Map.of("email", "a@example.com"));

        assertThat(policy(null, Map.of()).permit(record)).containsSame(record);
    }

    @Test
    void intake_admitsEventsOfReadableTypes_andDropsAndCountsTheRest() {
        EventPolicy events = new EventPolicy(access, new PolicyAudit("intake", metrics.metrics()));

        assertThat(events.admit("customer.updated")).isTrue();
        assertThat(events.admit("charge.refund.updated")).isTrue();
        assertThat(events.admit("customer.subscription.created")).isFalse();
        assertThat(events.admit("customer.subscription.deleted")).isFalse();
        assertThat(events.admit("treasury.received_credit.created")).isFalse();
        assertThat(events.decide("customer.subscription.created").permission()).isEqualTo(Optional.of("subscription_read"));

        assertThat(metrics.counter(PolicyAudit.METRIC, "stage", "intake", "object_type", "subscription", "reason", "permission")).isEqualTo(2);
        assertThat(metrics.counter(PolicyAudit.METRIC, "stage", "intake", "object_type", "treasury.received_credit.created", "reason", "unknown"))
                .isEqualTo(1);
    }

    private static SyncRecord record(String type, String id, Map<String, @Nullable Object> payload) {
        return SyncRecord.upsert("acct_1", type, id, 100, Origin.BACKFILL, payload);
    }
}
