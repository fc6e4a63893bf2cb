package dev.syncline.runner.catalog;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The object types the engine can backfill through Stripe's list API, with the list traps of
 * each handled (inactive prices, canceled subscriptions).
 */
public final class StripeCatalog {
    private static final Map<String, StripeObjectType> TYPES = new LinkedHashMap<>();

    static {
        StripeObjectType customer = StripeObjectType.plain("customer", "/v1/customers");
        register(customer);
        // Stripe lists these only per customer: one request per customer, under the same budget.
        register(new StripeObjectType("payment_method", List.of(ListPass.perParent(customer.pass(0), "/v1/customers/{parent}/payment_methods"))));
        // /v1/tax_ids alone lists only the account's own tax IDs (owner[type]=self by default).
        register(new StripeObjectType("tax_id", List.of(ListPass.perParent(customer.pass(0), "/v1/customers/{parent}/tax_ids"),
                ListPass.unfiltered("/v1/tax_ids"))));
        register(StripeObjectType.plain("product", "/v1/products"));
        // Prices and plans list only active ones unless asked: two passes see them all.
        register(StripeObjectType.passes("price", "/v1/prices", List.of(Map.of("active", "true"), Map.of("active", "false"))));
        register(StripeObjectType.passes("plan", "/v1/plans", List.of(Map.of("active", "true"), Map.of("active", "false"))));
        // Without a status, canceled subscriptions are left out.
        register(StripeObjectType.passes("subscription", "/v1/subscriptions", List.of(Map.of("status", "all"))));
        register(StripeObjectType.plain("subscription_schedule", "/v1/subscription_schedules"));
        register(StripeObjectType.plain("invoice", "/v1/invoices"));
        register(StripeObjectType.plain("invoiceitem", "/v1/invoiceitems"));
        register(StripeObjectType.plain("charge", "/v1/charges"));
        register(StripeObjectType.plain("refund", "/v1/refunds"));
        register(StripeObjectType.plain("payment_intent", "/v1/payment_intents"));
        register(StripeObjectType.plain("setup_intent", "/v1/setup_intents"));
        register(StripeObjectType.plain("dispute", "/v1/disputes"));
        register(StripeObjectType.plain("payout", "/v1/payouts"));
        register(StripeObjectType.plain("balance_transaction", "/v1/balance_transactions"));
        register(StripeObjectType.plain("coupon", "/v1/coupons"));
        register(StripeObjectType.plain("promotion_code", "/v1/promotion_codes"));
        register(StripeObjectType.plain("tax_rate", "/v1/tax_rates"));
        register(StripeObjectType.plain("credit_note", "/v1/credit_notes"));
        register(StripeObjectType.plain("checkout.session", "/v1/checkout/sessions"));
        register(StripeObjectType.plain("transfer", "/v1/transfers"));
    }

    private StripeCatalog() {}

    private static void register(StripeObjectType type) {
        TYPES.put(type.name(), type);
    }

    public static Optional<StripeObjectType> find(String name) {
        return Optional.ofNullable(TYPES.get(name));
    }

    public static StripeObjectType get(String name) {
        return find(name).orElseThrow(() -> new IllegalArgumentException("not a syncable Stripe object type: " + name));
    }

    /** Every syncable type name, in catalog order. */
    public static List<String> names() {
        return List.copyOf(TYPES.keySet());
    }
}
