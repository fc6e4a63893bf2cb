package dev.syncline.connector.salesforce;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * How one Salesforce field is computed from a Stripe object.
 *
 * @param field the Salesforce field, or for a reference the relationship name ({@code Account})
 * @param from Stripe field paths ({@code address.city}); the first with a value wins, or all are
 *     joined when {@code join} is set
 * @param join the separator that joins every non-empty value of {@code from}, null to take the first
 * @param transform applied to the value
 * @param values a lookup table applied after the transform ({@code active → Closed Won}); empty for none
 * @param defaultValue the value when there is none (or none in {@code values})
 * @param reference for a parent reference, the parent's external id field: the value is sent as
 *     {@code {"Account": {"Stripe_Customer_Id__c": "cus_…"}}}, and as the CSV column
 *     {@code Account.Stripe_Customer_Id__c} in Bulk jobs
 */
record FieldRule(String field, List<String> from, @Nullable String join, Transform transform, Map<String, String> values,
                 @Nullable String defaultValue, @Nullable String reference) {
    FieldRule {
        from = List.copyOf(from);
        values = Map.copyOf(values);
    }

    static FieldRule path(String field, String... from) {
        return new FieldRule(field, List.of(from), null, Transform.NONE, Map.of(), null, null);
    }

    static FieldRule transformed(String field, Transform transform, String... from) {
        return new FieldRule(field, List.of(from), null, transform, Map.of(), null, null);
    }

    static FieldRule joined(String field, String separator, String... from) {
        return new FieldRule(field, List.of(from), separator, Transform.NONE, Map.of(), null, null);
    }

    static FieldRule parent(String relationship, String externalIdField, String from) {
        return new FieldRule(relationship, List.of(from), null, Transform.NONE, Map.of(), null, externalIdField);
    }

    FieldRule withValues(Map<String, String> table, String fallback) {
        return new FieldRule(field, from, join, transform, table, fallback, reference);
    }

    boolean isReference() {
        return reference != null;
    }
}
