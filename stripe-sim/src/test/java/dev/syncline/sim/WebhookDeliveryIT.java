package dev.syncline.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.stripe.StripeClient;
import com.stripe.exception.SignatureVerificationException;
import com.stripe.exception.StripeException;
import com.stripe.model.Customer;
import com.stripe.model.Event;
import com.stripe.net.Webhook;
import com.stripe.param.EventListParams;
import dev.syncline.sim.webhooks.WebhookEndpoint;
import dev.syncline.sim.webhooks.WebhookFaults;
import dev.syncline.sim.webhooks.WebhookSettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Webhooks over real HTTP, verified with stripe-java's own {@link Webhook}. */
class WebhookDeliveryIT {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private StripeSimulator sim;
    private StripeClient client;
    private WebhookReceiver receiver;

    @BeforeEach
    void start() {
        receiver = new WebhookReceiver();
        sim = StripeSimulator.builder().seed(5).customers(50)
                .webhooks(WebhookSettings.builder().backoff(Duration.ofMillis(10), Duration.ofMillis(40)).build())
                .start();
        client = StripeClient.builder().setApiKey("sk_test_123").setApiBase(sim.baseUrl().toString()).build();
    }

    @AfterEach
    void stop() {
        sim.close();
        receiver.close();
    }

    private String firstCustomer() {
        return (String) sim.groundTruth().objects("customer").get(0).get("id");
    }

    @Test
    void stripeJavaVerifiesDeliveriesWithEitherSecretWhileOneIsRolled() throws Exception {
        WebhookEndpoint endpoint = sim.addWebhookEndpoint(receiver.url("hook"), "whsec_old");
        endpoint.rollSecret("whsec_new");

        sim.update("customer", firstCustomer(), Map.of("name", "Signed"));
        sim.awaitWebhooksDelivered(WAIT);

        WebhookReceiver.Received delivery = receiver.received().get(0);
        String signature = delivery.header("Stripe-Signature");
        assertThat(signature).matches("t=\\d+,v1=[0-9a-f]{64},v1=[0-9a-f]{64},v0=[0-9a-f]{64}");
        for (String secret : List.of("whsec_old", "whsec_new")) {
            Event event = Webhook.constructEvent(delivery.body(), signature, secret);
            assertThat(event.getType()).isEqualTo("customer.updated");
            Customer customer = (Customer) event.getDataObjectDeserializer().getObject().orElseThrow();
            assertThat(customer.getName()).isEqualTo("Signed");
        }
        assertThatThrownBy(() -> Webhook.constructEvent(delivery.body(), signature, "whsec_other"))
                .isInstanceOf(SignatureVerificationException.class);
        String tampered = delivery.body().replace("Signed", "Forged");
        assertThatThrownBy(() -> Webhook.constructEvent(tampered, signature, "whsec_old"))
                .isInstanceOf(SignatureVerificationException.class);
    }

    @Test
    void deliveriesCarryStripesHeadersAndTheEventAsStored() throws StripeException {
        sim.addWebhookEndpoint(receiver.url("hook"), "whsec_1");

        sim.delete("customer", firstCustomer());
        sim.awaitWebhooksDelivered(WAIT);

        WebhookReceiver.Received delivery = receiver.received().get(0);
        assertThat(delivery.path()).isEqualTo("/hook");
        assertThat(delivery.header("Content-Type")).isEqualTo("application/json; charset=utf-8");
        assertThat(delivery.header("User-Agent")).isEqualTo("Stripe/1.0 (+https://stripe.com/docs/webhooks)");
        Event event = Webhook.constructEventWithoutVerification(delivery.body());
        assertThat(event.getType()).isEqualTo("customer.deleted");
        assertThat(event.getPendingWebhooks()).isEqualTo(1L);
        assertThat(client.v1().events().retrieve(event.getId()).getPendingWebhooks()).isZero();
    }

