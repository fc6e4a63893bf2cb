package dev.syncline.runner.live;

import static org.assertj.core.api.Assertions.assertThat;

import dev.syncline.connector.record.Json;
import dev.syncline.connector.record.Operation;
import dev.syncline.connector.record.Origin;
import dev.syncline.runner.inbox.InboxEvent;
import dev.syncline.runner.inbox.StripeEvents;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The merge rules, one event at a time. */
class EventRecordsTest {
    private static final String PLATFORM = "acct_platform";
    private final EventRecords rules = new EventRecords(Set.of("customer", "subscription"), Set.of("subscription"), PLATFORM, 1_000);

    @Test
    void aSnapshotIsAnUpsertVersionedByTheEventsSecond() {
        EventRecords.Action action = rules.of(event("customer.updated", "customer", "cus_1", 2_000, Map.of("name", "Ada")));

        assertThat(action).isInstanceOfSatisfying(EventRecords.Deliver.class, deliver -> {
            assertThat(deliver.record().operation()).isEqualTo(Operation.UPSERT);
            assertThat(deliver.record().version()).isEqualTo(2_000);
            assertThat(deliver.record().origin()).isEqualTo(Origin.EVENT);
            assertThat(deliver.record().key().accountId()).as("the platform's events carry no account").isEqualTo(PLATFORM);
            assertThat(deliver.record().payload()).containsEntry("name", "Ada");
        });
    }

    @Test
    void aDeletedEventIsATombstone_whateverItsPayloadLooksLike() {
        assertThat(rules.of(event("customer.deleted", "customer", "cus_1", 2_000, Map.of("name", "Ada"))))
                .isInstanceOfSatisfying(EventRecords.Deliver.class, d -> assertThat(d.record().isDelete()).isTrue());
        assertThat(rules.of(event("customer.updated", "customer", "cus_1", 2_000, Map.of("deleted", true))))
                .as("a deleted stub").isInstanceOfSatisfying(EventRecords.Deliver.class, d -> assertThat(d.record().isDelete()).isTrue());
    }

    @Test
    void aSubscriptionDeletedEventIsTheCanceledSubscription_notADeletion() {
        EventRecords upsertOnly = new EventRecords(Set.of("subscription"), Set.of(), PLATFORM, 0);

        assertThat(upsertOnly.of(event("customer.subscription.deleted", "subscription", "sub_1", 2_000, Map.of("status", "canceled"))))
                .isInstanceOfSatisfying(EventRecords.Deliver.class, d -> {
                    assertThat(d.record().isDelete()).isFalse();
                    assertThat(d.record().payload()).containsEntry("status", "canceled");
                });
    }

    @Test
    void typesConfiguredForRefetching_andThinEvents_areNotices() {
        assertThat(rules.of(event("customer.subscription.updated", "subscription", "sub_1", 2_000, Map.of())))
                .isInstanceOfSatisfying(EventRecords.Refetch.class, r -> assertThat(r.after()).isEqualTo(1_999));
        InboxEvent thin = new InboxEvent("evt_thin", "acct_connected", "v1.customer.updated", "customer", "cus_2", 2_000,
                InboxEvent.Source.WEBHOOK, InboxEvent.Kind.NOTICE, "{}");
        assertThat(rules.of(thin)).isInstanceOfSatisfying(EventRecords.Refetch.class,
                r -> assertThat(r.key().accountId()).as("a connected account's event stays its own").isEqualTo("acct_connected"));
    }

    @Test
    void anEventFromBeforeTheInboxWasComplete_isRefetched() {
        assertThat(rules.of(event("customer.updated", "customer", "cus_1", 1_000, Map.of("name", "Late"))))
                .as("a late webhook from before the first cursor").isInstanceOf(EventRecords.Refetch.class);
        assertThat(rules.of(event("customer.updated", "customer", "cus_1", 1_001, Map.of("name", "After"))))
                .isInstanceOf(EventRecords.Deliver.class);
    }

    @Test
    void eventsAboutTypesThePipelineDoesNotSync_areSkipped() {
        assertThat(rules.of(event("invoice.paid", "invoice", "in_1", 2_000, Map.of()))).isInstanceOf(EventRecords.Skip.class);
    }

    private static InboxEvent event(String type, String objectType, String id, long created, Map<String, Object> fields) {
        Map<String, Object> object = new LinkedHashMap<>(fields);
        object.put("id", id);
        object.put("object", objectType);
        String body = Json.write(Map.of("id", "evt_" + id + created, "object", "event", "type", type, "created", created,
                "data", Map.of("object", object)));
        return StripeEvents.parse(body, InboxEvent.Source.WEBHOOK);
    }
}
