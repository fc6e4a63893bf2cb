package dev.syncline.connector.hubspot;

import java.util.Arrays;
import java.util.Locale;

/**
 * What to do when HubSpot refuses a record's {@code email} because another contact, linked to
 * another Stripe object, already holds it. HubSpot keeps one contact per email (a unique
 * property), while Stripe lets any number of customers share one, so with {@link #REJECT} every
 * later customer with a shared email would end in the dead letters.
 */
enum OnEmailConflict {
    /**
     * Write the record without {@code email}, keeping the address in the plain property
     * {@link #PLAIN_EMAIL} so no data is lost; the contact holding the email keeps it.
     */
    OMIT_EMAIL,
    /** Refuse the record with HubSpot's conflict: it goes to the dead letters. */
    REJECT;

    /** HubSpot's unique email property of contacts. */
    static final String EMAIL = "email";
    /** Where the email goes when HubSpot refuses it; created by Syncline, not unique. */
    static final String PLAIN_EMAIL = "stripe_email";

    String configName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    static String[] configNames() {
        return Arrays.stream(values()).map(OnEmailConflict::configName).toArray(String[]::new);
    }

    static OnEmailConflict fromConfig(String text) {
        for (OnEmailConflict value : values()) {
            if (value.configName().equals(text)) {
                return value;
            }
        }
        throw new IllegalArgumentException(text);
    }
}
