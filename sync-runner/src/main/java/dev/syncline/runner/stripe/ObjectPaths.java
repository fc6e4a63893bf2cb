package dev.syncline.runner.stripe;

import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Where one object of a type is retrieved: {@code /v1/customers/cus_…}, or, for objects Stripe
 * serves only under their parent, the parent's path (a customer's tax IDs).
 */
public final class ObjectPaths {
    private static final Map<String, String> COLLECTIONS = Map.ofEntries(
            Map.entry("customer", "/v1/customers"), Map.entry("product", "/v1/products"), Map.entry("price", "/v1/prices"),
            Map.entry("plan", "/v1/plans"), Map.entry("subscription", "/v1/subscriptions"),
            Map.entry("subscription_item", "/v1/subscription_items"), Map.entry("subscription_schedule", "/v1/subscription_schedules"),
            Map.entry("invoice", "/v1/invoices"), Map.entry("invoiceitem", "/v1/invoiceitems"), Map.entry("charge", "/v1/charges"),
            Map.entry("refund", "/v1/refunds"), Map.entry("payment_intent", "/v1/payment_intents"),
            Map.entry("setup_intent", "/v1/setup_intents"), Map.entry("payment_method", "/v1/payment_methods"),
            Map.entry("dispute", "/v1/disputes"), Map.entry("payout", "/v1/payouts"),
            Map.entry("balance_transaction", "/v1/balance_transactions"), Map.entry("coupon", "/v1/coupons"),
            Map.entry("promotion_code", "/v1/promotion_codes"), Map.entry("tax_rate", "/v1/tax_rates"),
            Map.entry("credit_note", "/v1/credit_notes"), Map.entry("checkout.session", "/v1/checkout/sessions"),
            Map.entry("transfer", "/v1/transfers"), Map.entry("tax_id", "/v1/tax_ids"));

    private ObjectPaths() {}

    /**
     * The retrieve path of an object.
     *
     * @param known the object's last known state, if any: a customer's tax ID is read under its customer
     */
    public static Optional<String> of(String objectType, String id, @Nullable Map<String, @Nullable Object> known) {
        if ("tax_id".equals(objectType) && known != null && known.get("customer") instanceof String customer && !customer.isEmpty()) {
            return Optional.of("/v1/customers/" + customer + "/tax_ids/" + id);
        }
        return Optional.ofNullable(COLLECTIONS.get(objectType)).map(collection -> collection + "/" + id);
    }
}
