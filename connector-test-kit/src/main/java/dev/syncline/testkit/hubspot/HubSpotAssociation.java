package dev.syncline.testkit.hubspot;

/**
 * One directed association between two records.
 *
 * @param fromType the source object type, for example {@code deals}
 * @param fromId the source record id
 * @param toType the target object type
 * @param toId the target record id
 * @param typeId HubSpot's association type id, which names one direction (3 for deal → contact)
 */
public record HubSpotAssociation(String fromType, String fromId, String toType, String toId, int typeId) {}
