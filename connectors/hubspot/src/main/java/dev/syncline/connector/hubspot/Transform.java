package dev.syncline.connector.hubspot;

import java.util.Arrays;
import java.util.Locale;

/**
 * How a Stripe value becomes a HubSpot property value (always a string on the wire). Each also
 * decides the type of a {@code stripe_*} property the connector creates for it.
 */
enum Transform {
    /** The value as text; an expanded object becomes its id. */
    NONE("string", "text"),
    /** Minor units to a decimal by the currency's exponent: 2900 eur → 29.00, 500 jpy → 500. */
    AMOUNT("number", "number"),
    /** Σ unit_amount × quantity over a subscription's {@code items}, in major units. */
    RECURRING_AMOUNT("number", "number"),
    /** Unix seconds to an ISO date at midnight UTC ({@code 2025-11-14}), as date properties require. */
    DATE("date", "date"),
    /** Unix seconds to an ISO-8601 instant ({@code 2025-11-14T22:13:20Z}). */
    DATETIME("datetime", "date"),
    /** {@code true} or {@code false}. */
    BOOL("bool", "booleancheckbox"),
    /** The first word: a name's first name. */
    FIRST_WORD("string", "text"),
    /** Everything after the first word: a name's last name (the whole name if it is one word, so it is never lost). */
    REST_WORDS("string", "text"),
    UPPER("string", "text"),
    LOWER("string", "text"),
    /** The domain of an email address, empty for free-mail domains (a company is not gmail.com). */
    EMAIL_DOMAIN("string", "text");

    private final String propertyType;
    private final String fieldType;

    Transform(String propertyType, String fieldType) {
        this.propertyType = propertyType;
        this.fieldType = fieldType;
    }

    String propertyType() {
        return propertyType;
    }

    String fieldType() {
        return fieldType;
    }

    String configName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    static Transform fromConfig(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT).replace('-', '_'));
    }

    static String[] configNames() {
        return Arrays.stream(values()).map(Transform::configName).toArray(String[]::new);
    }
}
