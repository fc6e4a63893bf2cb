package dev.syncline.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.stripe.StripeClient;
import com.stripe.exception.InvalidRequestException;
import com.stripe.exception.StripeException;
import com.stripe.model.Charge;
import com.stripe.model.HasId;
import com.stripe.model.Invoice;
import com.stripe.model.InvoiceLineItem;
import com.stripe.model.StripeCollection;
import com.stripe.model.Subscription;
import com.stripe.net.ApiResource;
import com.stripe.net.StripeResponse;
import com.stripe.param.ChargeListParams;
import com.stripe.param.ChargeRetrieveParams;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every object type through stripe-java's typed services: lists page to exactly the ground truth. */
class AllObjectTypesContractIT {

    private static final Instant NOW = Instant.parse("2026-11-01T12:00:00Z");

    private static StripeSimulator sim;
    private static StripeClient client;

    @BeforeAll
    static void start() {
        sim = StripeSimulator.builder().seed(11).customers(600).now(NOW).start();
        client = StripeClient.builder().setApiKey("sk_test_123").setApiBase(sim.baseUrl().toString()).build();
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    @Test
    void topLevelListsAutoPageToExactlyTheGroundTruth() throws StripeException {
        assertListed("plan", client.v1().plans().list(com.stripe.param.PlanListParams.builder().setLimit(100L).build()));
        assertListed("coupon", client.v1().coupons().list(com.stripe.param.CouponListParams.builder().setLimit(100L).build()));
        assertListed("promotion_code", client.v1().promotionCodes().list(com.stripe.param.PromotionCodeListParams.builder().setLimit(100L).build()));
        assertListed("invoiceitem", client.v1().invoiceItems().list(com.stripe.param.InvoiceItemListParams.builder().setLimit(100L).build()));
        assertListed("charge", client.v1().charges().list(com.stripe.param.ChargeListParams.builder().setLimit(100L).build()));
        assertListed("refund", client.v1().refunds().list(com.stripe.param.RefundListParams.builder().setLimit(100L).build()));
        assertListed("payment_intent", client.v1().paymentIntents().list(com.stripe.param.PaymentIntentListParams.builder().setLimit(100L).build()));
        assertListed("setup_intent", client.v1().setupIntents().list(com.stripe.param.SetupIntentListParams.builder().setLimit(100L).build()));
        assertListed("dispute", client.v1().disputes().list(com.stripe.param.DisputeListParams.builder().setLimit(100L).build()));
        assertListed("payout", client.v1().payouts().list(com.stripe.param.PayoutListParams.builder().setLimit(100L).build()));
        assertListed("balance_transaction", client.v1().balanceTransactions().list(com.stripe.param.BalanceTransactionListParams.builder().setLimit(100L).build()));
        assertListed("credit_note", client.v1().creditNotes().list(com.stripe.param.CreditNoteListParams.builder().setLimit(100L).build()));
        assertListed("checkout.session", client.v1().checkout().sessions().list(com.stripe.param.checkout.SessionListParams.builder().setLimit(100L).build()));
        assertListed("tax_rate", client.v1().taxRates().list(com.stripe.param.TaxRateListParams.builder().setLimit(100L).build()));
    }

    @Test
    void everyTypeHasObjectsToSync() {
        for (String type : sim.groundTruth().objectTypes()) {
            assertThat(sim.groundTruth().count(type)).as(type).isGreaterThan(1);
        }
    }

    @Test
    void taxIdsListTheAccountsOwnByDefaultAndCustomersOnTheirChildList() throws StripeException {
        List<Map<String, Object>> all = sim.groundTruth().objects("tax_id");
        List<String> self = all.stream().filter(t -> ((Map<?, ?>) t.get("owner")).get("type").equals("self"))
                .map(t -> (String) t.get("id")).toList();
        assertThat(ids(client.v1().taxIds().list(com.stripe.param.TaxIdListParams.builder().setLimit(100L).build()).autoPagingIterable())).containsExactlyElementsOf(self);
        List<String> childIds = new ArrayList<>();
        for (Map<String, Object> taxId : all) {
            if (taxId.get("customer") instanceof String customer) {
                var page = client.v1().customers().taxIds().list(customer, com.stripe.param.CustomerTaxIdListParams.builder().setLimit(100L).build());
                assertThat(page.getUrl()).isEqualTo("/v1/customers/" + customer + "/tax_ids");
                page.getData().forEach(t -> childIds.add(t.getId()));
            }
        }
        assertThat(self.size() + childIds.size()).isEqualTo(all.size());
        assertThat(childIds).doesNotContainAnyElementsOf(self);
    }

    @Test
    void paymentMethodsAreListedPerCustomer() throws StripeException {
        List<String> listed = new ArrayList<>();
        for (Map<String, Object> customer : sim.groundTruth().objects("customer")) {
            String id = (String) customer.get("id");
            listed.addAll(ids(client.v1().customers().paymentMethods().list(id, com.stripe.param.CustomerPaymentMethodListParams.builder().setLimit(2L).build())
                    .autoPagingIterable()));
        }
        assertThat(listed).containsExactlyInAnyOrderElementsOf(truthIds("payment_method"));
    }

    @Test
    void subscriptionItemsAreListedPerSubscriptionAndNeedIt() throws StripeException {
        List<String> listed = new ArrayList<>();
        for (Map<String, Object> subscription : sim.groundTruth().objects("subscription")) {
            listed.addAll(ids(client.v1().subscriptionItems()
                    .list(com.stripe.param.SubscriptionItemListParams.builder()
                            .setSubscription((String) subscription.get("id")).setLimit(100L).build()).autoPagingIterable()));
        }
        assertThat(listed).containsExactlyInAnyOrderElementsOf(truthIds("subscription_item"));
        assertThatThrownBy(() -> client.v1().subscriptionItems().list(com.stripe.param.SubscriptionItemListParams.builder().build()))
                .isInstanceOfSatisfying(InvalidRequestException.class,
                        e -> assertThat(e.getStripeError().getCode()).isEqualTo("parameter_missing"));
    }

    @Test
    void invoiceLinesPageThroughTheEmbeddedLines() throws StripeException {
        Map<String, Object> invoice = sim.groundTruth().objects("invoice").stream()
                .filter(i -> ((List<?>) ((Map<?, ?>) i.get("lines")).get("data")).size() > 1)
                .findFirst().orElseThrow();
        String id = (String) invoice.get("id");
        StripeCollection<InvoiceLineItem> page = client.v1().invoices().lineItems().list(id, com.stripe.param.InvoiceLineItemListParams.builder().setLimit(1L).build());
        assertThat(page.getHasMore()).isTrue();
        List<String> all = ids(page.autoPagingIterable());
        List<?> embedded = (List<?>) ((Map<?, ?>) invoice.get("lines")).get("data");
        assertThat(all).containsExactlyElementsOf(embedded.stream().map(l -> (String) ((Map<?, ?>) l).get("id")).toList());
    }

    @Test
    void retrieveWorksForEveryType() throws StripeException {
        for (String type : sim.groundTruth().objectTypes()) {
            Map<String, Object> object = sim.groundTruth().objects(type).get(0);
            String path = switch (type) {
                case "checkout.session" -> "/v1/checkout/sessions/";
                case "invoiceitem" -> "/v1/invoiceitems/";
                default -> "/v1/" + type + "s/";
            };
            StripeResponse response = client.rawRequest(
                    ApiResource.RequestMethod.GET, path + object.get("id"), null, null);
            assertThat(response.code()).as(type).isEqualTo(200);
            assertThat(response.body()).as(type).contains("\"id\":\"" + object.get("id") + "\"");
        }
    }

    @Test
    void expandReplacesIdsWithObjectsOnRetrieveAndLists() throws StripeException {
        String chargeId = truthIds("charge").get(0);
        Charge charge = client.v1().charges().retrieve(chargeId,
                ChargeRetrieveParams.builder().addExpand("customer").addExpand("balance_transaction").build());
        assertThat(charge.getCustomerObject().getId()).isEqualTo(charge.getCustomer()).startsWith("cus_");
        assertThat(charge.getBalanceTransactionObject().getSource()).isEqualTo(chargeId);
        StripeCollection<Charge> page = client.v1().charges().list(
                ChargeListParams.builder().setLimit(3L).addExpand("data.payment_intent").build());
        assertThat(page.getData()).allSatisfy(c -> assertThat(c.getPaymentIntentObject().getLatestCharge())
                .isEqualTo(c.getId()));
        Subscription subscription = client.v1().subscriptions().retrieve(truthIds("subscription").get(0),
                com.stripe.param.SubscriptionRetrieveParams.builder().addExpand("latest_invoice").addExpand("customer").build());
        assertThat(subscription.getLatestInvoiceObject()).isInstanceOf(Invoice.class);
        assertThatThrownBy(() -> client.v1().charges().retrieve(chargeId,
                ChargeRetrieveParams.builder().addExpand("amount").build()))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("cannot be expanded");
    }

    @Test
    void perParentListsRejectCreatedAndTopLevelListsHonourIt() {
        assertThatThrownBy(() -> client.rawRequest(ApiResource.RequestMethod.GET, "/v1/tax_ids?created=1", null, null))
                .isInstanceOfSatisfying(InvalidRequestException.class,
                        e -> assertThat(e.getStripeError().getCode()).isEqualTo("parameter_unknown"));
    }

    private static <T extends HasId> void assertListed(String type, StripeCollection<T> firstPage) {
        assertThat(ids(firstPage.autoPagingIterable())).as(type).containsExactlyElementsOf(truthIds(type));
    }

    private static <T extends HasId> List<String> ids(Iterable<T> iterable) {
        return StreamSupport.stream(iterable.spliterator(), false).map(HasId::getId).toList();
    }

    private static List<String> truthIds(String type) {
        return sim.groundTruth().objects(type).stream().map(o -> (String) o.get("id")).toList();
    }
}
