package dev.syncline.connector.salesforce;

import java.util.Optional;

/** What a Stripe delete does to the Salesforce record it was mapped to. */
enum OnDelete {
    /**
     * Keep the record and its data, set the archive field ({@code Stripe_Deleted__c = true}). Sales
     * teams keep their history; reports filter on the flag. The Recycle Bin is not used: deleting
     * needs record ids, and a deleted Account takes its Contacts and Opportunities with it.
     */
    ARCHIVE("archive"),
    /** Empty every mapped field Salesforce allows to be empty, and set the archive field if there is one. */
    CLEAR("clear"),
    /** Leave the record as it is. */
    IGNORE("ignore");

    private final String configName;

    OnDelete(String configName) {
        this.configName = configName;
    }

    String configName() {
        return configName;
    }

    static Optional<OnDelete> byName(String name) {
        for (OnDelete d : values()) {
            if (d.configName.equals(name)) {
                return Optional.of(d);
            }
        }
        return Optional.empty();
    }
}
