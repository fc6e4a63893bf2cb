package dev.syncline.connector.salesforce;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One sObject a Stripe object type is written to, for example customers to Account.
 *
 * @param path the YAML path of this mapping, for error messages
 * @param stripeType the Stripe object type ({@code customer})
 * @param sObject the sObject ({@code Account})
 * @param externalIdField the external id field holding the Stripe id ({@code Stripe_Customer_Id__c})
 * @param onDelete what a delete does
 * @param versionField the Number field that receives the record's version stamp, null for none
 * @param archiveField the Checkbox field set on archive and cleared on upsert, null for none
 * @param fields the mapped fields, references included
 */
record TargetMapping(String path, String stripeType, String sObject, String externalIdField, OnDelete onDelete,
                     @Nullable String versionField, @Nullable String archiveField, List<FieldRule> fields) {
    TargetMapping {
        fields = List.copyOf(fields);
    }

    /** {@code Account/Stripe_Customer_Id__c}: what identifies where records go. */
    String target() {
        return sObject + "/" + externalIdField;
    }
}
