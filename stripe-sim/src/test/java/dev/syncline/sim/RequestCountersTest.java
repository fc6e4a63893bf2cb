package dev.syncline.sim;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RequestCountersTest {

    @Test
    void endpointsFoldIdsButKeepCollectionNames() {
        assertThat(RequestCounters.endpointOf("GET", "/v1/customers?limit=100")).isEqualTo("GET /v1/customers");
        assertThat(RequestCounters.endpointOf("GET", "/v1/customers/cus_9XbQ2/tax_ids"))
                .isEqualTo("GET /v1/customers/{id}/tax_ids");
        assertThat(RequestCounters.endpointOf("GET", "/v1/checkout/sessions/cs_test_a1B2"))
                .isEqualTo("GET /v1/checkout/sessions/{id}");
        assertThat(RequestCounters.endpointOf("GET", "/v1/subscription_items")).isEqualTo("GET /v1/subscription_items");
    }
}
