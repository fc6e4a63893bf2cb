package dev.syncline.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.stripe.StripeClient;
import com.stripe.exception.AuthenticationException;
import com.stripe.exception.InvalidRequestException;
import com.stripe.exception.StripeException;
import com.stripe.model.Account;
import com.stripe.model.Customer;
import com.stripe.model.HasId;
import com.stripe.model.Invoice;
import com.stripe.model.Price;
import com.stripe.model.Product;
import com.stripe.model.StripeCollection;
import com.stripe.model.StripeObject;
import com.stripe.model.Subscription;
import com.stripe.net.ApiResource;
import com.stripe.net.StripeResponse;
import com.stripe.param.CustomerListParams;
import com.stripe.param.InvoiceListParams;
import com.stripe.param.PriceListParams;
import com.stripe.param.ProductListParams;
import com.stripe.param.SubscriptionListParams;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Drives the simulator with stripe-java itself: if this passes, the engine's client sees real-Stripe behaviour. */
class StripeSimulatorContractIT {

    private static final Instant NOW = Instant.parse("2026-11-01T12:00:00Z");

    private static StripeSimulator sim;
    private static StripeClient client;

    @BeforeAll
    static void start() {
        sim = StripeSimulator.builder().seed(7).customers(400).now(NOW).start();
        client = StripeClient.builder()
                .setApiKey("sk_test_123")
                .setApiBase(sim.baseUrl().toString())
                .setMaxNetworkRetries(0)
                .build();
    }

    @AfterAll
    static void stop() {
        sim.close();
        sim.close();
    }

    @Test
    void customersAutoPageToExactlyTheGroundTruth() throws StripeException {
        List<Customer> all = collect(client.v1().customers()
                .list(CustomerListParams.builder().setLimit(100L).build()).autoPagingIterable());
        assertThat(ids(all)).containsExactlyElementsOf(truthIds("customer"));
        assertNewestFirst(all.stream().map(c -> new Key(c.getCreated(), c.getId())).toList());
        Customer first = all.get(0);
        Map<String, Object> truth = sim.groundTruth().get("customer", first.getId()).orElseThrow();
        assertThat(first.getEmail()).isEqualTo(truth.get("email")).contains("@");
        assertThat(first.getName()).isEqualTo(truth.get("name"));
        assertThat(first.getCreated()).isEqualTo(truth.get("created"));
        assertThat(first.getLivemode()).isFalse();
        assertThat(first.getMetadata()).isEmpty();
        assertThat(first.getInvoiceSettings()).isNotNull();
    }

    @Test
    void productsAutoPageToExactlyTheGroundTruth() throws StripeException {
        List<Product> all = collect(client.v1().products()
                .list(ProductListParams.builder().setLimit(3L).build()).autoPagingIterable());
        assertThat(ids(all)).containsExactlyElementsOf(truthIds("product"));
        assertThat(all).allSatisfy(p -> assertThat(p.getDefaultPrice()).startsWith("price_"));
    }

    @Test
    void pricesNeedActiveAndInactivePassesToCoverTheGroundTruth() throws StripeException {
        List<Price> byDefault = collect(client.v1().prices()
                .list(PriceListParams.builder().setLimit(100L).build()).autoPagingIterable());
        List<Price> active = collect(client.v1().prices()
                .list(PriceListParams.builder().setLimit(100L).setActive(true).build()).autoPagingIterable());
        List<Price> inactive = collect(client.v1().prices()
                .list(PriceListParams.builder().setLimit(100L).setActive(false).build()).autoPagingIterable());
        assertThat(ids(byDefault)).isEqualTo(ids(active));
        assertThat(active).allMatch(Price::getActive);
        assertThat(inactive).isNotEmpty().noneMatch(Price::getActive);
        List<String> union = new ArrayList<>(ids(active));
        union.addAll(ids(inactive));
        assertThat(union).containsExactlyInAnyOrderElementsOf(truthIds("price"));
        assertThat(active).anySatisfy(p -> {
            assertThat(p.getRecurring()).isNotNull();
            assertThat(p.getRecurring().getInterval()).isIn("month", "year");
        });
        assertThat(active).anySatisfy(p -> assertThat(p.getType()).isEqualTo("one_time"));
        assertThat(union.size()).isEqualTo(sim.groundTruth().count("price"));
        assertThat(active.stream().map(Price::getCurrency).collect(Collectors.toSet()))
                .contains("usd", "eur");
    }

