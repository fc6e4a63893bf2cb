package dev.syncline.testkit.salesforce;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The describe-light metadata of one fake sObject: its fields, which are external ids and which
 * are required, and the three-character key prefix of its record ids.
 *
 * @param name the sObject name, for example {@code Account}
 * @param keyPrefix the id prefix, {@code 001} for accounts
 * @param fields the fields by name
 */
public record SObjectType(String name, String keyPrefix, Map<String, FieldDef> fields) {
    public SObjectType {
        fields = Map.copyOf(fields);
    }

    public static SObjectType of(String name, String keyPrefix, List<FieldDef> fields) {
        Map<String, FieldDef> byName = new LinkedHashMap<>();
        fields.forEach(f -> byName.put(f.name(), f));
        return new SObjectType(name, keyPrefix, byName);
    }

    public Optional<FieldDef> field(String fieldName) {
        return Optional.ofNullable(fields.get(fieldName));
    }

    /** The lookup field whose relationship name is {@code relationshipName} ({@code Account} → {@code AccountId}). */
    public Optional<FieldDef> relationship(String relationshipName) {
        return fields.values().stream().filter(f -> relationshipName.equals(f.relationshipName())).findFirst();
    }

    /** A copy with one more field, for tests whose mapping writes a custom field. */
    public SObjectType with(FieldDef field) {
        Map<String, FieldDef> copy = new LinkedHashMap<>(fields);
        copy.put(field.name(), field);
        return new SObjectType(name, keyPrefix, copy);
    }

    /**
     * Account, Contact and Opportunity with their standard fields, the required ones marked
     * (Account.Name, Contact.LastName, Opportunity.Name/StageName/CloseDate), and the custom fields
     * Syncline's default mapping writes.
     */
    static List<SObjectType> standard() {
        List<FieldDef> stripeFields = List.of(FieldDef.number("Stripe_Version__c"), FieldDef.bool("Stripe_Deleted__c"),
                FieldDef.dateTime("Stripe_Created__c"));
        SObjectType account = of("Account", "001", concat(List.of(
                FieldDef.text("Name", 255).asRequired(), FieldDef.text("Phone", 40), FieldDef.text("Description", 32_000),
                FieldDef.text("BillingStreet", 255), FieldDef.text("BillingCity", 40), FieldDef.text("BillingState", 80),
                FieldDef.text("BillingPostalCode", 20), FieldDef.text("BillingCountry", 80),
                FieldDef.externalId("Stripe_Customer_Id__c"), FieldDef.number("Stripe_Balance__c"),
                FieldDef.text("Stripe_Currency__c", 3), FieldDef.bool("Stripe_Delinquent__c")), stripeFields));
        SObjectType contact = of("Contact", "003", concat(List.of(
                FieldDef.text("FirstName", 40), FieldDef.text("LastName", 80).asRequired(), FieldDef.email("Email"),
                FieldDef.text("Phone", 40), FieldDef.text("MailingStreet", 255), FieldDef.text("MailingCity", 40),
                FieldDef.text("MailingState", 80), FieldDef.text("MailingPostalCode", 20), FieldDef.text("MailingCountry", 80),
                FieldDef.lookup("AccountId", "Account", "Account"), FieldDef.externalId("Stripe_Customer_Id__c")), stripeFields));
        SObjectType opportunity = of("Opportunity", "006", concat(List.of(
                FieldDef.text("Name", 120).asRequired(), FieldDef.text("StageName", 255).asRequired(),
                FieldDef.date("CloseDate").asRequired(), FieldDef.number("Amount"), FieldDef.text("Description", 32_000),
                FieldDef.lookup("AccountId", "Account", "Account"), FieldDef.externalId("Stripe_Subscription_Id__c"),
                FieldDef.text("Stripe_Status__c", 40), FieldDef.date("Stripe_Current_Period_End__c")), stripeFields));
        return List.of(account, contact, opportunity);
    }

    private static List<FieldDef> concat(List<FieldDef> a, List<FieldDef> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }
}
