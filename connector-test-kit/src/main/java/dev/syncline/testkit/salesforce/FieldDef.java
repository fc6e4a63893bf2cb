package dev.syncline.testkit.salesforce;

import org.jspecify.annotations.Nullable;

/**
 * One field of a fake sObject, with the properties the fake enforces.
 *
 * @param name the API name, for example {@code BillingCity}
 * @param kind what values it holds
 * @param length the longest text it accepts (text kinds only)
 * @param required whether a record cannot be created or kept without it
 * @param externalId whether it is an external id (unique and case-sensitive in the fake)
 * @param referenceTo for a lookup ({@code AccountId}), the sObject it points to
 * @param relationshipName for a lookup, the name used to reference the parent by external id ({@code Account})
 */
public record FieldDef(String name, Kind kind, int length, boolean required, boolean externalId,
                       @Nullable String referenceTo, @Nullable String relationshipName) {

    public static FieldDef text(String name, int length) {
        return new FieldDef(name, Kind.TEXT, length, false, false, null, null);
    }

    public static FieldDef email(String name) {
        return new FieldDef(name, Kind.EMAIL, 80, false, false, null, null);
    }

    public static FieldDef number(String name) {
        return new FieldDef(name, Kind.NUMBER, 0, false, false, null, null);
    }

    public static FieldDef bool(String name) {
        return new FieldDef(name, Kind.BOOLEAN, 0, false, false, null, null);
    }

    public static FieldDef date(String name) {
        return new FieldDef(name, Kind.DATE, 0, false, false, null, null);
    }

    public static FieldDef dateTime(String name) {
        return new FieldDef(name, Kind.DATETIME, 0, false, false, null, null);
    }

    /** An external id: Text(255), unique, case-sensitive, as docs/connectors/salesforce.md asks admins to create it. */
    public static FieldDef externalId(String name) {
        return new FieldDef(name, Kind.TEXT, 255, false, true, null, null);
    }

    public static FieldDef lookup(String name, String referenceTo, String relationshipName) {
        return new FieldDef(name, Kind.REFERENCE, 18, false, false, referenceTo, relationshipName);
    }

    public FieldDef asRequired() {
        return new FieldDef(name, kind, length, true, externalId, referenceTo, relationshipName);
    }

    /** The kinds of value the fake tells apart. */
    public enum Kind { TEXT, EMAIL, NUMBER, BOOLEAN, DATE, DATETIME, REFERENCE }
}
