package dev.syncline.sim.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.syncline.sim.data.Dataset;
import dev.syncline.sim.data.DatasetGenerator;
import dev.syncline.sim.store.ObjectStore;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class StripeApiRouterTest {

    private static final String KEY = "Bearer sk_test_123";
    private final StripeApiRouter router;

    StripeApiRouterTest() {
        Dataset dataset = new DatasetGenerator(1, 20, Instant.parse("2026-11-01T00:00:00Z")).generate();
        router = new StripeApiRouter(new ObjectStore(dataset.objects()), dataset.account());
    }

    private String body(SimResponse response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    @Test
    void acceptsSecretRestrictedAndBasicAuthKeys() {
        assertThat(router.handle("GET", "/v1/customers", "Bearer sk_live_x").status()).isEqualTo(200);
        assertThat(router.handle("GET", "/v1/customers", "Bearer rk_test_x").status()).isEqualTo(200);
        String basic = "Basic " + Base64.getEncoder().encodeToString("sk_test_abc:".getBytes(StandardCharsets.UTF_8));
        assertThat(router.handle("GET", "/v1/customers", basic).status()).isEqualTo(200);
    }

    @Test
    void rejectsMissingAndForeignKeys() {
        SimResponse missing = router.handle("GET", "/v1/customers", null);
        assertThat(missing.status()).isEqualTo(401);
        assertThat(body(missing)).contains("\"type\":\"invalid_request_error\"").contains("You did not provide an API key");
        SimResponse publishable = router.handle("GET", "/v1/customers", "Bearer pk_test_1234567890abcd");
        assertThat(publishable.status()).isEqualTo(401);
        assertThat(body(publishable)).contains("Invalid API Key provided: pk_test_").doesNotContain("1234567890");
    }

    @Test
    void rendersTheListEnvelopeWithThePathOnlyUrl() {
        String json = body(router.handle("GET", "/v1/products?limit=2&created[gte]=0", KEY));
        assertThat(json).startsWith("{\"object\":\"list\",\"data\":[{\"id\":\"prod_")
                .endsWith("],\"has_more\":true,\"url\":\"/v1/products\"}");
        String empty = body(router.handle("GET", "/v1/products?created=1", KEY));
        assertThat(empty).isEqualTo("{\"object\":\"list\",\"data\":[],\"has_more\":false,\"url\":\"/v1/products\"}");
    }

    @Test
    void unknownPathsAndMethodsAreUnrecognized() {
        for (String[] request : new String[][] {
                {"GET", "/v1/x"}, {"GET", "/v2/customers"}, {"POST", "/v1/customers"}, {"GET", "/v1/customers/cus_1/x"},
                {"GET", "/v1/"}, {"GET", "/"}}) {
            SimResponse response = router.handle(request[0], request[1], KEY);
            assertThat(response.status()).as(request[1]).isEqualTo(404);
            assertThat(body(response)).contains(
                    "\"message\":\"Unrecognized request URL (" + request[0] + ": " + request[1] + ").\"");
        }
    }

    @Test
    void unknownIdsAndCursorsAreResourceMissing() {
        String retrieve = body(router.handle("GET", "/v1/prices/price_nope", KEY));
        assertThat(retrieve).contains("\"code\":\"resource_missing\"").contains("\"param\":\"id\"")
                .contains("No such price: 'price_nope'")
                .contains("\"doc_url\":\"https://stripe.com/docs/error-codes/resource-missing\"");
        SimResponse cursor = router.handle("GET", "/v1/invoices?ending_before=in_nope", KEY);
        assertThat(cursor.status()).isEqualTo(404);
        assertThat(body(cursor)).contains("\"param\":\"ending_before\"");
    }

    @Test
    void servesTheAccount() {
        assertThat(body(router.handle("GET", "/v1/account", KEY))).startsWith("{\"id\":\"acct_1Sim").contains("\"object\":\"account\"");
    }
}
