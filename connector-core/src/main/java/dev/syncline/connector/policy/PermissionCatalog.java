package dev.syncline.connector.policy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which Stripe App permission grants reading each object type, and which object type each event
 * type is about. Hand-maintained from Stripe's permission reference, because Stripe publishes no
 * machine-readable event-to-permission table; a type or event missing here is denied until it is
 * added (deny by default).
 *
 * <p>Where Stripe has no permission of a type's own, the type is governed by its parent's:
 * refunds by {@code charge_read}, prices by {@code plan_read}, tax ids by {@code customer_read},
 * subscription items by {@code subscription_read}.
 */
public final class PermissionCatalog {
    /** The permission every event needs on top of the permission of the event's object type. */
    public static final String EVENT_READ = "event_read";

    private static final PermissionCatalog STANDARD = new PermissionCatalog(standardTypes(), standardEventPrefixes());

    private final Map<String, String> readPermissionByType;
    /** Event type prefixes (up to the last dot) to object types, longest first. */
    private final Map<String, String> objectTypeByEventPrefix;

    private PermissionCatalog(Map<String, String> readPermissionByType, Map<String, String> objectTypeByEventPrefix) {
        this.readPermissionByType = Map.copyOf(readPermissionByType);
        this.objectTypeByEventPrefix = objectTypeByEventPrefix;
    }

    /** The catalog of the pinned Stripe API version. */
    public static PermissionCatalog standard() {
        return STANDARD;
    }

    /** The permission that grants reading {@code objectType}, or empty if the catalog does not know the type. */
    public Optional<String> readPermission(String objectType) {
        return Optional.ofNullable(readPermissionByType.get(objectType));
    }

    /**
     * The object type an event is about: {@code customer.subscription.updated} is about a
     * {@code subscription}, {@code charge.dispute.created} about a {@code dispute}. Empty for event
     * types the catalog does not know.
     */
    public Optional<String> objectTypeOfEvent(String eventType) {
        int lastDot = eventType.lastIndexOf('.');
        if (lastDot <= 0) {
            return Optional.empty();
        }
        return Optional.ofNullable(objectTypeByEventPrefix.get(eventType.substring(0, lastDot)));
    }

    /** Every object type the catalog knows, with its read permission. */
    public Map<String, String> readPermissions() {
        return readPermissionByType;
    }

    private static Map<String, String> standardTypes() {
        Map<String, String> types = new LinkedHashMap<>();
        types.put("account", "connected_account_read");
        types.put("application_fee", "application_fee_read");
        types.put("balance", "balance_read");
        types.put("balance_transaction", "balance_read");
        types.put("charge", "charge_read");
        types.put("refund", "charge_read");
        types.put("checkout.session", "checkout_session_read");
        types.put("item", "checkout_session_read");
        types.put("coupon", "coupon_read");
        types.put("discount", "coupon_read");
        types.put("promotion_code", "promotion_code_read");
        types.put("credit_note", "credit_note_read");
        types.put("credit_note_line_item", "credit_note_read");
        types.put("customer", "customer_read");
        types.put("tax_id", "customer_read");
        types.put("customer_balance_transaction", "customer_read");
        types.put("dispute", "dispute_read");
        types.put("file", "file_read");
        types.put("invoice", "invoice_read");
        types.put("invoiceitem", "invoice_read");
        types.put("line_item", "invoice_read");
        types.put("mandate", "mandate_read");
        types.put("payment_intent", "payment_intent_read");
        types.put("payment_link", "payment_links_read");
        types.put("payment_method", "payment_method_read");
        types.put("payout", "payout_read");
        types.put("plan", "plan_read");
        types.put("price", "plan_read");
        types.put("product", "product_read");
        types.put("quote", "quote_read");
        types.put("review", "review_read");
        types.put("setup_intent", "setup_intent_read");
        types.put("shipping_rate", "shipping_rate_read");
        types.put("source", "source_read");
        types.put("subscription", "subscription_read");
        types.put("subscription_item", "subscription_read");
        types.put("subscription_schedule", "subscription_read");
        types.put("tax_rate", "tax_rate_read");
        types.put("topup", "top_up_read");
        types.put("transfer", "transfer_read");
        types.put("test_helpers.test_clock", "billing_clock_read");
        return types;
    }

    private static Map<String, String> standardEventPrefixes() {
        // Event prefixes that differ from the object type; every other catalog type is its own prefix.
        Map<String, String> prefixes = new LinkedHashMap<>();
        for (String type : List.copyOf(standardTypes().keySet())) {
            prefixes.put(type, type);
        }
        prefixes.put("customer.subscription", "subscription");
        prefixes.put("customer.discount", "discount");
        prefixes.put("customer.source", "source");
        prefixes.put("customer.tax_id", "tax_id");
        prefixes.put("charge.dispute", "dispute");
        prefixes.put("charge.refund", "refund");
        // A connected account authorizing or deauthorizing the platform's application: about the account's connection.
        prefixes.put("account.application", "account");
        return Map.copyOf(prefixes);
    }
}
