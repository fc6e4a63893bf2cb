package dev.syncline.sim.store;

import java.util.Optional;

/**
 * The Stripe object types the simulator serves, with the names Stripe uses on the wire and in
 * URLs, the id prefix that lets {@code expand[]} find an object from its id, and whether the list
 * endpoint takes a {@code created} filter (per-parent lists such as subscription items do not).
 */
public enum ObjectType {
    CUSTOMER("customer", "customers", "cus_", true),
    PRODUCT("product", "products", "prod_", true),
    PRICE("price", "prices", "price_", true),
    PLAN("plan", "plans", null, true),
    COUPON("coupon", "coupons", null, true),
    PROMOTION_CODE("promotion_code", "promotion_codes", "promo_", true),
    SUBSCRIPTION("subscription", "subscriptions", "sub_", true),
    SUBSCRIPTION_ITEM("subscription_item", "subscription_items", "si_", false),
    INVOICE("invoice", "invoices", "in_", true),
    INVOICE_ITEM("invoiceitem", "invoiceitems", "ii_", true),
    CHARGE("charge", "charges", "ch_", true),
    REFUND("refund", "refunds", "re_", true),
    PAYMENT_INTENT("payment_intent", "payment_intents", "pi_", true),
    SETUP_INTENT("setup_intent", "setup_intents", "seti_", true),
    PAYMENT_METHOD("payment_method", "payment_methods", "pm_", false),
    DISPUTE("dispute", "disputes", "dp_", true),
    PAYOUT("payout", "payouts", "po_", true),
    BALANCE_TRANSACTION("balance_transaction", "balance_transactions", "txn_", true),
    CREDIT_NOTE("credit_note", "credit_notes", "cn_", true),
    CHECKOUT_SESSION("checkout.session", "checkout/sessions", "cs_", true),
    TAX_RATE("tax_rate", "tax_rates", "txr_", true),
    TAX_ID("tax_id", "tax_ids", "txi_", false),
    /**
     * Not a synced object: the platform's connected accounts, served by {@code /v1/accounts}
     * (empty for a connected account). The platform itself is {@code /v1/account}.
     */
    ACCOUNT("account", "accounts", "acct_", true),
    /** Not a synced object: the account's event log, served by {@code /v1/events}. */
    EVENT("event", "events", "evt_", true);

    private final String objectName;
    private final String pathSegment;
    private final String idPrefix;
    private final boolean createdFilter;

    ObjectType(String objectName, String pathSegment, String idPrefix, boolean createdFilter) {
        this.objectName = objectName;
        this.pathSegment = pathSegment;
        this.idPrefix = idPrefix;
        this.createdFilter = createdFilter;
    }

    /** The value of the object's {@code object} field, e.g. {@code "customer"}. */
    public String objectName() {
        return objectName;
    }

    /** The collection part of {@code /v1/<segment>}, e.g. {@code "customers"} or {@code "checkout/sessions"}. */
    public String pathSegment() {
        return pathSegment;
    }

    public String listUrl() {
        return "/v1/" + pathSegment;
    }

    /** Whether the list endpoint accepts {@code created}; Stripe rejects it on per-parent lists. */
    public boolean hasCreatedFilter() {
        return createdFilter;
    }

    /**
     * The type an id belongs to, for expansion. Plans share {@code price_} ids and coupons have
     * free-form ids, so neither is found this way (prices win, as stripe-java expects a Price there).
     */
    public static Optional<ObjectType> byIdPrefix(String id) {
        for (ObjectType type : values()) {
            if (type.idPrefix != null && id.startsWith(type.idPrefix)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }

    public static Optional<ObjectType> byObjectName(String name) {
        for (ObjectType type : values()) {
            if (type.objectName.equals(name)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }

    public static Optional<ObjectType> byPathSegment(String segment) {
        for (ObjectType type : values()) {
            if (type.pathSegment.equals(segment)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
