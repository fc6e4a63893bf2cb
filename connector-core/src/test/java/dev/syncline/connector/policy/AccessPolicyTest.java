package dev.syncline.connector.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AccessPolicyTest {
    private final PermissionCatalog catalog = PermissionCatalog.standard();
    private final AccessPolicy policy = AccessPolicy.granting(catalog,
            Set.of("customer_read", "charge_read", "plan_read", "event_read", "subscription_write"));

    @ParameterizedTest(name = "{0} needs {1}")
    @CsvSource({
            "customer, customer_read", "price, plan_read", "plan, plan_read", "refund, charge_read",
            "subscription, subscription_read", "subscription_item, subscription_read", "tax_id, customer_read",
            "checkout.session, checkout_session_read", "invoiceitem, invoice_read", "dispute, dispute_read",
            "credit_note_line_item, credit_note_read", "line_item, invoice_read"})
    void eachObjectTypeIsReadWithItsCatalogPermission(String type, String permission) {
        assertThat(catalog.readPermission(type)).contains(permission);
    }

    @ParameterizedTest(name = "{0} is about {1}")
    @CsvSource({
            "customer.created, customer", "customer.subscription.updated, subscription", "charge.dispute.created, dispute",
            "charge.refund.updated, refund", "refund.created, refund", "price.deleted, price", "invoice.payment_succeeded, invoice",
            "customer.tax_id.created, tax_id", "checkout.session.completed, checkout.session", "invoiceitem.created, invoiceitem"})
    void eachEventTypeMapsToTheObjectItCarries(String event, String type) {
        assertThat(catalog.objectTypeOfEvent(event)).contains(type);
    }

    @Test
    void aGrantedTypeIsReadable_andPricesComeWithPlans() {
        assertThat(policy.readable("customer").allowed()).isTrue();
        assertThat(policy.readable("price").allowed()).isTrue();
        assertThat(policy.readable("refund").allowed()).isTrue();
    }

    @Test
    void aTypeWithoutItsPermissionIsDeniedNamingThePermission() {
        Decision decision = policy.readable("subscription");

        assertThat(decision.denied()).isTrue();
        assertThat(decision.permission()).contains("subscription_read");
        assertThat(decision.reason()).contains("subscription_read");
    }

    @Test
    void aWritePermissionDoesNotGrantReading() {
        assertThat(policy.readable("subscription").denied()).isTrue();
    }

    @Test
    void anUnknownTypeOrEventIsDenied() {
        assertThat(policy.readable("treasury.financial_account").denied()).isTrue();
        assertThat(policy.allowsEvent("treasury.financial_account.created").reason()).contains("does not know");
        assertThat(policy.allowsEvent("ping").denied()).isTrue();
    }

    @Test
    void anEventNeedsEventReadAndItsObjectsPermission() {
        assertThat(policy.allowsEvent("customer.updated").allowed()).isTrue();
        assertThat(policy.allowsEvent("customer.subscription.created").permission()).contains("subscription_read");
        AccessPolicy withoutEvents = AccessPolicy.granting(catalog, Set.of("customer_read"));
        assertThat(withoutEvents.allowsEvent("customer.updated").permission()).contains("event_read");
    }
}
