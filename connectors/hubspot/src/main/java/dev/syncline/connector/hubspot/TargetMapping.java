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
 */
record TargetMapping(String object, String idProperty, List<PropertyMapping> properties, OnDelete onDelete,
                     List<String> associate) {
    TargetMapping {
        properties = List.copyOf(properties);
        associate = List.copyOf(associate);
    }

    /** The names of the mapped properties, in order. */
    List<String> propertyNames() {
        return properties.stream().map(PropertyMapping::property).toList();
    }
}
