package dev.syncline.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.stripe.StripeClient;
import com.stripe.exception.InvalidRequestException;
import com.stripe.exception.StripeException;
import com.stripe.model.Customer;
import com.stripe.model.Event;
import com.stripe.model.Subscription;
import com.stripe.param.EventListParams;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Events API and the mutations behind it, read through stripe-java. */
class EventsContractIT {

    private static final Instant NOW = Instant.parse("2026-11-01T12:00:00Z");

    private StripeSimulator sim;
    private StripeClient client;

    @BeforeEach
    void start() {
        sim = StripeSimulator.builder().seed(3).customers(300).now(NOW).start();
        client = StripeClient.builder().setApiKey("sk_test_123").setApiBase(sim.baseUrl().toString()).build();
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    private List<Event> events(EventListParams params) throws StripeException {
        return StreamSupport.stream(client.v1().events().list(params).autoPagingIterable().spliterator(), false).toList();
    }

    @Test
    void theLogStartsWithCreationEventsOfTheLastThirtyDaysNewestFirst() throws StripeException {
        List<Event> all = events(EventListParams.builder().setLimit(100L).build());
        assertThat(all).isNotEmpty();
        assertThat(all).extracting(Event::getId).containsExactlyElementsOf(
                sim.events().stream().map(e -> (String) e.get("id")).toList());
        assertThat(all).allSatisfy(e -> {
            assertThat(e.getCreated()).isGreaterThanOrEqualTo(sim.now().getEpochSecond() - 30L * 86_400);
            assertThat(e.getType()).endsWith(".created");
            assertThat(e.getApiVersion()).isEqualTo("2026-07-29.dahlia");
            assertThat(e.getDataObjectDeserializer().getObject()).isPresent();
        });
    }

    @Test
    void updatesCarryTheNewSnapshotAndThePreviousAttributes() throws StripeException {
        String id = (String) sim.groundTruth().objects("customer").get(0).get("id");
        String oldName = (String) sim.groundTruth().get("customer", id).orElseThrow().get("name");
        sim.update("customer", id, Map.of("name", "First"));
        sim.update("customer", id, Map.of("name", "Second"));
        List<Event> updates = events(EventListParams.builder().setType("customer.updated").build());
        assertThat(updates).hasSize(2);
        Customer latest = (Customer) updates.get(0).getDataObjectDeserializer().getObject().orElseThrow();
        assertThat(latest.getName()).isEqualTo("Second");
        assertThat(updates.get(0).getData().getPreviousAttributes()).containsEntry("name", "First");
        assertThat(updates.get(1).getData().getPreviousAttributes()).containsEntry("name", oldName);
        assertThat(sim.groundTruth().get("customer", id).orElseThrow().get("name")).isEqualTo("Second");
    }

    @Test
    void deletionsAndCancellationsLogTheirEvents() throws StripeException {
        String customer = (String) sim.groundTruth().objects("customer").get(1).get("id");
        String subscription = sim.groundTruth().objects("subscription").stream()
                .filter(s -> s.get("status").equals("active")).map(s -> (String) s.get("id")).findFirst().orElseThrow();
        sim.delete("customer", customer);
        sim.cancelSubscription(subscription);
        List<Event> deleted = events(EventListParams.builder().setType("*.deleted").build());
        assertThat(deleted).extracting(Event::getType)
                .containsExactly("customer.subscription.deleted", "customer.deleted");
        Subscription canceled = (Subscription) deleted.get(0).getDataObjectDeserializer().getObject().orElseThrow();
        assertThat(canceled.getStatus()).isEqualTo("canceled");
        assertThat(sim.groundTruth().get("subscription", subscription).orElseThrow().get("status")).isEqualTo("canceled");
        assertThat(sim.groundTruth().get("customer", customer)).isEmpty();
    }

    @Test
    void typesAndCreatedFiltersNarrowTheList() throws StripeException {
        for (int i = 0; i < 30; i++) {
            sim.mutate();
        }
        List<Event> picked = events(EventListParams.builder()
                .addType("customer.*").addType("invoice.updated").setLimit(100L).build());
        assertThat(picked).isNotEmpty().allSatisfy(e -> assertThat(
                e.getType().startsWith("customer.") || e.getType().equals("invoice.updated")).isTrue());
        long since = sim.now().getEpochSecond() - 60;
        List<Event> recent = events(EventListParams.builder()
                .setCreated(EventListParams.Created.builder().setGte(since).build()).setLimit(100L).build());
        assertThat(recent).hasSizeGreaterThanOrEqualTo(25).allSatisfy(e -> assertThat(e.getCreated()).isGreaterThanOrEqualTo(since));
        assertThatThrownBy(() -> events(EventListParams.builder().setType("a").addType("b").build()))
                .isInstanceOf(InvalidRequestException.class);
    }

    @Test
    void generatedMutationsKeepTheGroundTruthAndTheEventsConsistent() throws StripeException {
        int before = sim.events().size();
        int changes = 0;
        for (int i = 0; i < 200; i++) {
            if (sim.mutate() != null) {
                changes++;
            }
        }
        assertThat(sim.events()).hasSize(before + changes);
        Map<String, Object> latest = sim.events().get(0);
        Event event = client.v1().events().retrieve((String) latest.get("id"));
        assertThat(event.getType()).isEqualTo(latest.get("type"));
        // Several updates of one object within the same second: the case timestamp-ordered syncs get wrong.
        Map<String, Long> updatesPerObjectSecond = new java.util.HashMap<>();
        for (Map<String, Object> e : sim.events()) {
            if (((String) e.get("type")).endsWith(".updated")) {
                String key = ((Map<?, ?>) ((Map<?, ?>) e.get("data")).get("object")).get("id") + "@" + e.get("created");
                updatesPerObjectSecond.merge(key, 1L, Long::sum);
            }
        }
        assertThat(updatesPerObjectSecond.values()).anyMatch(n -> n > 1);
    }
}
