package dev.syncline.connector.hubspot;

import java.util.List;

/**
 * One HubSpot object type a Stripe object type is written to.
 *
 * @param object the HubSpot object type: {@code contacts}, {@code companies}, {@code deals}, or any other
 *     (custom objects as {@code 2-…})
 * @param idProperty the unique property the upsert matches on, holding the Stripe id
 * @param properties the mapped properties, in order
 * @param onDelete what a Stripe delete does to the record
 * @param associate the Stripe types whose records this one is associated with, through the field
 *     of that name ({@code customer} for a subscription)
 * @param onEmailConflict what to do when HubSpot refuses the mapped {@code email} as another contact's
 */
record TargetMapping(String object, String idProperty, List<PropertyMapping> properties, OnDelete onDelete,
                     List<String> associate, OnEmailConflict onEmailConflict) {
    TargetMapping {
        properties = List.copyOf(properties);
        associate = List.copyOf(associate);
    }

    /** A target with the default {@link OnEmailConflict#OMIT_EMAIL}. */
    TargetMapping(String object, String idProperty, List<PropertyMapping> properties, OnDelete onDelete, List<String> associate) {
        this(object, idProperty, properties, onDelete, associate, OnEmailConflict.OMIT_EMAIL);
    }

    /**
     * Whether an email HubSpot refuses as another contact's is written to {@code stripe_email}
     * instead: the mode asks for it, {@code email} is mapped, and {@code stripe_email} is not
     * mapped to something else.
     */
    boolean omitsConflictingEmail() {
        List<String> names = propertyNames();
        return onEmailConflict == OnEmailConflict.OMIT_EMAIL && names.contains(OnEmailConflict.EMAIL)
                && !names.contains(OnEmailConflict.PLAIN_EMAIL);
    }

    /** The names of the mapped properties, in order. */
    List<String> propertyNames() {
        return properties.stream().map(PropertyMapping::property).toList();
    }
}
