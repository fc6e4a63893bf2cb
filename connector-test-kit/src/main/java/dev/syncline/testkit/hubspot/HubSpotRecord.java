package dev.syncline.testkit.hubspot;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * A snapshot of one record the fake holds.
 *
 * @param id HubSpot's record id ({@code hs_object_id}), a numeric string
 * @param properties the property values, always strings, as HubSpot stores them
 * @param archived whether the record was archived (HubSpot's recycle bin)
 * @param createdAt when it was created
 * @param updatedAt when it was last written
 * @param writes how many upserts and updates changed it after its creation
 */
public record HubSpotRecord(String id, Map<String, String> properties, boolean archived, Instant createdAt,
                            Instant updatedAt, int writes) {
    public HubSpotRecord {
        properties = Map.copyOf(properties);
    }

    public Optional<String> property(String name) {
        return Optional.ofNullable(properties.get(name));
    }
}
