package dev.syncline.connector.salesforce;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The mappings used when the YAML gives none for a Stripe type, following what Stripe-to-CRM sync
 * products do (crm-apis.md §3.2): customers become an Account and a Contact linked to it,
 * subscriptions an Opportunity of that Account. docs/connectors/salesforce.md lists them.
 */
final class DefaultMappings {
    static final String CUSTOMER_ID = "Stripe_Customer_Id__c";
    static final String SUBSCRIPTION_ID = "Stripe_Subscription_Id__c";
    static final String VERSION_FIELD = "Stripe_Version__c";
    static final String ARCHIVE_FIELD = "Stripe_Deleted__c";

    private DefaultMappings() {}

    /** Stripe type → the sObjects it is written to, in write order (parents first). */
    static Map<String, List<String>> objects() {
        Map<String, List<String>> objects = new LinkedHashMap<>();
        objects.put("customer", List.of("Account", "Contact"));
        objects.put("subscription", List.of("Opportunity"));
        return objects;
    }

    static String externalIdField(String stripeType) {
        return stripeType.equals("subscription") ? SUBSCRIPTION_ID : stripeType.equals("customer") ? CUSTOMER_ID
                : "Stripe_" + capitalized(stripeType) + "_Id__c";
    }

    /** The default fields of {@code sObject} for {@code stripeType}; empty if there is no default. */
    static List<FieldRule> fields(String stripeType, String sObject) {
        return switch (stripeType + "/" + sObject) {
            case "customer/Account" -> List.of(
                    FieldRule.path("Name", "name", "email", "id"),
                    FieldRule.path("Phone", "phone"),
                    FieldRule.path("Description", "description"),
                    FieldRule.joined("BillingStreet", "\n", "address.line1", "address.line2"),
                    FieldRule.path("BillingCity", "address.city"),
                    FieldRule.path("BillingState", "address.state"),
                    FieldRule.path("BillingPostalCode", "address.postal_code"),
                    FieldRule.path("BillingCountry", "address.country"),
                    FieldRule.transformed("Stripe_Created__c", Transform.DATETIME, "created"),
                    FieldRule.transformed("Stripe_Balance__c", Transform.DECIMAL, "balance"),
                    FieldRule.path("Stripe_Currency__c", "currency"),
                    FieldRule.path("Stripe_Delinquent__c", "delinquent"));
            case "customer/Contact" -> List.of(
                    FieldRule.transformed("FirstName", Transform.FIRST_NAME, "name"),
                    FieldRule.transformed("LastName", Transform.LAST_NAME, "name", "email", "id"),
                    FieldRule.path("Email", "email"),
                    FieldRule.path("Phone", "phone"),
                    FieldRule.joined("MailingStreet", "\n", "address.line1", "address.line2"),
                    FieldRule.path("MailingCity", "address.city"),
                    FieldRule.path("MailingState", "address.state"),
                    FieldRule.path("MailingPostalCode", "address.postal_code"),
                    FieldRule.path("MailingCountry", "address.country"),
                    FieldRule.transformed("Stripe_Created__c", Transform.DATETIME, "created"),
                    FieldRule.parent("Account", CUSTOMER_ID, "id"));
            case "subscription/Opportunity" -> List.of(
                    FieldRule.path("Name", "description", "id"),
                    FieldRule.path("StageName", "status").withValues(stages(), "Prospecting"),
                    FieldRule.transformed("CloseDate", Transform.DATE, "start_date", "created"),
                    FieldRule.transformed("Amount", Transform.ITEMS_AMOUNT, "items"),
                    FieldRule.path("Stripe_Status__c", "status"),
                    FieldRule.transformed("Stripe_Created__c", Transform.DATETIME, "created"),
                    FieldRule.parent("Account", CUSTOMER_ID, "customer"));
            default -> List.of();
        };
    }

    /** Subscription status → a standard Opportunity stage. */
    static Map<String, String> stages() {
        return Map.of("active", "Closed Won", "trialing", "Closed Won", "past_due", "Closed Won",
                "unpaid", "Closed Lost", "canceled", "Closed Lost", "incomplete_expired", "Closed Lost",
                "incomplete", "Prospecting", "paused", "Prospecting");
    }

    private static String capitalized(String type) {
        StringBuilder out = new StringBuilder();
        for (String part : type.split("[._]")) {
            out.append(part.isEmpty() ? "" : Character.toUpperCase(part.charAt(0)) + part.substring(1));
        }
        return out.toString();
    }
}
