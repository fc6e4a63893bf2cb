package dev.syncline.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.stripe.StripeClient;
import com.stripe.exception.PermissionException;
import com.stripe.exception.StripeException;
import com.stripe.model.Account;
import com.stripe.model.Customer;
import com.stripe.model.Event;
import com.stripe.model.StripeCollection;
import com.stripe.net.RequestOptions;
import com.stripe.net.Webhook;
import com.stripe.param.AccountListParams;
import com.stripe.param.CustomerListParams;
import com.stripe.param.EventListParams;
import dev.syncline.sim.webhooks.WebhookSettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Connected accounts through stripe-java's {@code Stripe-Account} support. */
class ConnectIT {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private StripeSimulator sim;
    private StripeClient client;

    @BeforeEach
    void start() {
        sim = StripeSimulator.builder().seed(9).customers(40).connectedAccounts(7)
                .webhooks(WebhookSettings.builder().backoff(Duration.ofMillis(10), Duration.ofMillis(10)).build())
                .start();
        client = StripeClient.builder().setApiKey("sk_test_123").setApiBase(sim.baseUrl().toString()).build();
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    private static RequestOptions as(String account) {
        return RequestOptions.builder().setStripeAccount(account).build();
    }

    private List<String> customerIds(RequestOptions options) throws StripeException {
        StripeCollection<Customer> first =
                client.v1().customers().list(CustomerListParams.builder().setLimit(7L).build(), options);
        return StreamSupport.stream(first.autoPagingIterable().spliterator(), false).map(Customer::getId).toList();
    }

    private static List<Object> ids(List<Map<String, Object>> objects) {
        return objects.stream().map(o -> o.get("id")).toList();
    }

    @Test
    void eachConnectedAccountServesItsOwnDatasetWithAFewLargeAndManySmall() throws StripeException {
        List<String> accounts = sim.connectedAccountIds();
        assertThat(accounts).hasSize(7).doesNotContain(sim.accountId());
        assertThat(accounts.stream().map(a -> sim.groundTruth(a).count("customer")))
                .containsExactly(40, 20, 13, 10, 8, 6, 5);

        for (String account : accounts) {
            List<String> served = customerIds(as(account));
            assertThat(served).as(account).containsExactlyElementsOf(
                    ids(sim.groundTruth(account).objects("customer")).stream().map(String.class::cast).toList());
            assertThat(served).doesNotContainAnyElementsOf(customerIds(RequestOptions.getDefault()));
            assertThat(client.v1().accounts().retrieveCurrent(as(account)).getId()).isEqualTo(account);
        }
        assertThat(sim.groundTruth(sim.accountId())).isSameAs(sim.groundTruth());
    }

    @Test
    void anUnknownStripeAccountIsRefusedWithStripesPermissionError() {
        assertThatThrownBy(() -> client.v1().customers().list(CustomerListParams.builder().build(), as("acct_nope")))
                .isInstanceOf(PermissionException.class)
                .hasMessageContaining("does not have access to account 'acct_nope'");
        assertThat(sim.counters().account("acct_nope")).isEqualTo(1);
    }

    @Test
    void thePlatformPagesThroughItsConnectedAccountsNewestFirst() throws StripeException {
        StripeCollection<Account> page = client.v1().accounts().list(AccountListParams.builder().setLimit(3L).build());
        assertThat(page.getHasMore()).isTrue();
        List<Account> all = StreamSupport.stream(page.autoPagingIterable().spliterator(), false).toList();
        assertThat(all).extracting(Account::getId).containsExactlyInAnyOrderElementsOf(sim.connectedAccountIds());
        assertThat(all).extracting(Account::getCreated).isSortedAccordingTo((a, b) -> Long.compare(b, a));

        long cut = all.get(2).getCreated();
        List<Account> recent = client.v1().accounts()
                .list(AccountListParams.builder().setCreated(AccountListParams.Created.builder().setGte(cut).build())
                        .setLimit(100L).build()).getData();
        assertThat(recent).extracting(Account::getId).containsExactly(
                all.get(0).getId(), all.get(1).getId(), all.get(2).getId());

        String connected = sim.connectedAccountIds().get(0);
        assertThat(client.v1().accounts().retrieve(connected).getId()).isEqualTo(connected);
        assertThat(client.v1().accounts().list(AccountListParams.builder().build(), as(connected)).getData()).isEmpty();
    }

    @Test
    void connectedAccountsEventsCarryTheAccountAndGoToConnectEndpoints() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            sim.addWebhookEndpoint(receiver.url("platform"), "whsec_p");
            sim.addConnectWebhookEndpoint(receiver.url("connect"), "whsec_c");
            ConnectedAccount account = sim.connectedAccount(sim.connectedAccountIds().get(3));
            String customer = (String) account.groundTruth().objects("customer").get(0).get("id");

            account.update("customer", customer, Map.of("name", "Connected rename"));
            sim.awaitWebhooksDelivered(WAIT);

            List<Event> events = client.v1().events()
                    .list(EventListParams.builder().setType("customer.updated").build(), as(account.id())).getData();
            assertThat(events).hasSize(1);
            assertThat(events.get(0).getAccount()).isEqualTo(account.id());
            assertThat(client.v1().events().list(EventListParams.builder().setType("customer.updated").build())
                    .getData()).isEmpty();

            WebhookReceiver.Received delivery = receiver.received().get(0);
            assertThat(receiver.received()).extracting(WebhookReceiver.Received::path).containsExactly("/connect");
            Event delivered = Webhook.constructEvent(delivery.body(), delivery.header("Stripe-Signature"), "whsec_c");
            assertThat(delivered.getAccount()).isEqualTo(account.id());
            assertThat(delivered.getId()).isEqualTo(events.get(0).getId());
        }
    }

    @Test
    void authorizingAndDeauthorizingLogApplicationEventsAndToggleAccess() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            sim.addConnectWebhookEndpoint(receiver.url("connect"), "whsec_c");
            ConnectedAccount added = sim.addConnectedAccount(12);
            assertThat(added.groundTruth().count("customer")).isEqualTo(12);
            assertThat(customerIds(as(added.id()))).hasSize(12);

            added.deauthorize();
            sim.awaitWebhooksDelivered(WAIT);

            // Deliveries run concurrently and Stripe promises no order, so the two may arrive either way round.
            assertThat(receiver.received()).extracting(r -> Webhook.constructEvent(r.body(), r.header("Stripe-Signature"), "whsec_c"))
                    .extracting(Event::getType, Event::getAccount)
                    .containsExactlyInAnyOrder(
                            org.assertj.core.groups.Tuple.tuple("account.application.authorized", added.id()),
                            org.assertj.core.groups.Tuple.tuple("account.application.deauthorized", added.id()));
            assertThatThrownBy(() -> customerIds(as(added.id()))).isInstanceOf(PermissionException.class);
            assertThat(client.v1().accounts().list(AccountListParams.builder().setLimit(100L).build()).getData())
                    .extracting(Account::getId).doesNotContain(added.id()).hasSize(7);

            assertThat(sim.authorize(added.id())).isTrue();
            assertThat(customerIds(as(added.id()))).hasSize(12);
            assertThat(client.v1().accounts().list(AccountListParams.builder().setLimit(100L).build()).getData())
                    .extracting(Account::getId).contains(added.id());
        }
    }
}