    @Test
    void subscriptionsListAllStatusesOnlyWithStatusAll() throws StripeException {
        List<Subscription> all = collect(client.v1().subscriptions()
                .list(SubscriptionListParams.builder().setLimit(100L)
                        .setStatus(SubscriptionListParams.Status.ALL).build())
                .autoPagingIterable());
        assertThat(ids(all)).containsExactlyElementsOf(truthIds("subscription"));
        assertThat(all.stream().map(Subscription::getStatus).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder("active", "trialing", "past_due", "canceled", "unpaid", "incomplete");

        List<Subscription> defaults = collect(client.v1().subscriptions()
                .list(SubscriptionListParams.builder().setLimit(100L).build()).autoPagingIterable());
        assertThat(defaults).isNotEmpty().noneMatch(s -> s.getStatus().equals("canceled"));
        assertThat(defaults.size() + all.stream().filter(s -> s.getStatus().equals("canceled")).count())
                .isEqualTo(all.size());

        Subscription canceled = all.stream().filter(s -> s.getStatus().equals("canceled")).findFirst().orElseThrow();
        assertThat(canceled.getCanceledAt()).isNotNull();
        assertThat(canceled.getEndedAt()).isEqualTo(canceled.getCanceledAt());
        Subscription any = all.get(0);
        assertThat(any.getCustomer()).startsWith("cus_");
        assertThat(any.getItems().getData()).isNotEmpty().allSatisfy(item -> {
            assertThat(item.getId()).startsWith("si_");
            assertThat(item.getPrice().getId()).startsWith("price_");
            assertThat(item.getPrice().getProduct()).startsWith("prod_");
            assertThat(item.getCurrentPeriodEnd()).isGreaterThan(item.getCurrentPeriodStart());
        });
        assertThat(any.getLatestInvoice()).startsWith("in_");
    }

    @Test
    void invoicesAutoPageToExactlyTheGroundTruth() throws StripeException {
        List<Invoice> all = collect(client.v1().invoices()
                .list(InvoiceListParams.builder().setLimit(100L).build()).autoPagingIterable());
        assertThat(ids(all)).containsExactlyElementsOf(truthIds("invoice"));
        assertThat(all.stream().map(Invoice::getStatus).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder("paid", "open", "void", "draft", "uncollectible");
        Invoice invoice = all.stream().filter(i -> i.getStatus().equals("paid") && i.getTotal() > 0)
                .findFirst().orElseThrow();
        assertThat(invoice.getLines().getData()).isNotEmpty().allSatisfy(line -> {
            assertThat(line.getId()).startsWith("il_");
            assertThat(line.getInvoice()).isEqualTo(invoice.getId());
            assertThat(line.getPricing().getPriceDetails().getPrice()).startsWith("price_");
        });
        assertThat(invoice.getLines().getUrl()).isEqualTo("/v1/invoices/" + invoice.getId() + "/lines");
        assertThat(invoice.getParent().getSubscriptionDetails().getSubscription()).startsWith("sub_");
        assertThat(invoice.getAmountPaid()).isEqualTo(invoice.getTotal());
        assertThat(invoice.getStatusTransitions().getPaidAt()).isNotNull();
    }

    @Test
    void everyTypeDeserializesWithoutDroppingFields() throws StripeException {
        for (String type : sim.groundTruth().objectTypes()) {
            Map<String, Object> truth = sim.groundTruth().objects(type).get(0);
            String json = ApiResource.GSON.toJson(truth);
            StripeObject typed = client.deserialize(json, com.stripe.net.ApiMode.V1);
            String expectedClass = type.substring(type.indexOf('.') + 1).replace("_", "");
            assertThat(typed.getClass().getSimpleName()).as(type).isEqualToIgnoringCase(expectedClass);
            JsonElement back = normalized(ApiResource.GSON.toJsonTree(typed));
            assertThat(back).as(type).isEqualTo(normalized(JsonParser.parseString(json)));
        }
    }

    @Test
    void retrieveReturnsTheSameObjectAsTheList() throws StripeException {
        Map<String, Object> customer = sim.groundTruth().objects("customer").get(5);
        assertThat(client.v1().customers().retrieve((String) customer.get("id")).getEmail())
                .isEqualTo(customer.get("email"));
        String productId = truthIds("product").get(0);
        assertThat(client.v1().products().retrieve(productId).getId()).isEqualTo(productId);
        String priceId = truthIds("price").get(0);
        assertThat(client.v1().prices().retrieve(priceId).getUnitAmount()).isPositive();
        String subscriptionId = truthIds("subscription").get(0);
        assertThat(client.v1().subscriptions().retrieve(subscriptionId).getItems().getData()).isNotEmpty();
        String invoiceId = truthIds("invoice").get(0);
        assertThat(client.v1().invoices().retrieve(invoiceId).getLines().getData()).isNotEmpty();
        Account account = client.v1().accounts().retrieveCurrent();
        assertThat(account.getId()).isEqualTo(sim.accountId()).startsWith("acct_1Sim");
    }

    @Test
    void createdRangeReturnsTheMatchingSubset() throws StripeException {
        List<Map<String, Object>> truth = sim.groundTruth().objects("customer");
        long gte = (Long) truth.get(truth.size() * 3 / 4).get("created");
        long lt = (Long) truth.get(truth.size() / 4).get("created");
        List<String> expected = truth.stream()
                .filter(c -> (Long) c.get("created") >= gte && (Long) c.get("created") < lt)
                .map(c -> (String) c.get("id")).toList();
        List<Customer> got = collect(client.v1().customers().list(CustomerListParams.builder()
                        .setLimit(7L)
                        .setCreated(CustomerListParams.Created.builder().setGte(gte).setLt(lt).build())
                        .build())
                .autoPagingIterable());
        assertThat(expected).hasSizeGreaterThan(100);
        assertThat(ids(got)).containsExactlyElementsOf(expected);

        long exact = findTiedCreated(truth);
        List<Customer> tied = client.v1().customers()
                .list(CustomerListParams.builder().setCreated(exact).build()).getData();
        assertThat(tied).hasSizeGreaterThan(1).allMatch(c -> c.getCreated() == exact);
    }

    @Test
    void endingBeforePagesBackwardsNewestFirst() throws StripeException {
        List<String> truth = truthIds("customer");
        StripeCollection<Customer> page = client.v1().customers().list(CustomerListParams.builder()
                .setLimit(5L).setEndingBefore(truth.get(20)).build());
        assertThat(ids(page.getData())).containsExactlyElementsOf(truth.subList(15, 20));
        assertThat(page.getHasMore()).isTrue();
        assertThat(page.getUrl()).isEqualTo("/v1/customers");

        StripeCollection<Customer> top = client.v1().customers().list(CustomerListParams.builder()
                .setLimit(5L).setEndingBefore(truth.get(3)).build());
        assertThat(ids(top.getData())).containsExactlyElementsOf(truth.subList(0, 3));
        assertThat(top.getHasMore()).isFalse();
    }

    @Test
    void badRequestsMapToTheRightExceptions() {
        assertThatThrownBy(() -> client.v1().customers().list(CustomerListParams.builder().setLimit(101L).build()))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(400);
                    assertThat(e.getParam()).isEqualTo("limit");
                    assertThat(e.getStripeError().getType()).isEqualTo("invalid_request_error");
                    assertThat(e.getRequestId()).startsWith("req_");
                });
        assertThatThrownBy(() -> client.v1().customers().list(CustomerListParams.builder().setLimit(0L).build()))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.getParam()).isEqualTo("limit"));

        List<String> truth = truthIds("customer");
        assertThatThrownBy(() -> client.v1().customers().list(CustomerListParams.builder()
                        .setStartingAfter(truth.get(1)).setEndingBefore(truth.get(0)).build()))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.getStatusCode()).isEqualTo(400));

        assertThatThrownBy(() -> client.v1().customers().list(CustomerListParams.builder()
                        .setStartingAfter("cus_doesnotexist").build()))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(404);
                    assertThat(e.getCode()).isEqualTo("resource_missing");
                    assertThat(e.getParam()).isEqualTo("starting_after");
                });
        assertThatThrownBy(() -> client.v1().customers().retrieve("cus_doesnotexist"))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(404);
                    assertThat(e.getCode()).isEqualTo("resource_missing");
                    assertThat(e.getStripeError().getMessage()).isEqualTo("No such customer: 'cus_doesnotexist'");
                });

        StripeClient badKey = StripeClient.builder().setApiKey("pk_test_nope")
                .setApiBase(sim.baseUrl().toString()).setMaxNetworkRetries(0).build();
        assertThatThrownBy(() -> badKey.v1().customers().list())
                .isInstanceOfSatisfying(AuthenticationException.class, e -> assertThat(e.getStatusCode()).isEqualTo(401));
    }

    @Test
    void customersIncludeTheirSubscriptionsWhenExpanded_withoutASubscriptionsRequest() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long before = sim.counters().endpoint("GET /v1/subscriptions");
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(sim.baseUrl()
                        + "/v1/customers?limit=100&expand%5B0%5D=data.subscriptions"))
                .header("Authorization", "Bearer sk_test_123").build(), HttpResponse.BodyHandlers.ofString());

        assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
        JsonObject body = JsonParser.parseString(page.body()).getAsJsonObject();
        long withSubscriptions = 0;
        for (var customer : body.getAsJsonArray("data")) {
            JsonObject list = customer.getAsJsonObject().getAsJsonObject("subscriptions");
            assertThat(list.get("object").getAsString()).isEqualTo("list");
            for (var subscription : list.getAsJsonArray("data")) {
                assertThat(subscription.getAsJsonObject().get("customer").getAsString())
                        .isEqualTo(customer.getAsJsonObject().get("id").getAsString());
                withSubscriptions++;
            }
        }
        assertThat(withSubscriptions).isPositive();
        assertThat(sim.counters().endpoint("GET /v1/subscriptions")).isEqualTo(before);
    }

    @Test
    void rawHttpCarriesStripeHeadersAndErrorShapes() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> ok = http.send(HttpRequest.newBuilder(URI.create(sim.baseUrl()
                        + "/v1/customers?limit=2&created%5Bgte%5D=0&expand%5B0%5D=data.default_source"))
                .header("Authorization", "Bearer sk_test_123").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.headers().firstValue("Request-Id")).hasValueSatisfying(v -> assertThat(v).startsWith("req_"));
        assertThat(ok.headers().firstValue("Stripe-Version")).hasValue("2026-07-29.dahlia");
        assertThat(ok.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonObject body = JsonParser.parseString(ok.body()).getAsJsonObject();
        assertThat(body.get("object").getAsString()).isEqualTo("list");
        assertThat(body.get("url").getAsString()).isEqualTo("/v1/customers");
        assertThat(body.get("has_more").getAsBoolean()).isTrue();
        assertThat(body.getAsJsonArray("data")).hasSize(2);

        HttpResponse<String> missing = http.send(HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/v1/x"))
                .header("Authorization", "Bearer sk_test_123").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.headers().firstValue("Request-Id")).isPresent();
        JsonObject error = JsonParser.parseString(missing.body()).getAsJsonObject().getAsJsonObject("error");
        assertThat(error.get("type").getAsString()).isEqualTo("invalid_request_error");
        assertThat(error.get("message").getAsString()).isEqualTo("Unrecognized request URL (GET: /v1/x).");

        HttpResponse<String> noKey = http.send(HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/v1/customers"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(noKey.statusCode()).isEqualTo(401);
        assertThat(JsonParser.parseString(noKey.body()).getAsJsonObject().getAsJsonObject("error")
                .get("message").getAsString()).startsWith("You did not provide an API key.");
    }

    @Test
    void deletedObjectsLeaveListsAndRetrieveAsStubs() throws StripeException {
        try (StripeSimulator local = StripeSimulator.builder().seed(3).customers(30).now(NOW).start()) {
            StripeClient localClient = StripeClient.builder().setApiKey("rk_test_abc")
                    .setApiBase(local.baseUrl().toString()).setMaxNetworkRetries(0).build();
            String victim = (String) local.groundTruth().objects("customer").get(3).get("id");
            int before = local.groundTruth().count("customer");
            assertThat(local.delete("customer", victim)).isTrue();
            assertThat(local.delete("customer", victim)).isFalse();
            assertThat(local.groundTruth().count("customer")).isEqualTo(before - 1);
            assertThat(local.groundTruth().get("customer", victim)).isEmpty();

            Customer stub = localClient.v1().customers().retrieve(victim);
            assertThat(stub.getDeleted()).isTrue();
            assertThat(stub.getId()).isEqualTo(victim);
            assertThat(stub.getEmail()).isNull();

            List<Customer> listed = collect(localClient.v1().customers()
                    .list(CustomerListParams.builder().setLimit(2L).build()).autoPagingIterable());
            assertThat(ids(listed)).doesNotContain(victim).hasSize(before - 1);
            // The deleted id stays usable as a cursor for clients that were mid-way through paging.
            assertThat(localClient.v1().customers()
                    .list(CustomerListParams.builder().setStartingAfter(victim).build()).getData()).isNotEmpty();
            StripeResponse raw = localClient.rawRequest(
                    com.stripe.net.ApiResource.RequestMethod.GET, "/v1/customers/" + victim, null, null);
            assertThat(raw.body()).isEqualTo("{\"id\":\"" + victim + "\",\"object\":\"customer\",\"deleted\":true}");
        }
    }

    // ---------------------------------------------------------------- helpers

    private record Key(long created, String id) {}

    private static void assertNewestFirst(List<Key> keys) {
        Comparator<Key> order = Comparator.comparingLong(Key::created).reversed()
                .thenComparing(Key::id, Comparator.reverseOrder());
        assertThat(keys).isSortedAccordingTo(order);
    }

    private static long findTiedCreated(List<Map<String, Object>> objects) {
        Map<Object, Integer> counts = new HashMap<>();
        objects.forEach(o -> counts.merge(o.get("created"), 1, Integer::sum));
        return (Long) counts.entrySet().stream().filter(e -> e.getValue() > 1).findFirst().orElseThrow().getKey();
    }

    private static <T> List<T> collect(Iterable<T> iterable) {
        return StreamSupport.stream(iterable.spliterator(), false).toList();
    }

    private static List<String> ids(List<? extends HasId> objects) {
        return objects.stream().map(HasId::getId).toList();
    }

    private static List<String> truthIds(String type) {
        return sim.groundTruth().objects(type).stream().map(o -> (String) o.get("id")).toList();
    }

    /**
     * Drops nulls (gson does not write them back) and compares scalars as text, because decimal
     * fields arrive as strings ("2000") and gson writes the parsed BigDecimal back as a number.
     * Embedded lists drop {@code total_count}: Stripe sends it, stripe-java's StripeCollection has no
     * field for it, so that one loss is Stripe's own.
     */
    private static JsonElement normalized(JsonElement element) {
        if (element.isJsonObject()) {
            JsonObject copy = new JsonObject();
            boolean list = element.getAsJsonObject().has("object")
                    && element.getAsJsonObject().get("object").getAsString().equals("list");
            element.getAsJsonObject().entrySet().stream()
                    .filter(e -> !e.getValue().isJsonNull())
                    .filter(e -> !(list && e.getKey().equals("total_count")))
                    .forEach(e -> copy.add(e.getKey(), normalized(e.getValue())));
            return copy;
        }
        if (element.isJsonArray()) {
            com.google.gson.JsonArray copy = new com.google.gson.JsonArray();
            element.getAsJsonArray().forEach(e -> copy.add(normalized(e)));
            return copy;
        }
        return element.isJsonPrimitive() ? new com.google.gson.JsonPrimitive(element.getAsString()) : element;
    }
}
