package dev.syncline.connector.postgres;

/** SQL text helpers. */
final class Sql {
    private Sql() {}

    /**
     * Quotes an identifier. Always applied, because Stripe field names include reserved words
     * ({@code object}, {@code default}, {@code order}) and names come from data, not from us.
     */
    static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    /** {@code "schema"."table"}. */
    static String qualified(String schema, String table) {
        return quote(schema) + "." + quote(table);
    }
}