    @Test
    void failedDeliveriesAreRetriedUntilTheReceiverAnswers2xx() throws Exception {
        sim.addWebhookEndpoint(receiver.url("hook"), "whsec_1");
        receiver.respond(500, 301, 404);

        sim.create("customer", Map.of("id", "cus_retry", "email", "r@example.com"));
        sim.awaitWebhooksDelivered(WAIT);

        List<WebhookReceiver.Received> attempts = receiver.received();
        assertThat(attempts).hasSize(4);
        assertThat(attempts).extracting(WebhookReceiver.Received::body).containsOnly(attempts.get(0).body());
        for (WebhookReceiver.Received attempt : attempts) {
            Webhook.constructEvent(attempt.body(), attempt.header("Stripe-Signature"), "whsec_1");
        }
        assertThat(sim.webhookCounters().attempts()).isEqualTo(4);
        assertThat(sim.webhookCounters().failures()).isEqualTo(3);
        assertThat(sim.webhookCounters().successes()).isEqualTo(1);
    }

    @Test
    void eventsNotDeliveredEverywhereListUnderDeliverySuccessFalse() throws StripeException {
        sim.addWebhookEndpoint(receiver.url("ok"), "whsec_1");
        sim.addWebhookEndpoint(receiver.url("dropping"), "whsec_2").faults(WebhookFaults.builder().drop(1.0).build());

        sim.create("customer", Map.of("id", "cus_dropped", "email", "d@example.com"));
        sim.awaitWebhooksDelivered(WAIT);

        assertThat(receiver.received()).extracting(WebhookReceiver.Received::path).containsExactly("/ok");
        assertThat(sim.webhookCounters().dropped()).isEqualTo(1);
        List<Event> undelivered = client.v1().events()
                .list(EventListParams.builder().setDeliverySuccess(false).build()).getData();
        assertThat(undelivered).extracting(Event::getType).containsExactly("customer.created");
        assertThat(undelivered.get(0).getPendingWebhooks()).isEqualTo(1L);
        assertThat(client.v1().events().list(EventListParams.builder().setType("customer.created").build()).getData())
                .extracting(Event::getId).contains(undelivered.get(0).getId());
    }

    @Test
    void duplicatedAndReorderedEventsAllArriveOverHttp() {
        sim.addWebhookEndpoint(receiver.url("hook"), "whsec_1")
                .faults(WebhookFaults.builder().duplicate(1.0).reorder(1.0, Duration.ofMillis(50)).build());

        sim.create("customer", Map.of("id", "cus_a", "email", "a@example.com"));
        sim.create("customer", Map.of("id", "cus_b", "email", "b@example.com"));
        sim.awaitWebhooksDelivered(WAIT);

        List<String> ids = receiver.received().stream()
                .map(r -> Webhook.constructEventWithoutVerification(r.body()).getId()).toList();
        String a = eventFor("cus_a");
        String b = eventFor("cus_b");
        // cus_a's event was held back until cus_b's had gone out; each arrived twice.
        assertThat(ids).hasSize(4).startsWith(b).containsOnly(a, b);
        assertThat(ids.stream().filter(a::equals)).hasSize(2);
        assertThat(sim.webhookCounters().duplicates()).isEqualTo(2);
        assertThat(sim.webhookCounters().reordered()).isEqualTo(1);
    }

    private String eventFor(String customerId) {
        return sim.events().stream()
                .filter(e -> customerId.equals(((Map<?, ?>) ((Map<?, ?>) e.get("data")).get("object")).get("id")))
                .map(e -> (String) e.get("id")).findFirst().orElseThrow();
    }

    @Test
    void theMutationGeneratorsEventsAreDelivered() {
        sim.addWebhookEndpoint(receiver.url("hook"), "whsec_1");

        for (int i = 0; i < 20; i++) {
            sim.mutate();
        }
        sim.awaitWebhooksDelivered(WAIT);

        assertThat(sim.webhookCounters().successes()).isEqualTo(receiver.received().size()).isPositive();
        assertThat(sim.events().stream().filter(e -> ((Long) e.get("pending_webhooks")) > 0)).isEmpty();
    }
}
