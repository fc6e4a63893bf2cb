package dev.syncline.connector.hubspot;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The mappings used where the configuration says nothing, following what Stripe–HubSpot sync
 * products do: customers become contacts matched on {@code stripe_customer_id} (not on email,
 * which changes in Stripe and which HubSpot does not allow partial upserts by), subscriptions
 * become deals in the default pipeline associated with their customer's records.
 */
final class DefaultMappings {
    private static final Map<String, String> DEAL_STAGES = Map.of(
            "active", "closedwon", "trialing", "closedwon", "past_due", "closedwon",
            "incomplete", "appointmentscheduled", "incomplete_expired", "closedlost",
            "canceled", "closedlost", "unpaid", "closedlost", "paused", "closedlost");

    private DefaultMappings() {}

    /** The default targets per Stripe type: customer → contacts, subscription → deals. */
    static Map<String, List<TargetMapping>> all() {
        return Map.of(
                "customer", List.of(target("customer", "contacts").orElseThrow()),
                "subscription", List.of(target("subscription", "deals").orElseThrow()));
    }

    /** The default mapping of a Stripe type onto a HubSpot object, if there is one. */
    static Optional<TargetMapping> target(String stripeType, String object) {
        return switch (stripeType + ">" + object) {
            case "customer>contacts" -> Optional.of(new TargetMapping("contacts", "stripe_customer_id", List.of(
                    PropertyMapping.of("email", "email"),
                    PropertyMapping.of("firstname", "name", Transform.FIRST_WORD),
                    PropertyMapping.of("lastname", "name", Transform.REST_WORDS),
                    PropertyMapping.of("phone", "phone"),
                    address(),
                    PropertyMapping.of("city", "address.city"),
                    PropertyMapping.of("state", "address.state"),
                    PropertyMapping.of("zip", "address.postal_code"),
                    PropertyMapping.of("country", "address.country"),
                    PropertyMapping.of("stripe_created_at", "created", Transform.DATETIME),
                    PropertyMapping.of("stripe_delinquent", "delinquent", Transform.BOOL),
                    PropertyMapping.of("stripe_balance", "balance", Transform.AMOUNT),
                    PropertyMapping.of("stripe_currency", "currency", Transform.UPPER)),
                    OnDelete.ARCHIVE, List.of()));
            case "customer>companies" -> Optional.of(new TargetMapping("companies", "stripe_customer_id", List.of(
                    PropertyMapping.of("name", "name"),
                    PropertyMapping.of("phone", "phone"),
                    address(),
                    PropertyMapping.of("city", "address.city"),
                    PropertyMapping.of("state", "address.state"),
                    PropertyMapping.of("zip", "address.postal_code"),
                    PropertyMapping.of("country", "address.country"),
                    PropertyMapping.of("stripe_created_at", "created", Transform.DATETIME)),
                    OnDelete.ARCHIVE, List.of()));
            case "subscription>deals" -> Optional.of(new TargetMapping("deals", "stripe_subscription_id", List.of(
                    PropertyMapping.of("dealname", "id").withFormat("Stripe subscription %s"),
                    PropertyMapping.constant("pipeline", "default"),
                    PropertyMapping.of("dealstage", "status").withValues(DEAL_STAGES),
                    PropertyMapping.of("amount", "items", Transform.RECURRING_AMOUNT),
                    PropertyMapping.of("deal_currency_code", "currency", Transform.UPPER),
                    PropertyMapping.of("closedate", "start_date", Transform.DATETIME),
                    PropertyMapping.of("stripe_subscription_status", "status"),
                    PropertyMapping.of("stripe_customer_id", "customer")),
                    OnDelete.ARCHIVE, List.of("customer")));
            default -> Optional.empty();
        };
    }

    private static PropertyMapping address() {
        return new PropertyMapping("address", List.of("address.line1", "address.line2"), ", ", Transform.NONE, Map.of(), null, null);
    }
}
