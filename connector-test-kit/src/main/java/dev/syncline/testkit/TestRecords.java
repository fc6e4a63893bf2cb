package dev.syncline.testkit;

import dev.syncline.connector.record.Origin;
import dev.syncline.connector.record.SyncRecord;
import dev.syncline.connector.schema.FieldSpec;
import dev.syncline.connector.schema.FieldType;
import dev.syncline.connector.schema.ObjectSchema;
import dev.syncline.connector.schema.SchemaCatalog;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Builders for realistic, Stripe-shaped records: customers and subscriptions as the API of the
 * pinned version returns them, with nested objects, nulls, metadata and references.
 *
 * <pre>{@code
 * SyncRecord v1 = TestRecords.customer("cus_1").version(100).upsert();
 * SyncRecord v2 = TestRecords.customer("cus_1").version(200).set("email", "new@example.com").upsert();
 * SyncRecord gone = TestRecords.customer("cus_1").version(300).delete();
 * }</pre>
 */
public final class TestRecords {
    /** The platform account of the tests. */
    public static final String ACCOUNT = "acct_1PlatformTest0001";
    /** A connected account, for tests that need two accounts. */
    public static final String CONNECTED_ACCOUNT = "acct_1ConnectedTest001";
    /** The {@code created} second of every test object: 2025-11-14T22:13:20Z. */
    public static final long CREATED = 1_763_158_400L;

    private static final ObjectSchema CUSTOMER = new ObjectSchema("customer", List.of(
            field("id", FieldType.TEXT),
            field("object", FieldType.TEXT),
            field("address", FieldType.JSON),
            field("balance", FieldType.BIGINT),
            field("created", FieldType.TIMESTAMP),
            field("currency", FieldType.TEXT),
            field("default_source", FieldType.REFERENCE),
            field("delinquent", FieldType.BOOLEAN),
            field("description", FieldType.TEXT),
            field("email", FieldType.TEXT),
            field("invoice_prefix", FieldType.TEXT),
            field("invoice_settings", FieldType.JSON),
            field("livemode", FieldType.BOOLEAN),
            field("metadata", FieldType.JSON),
            field("name", FieldType.TEXT),
            field("next_invoice_sequence", FieldType.BIGINT),
            field("phone", FieldType.TEXT),
            field("preferred_locales", FieldType.JSON),
            field("shipping", FieldType.JSON),
            field("tax_exempt", FieldType.TEXT),
            field("test_clock", FieldType.REFERENCE)));

    private static final ObjectSchema SUBSCRIPTION = new ObjectSchema("subscription", List.of(
            field("id", FieldType.TEXT),
            field("object", FieldType.TEXT),
            field("application", FieldType.REFERENCE),
            field("application_fee_percent", FieldType.NUMERIC),
            field("billing_cycle_anchor", FieldType.TIMESTAMP),
            field("cancel_at", FieldType.TIMESTAMP),
            field("cancel_at_period_end", FieldType.BOOLEAN),
            field("canceled_at", FieldType.TIMESTAMP),
            field("collection_method", FieldType.TEXT),
            field("created", FieldType.TIMESTAMP),
            field("currency", FieldType.TEXT),
            field("customer", FieldType.REFERENCE),
            field("default_payment_method", FieldType.REFERENCE),
            field("description", FieldType.TEXT),
            field("items", FieldType.JSON),
            field("latest_invoice", FieldType.REFERENCE),
            field("livemode", FieldType.BOOLEAN),
            field("metadata", FieldType.JSON),
            field("start_date", FieldType.TIMESTAMP),
            field("status", FieldType.TEXT),
            field("trial_end", FieldType.TIMESTAMP)));

    private static final ObjectSchema SUBSCRIPTION_ITEM = new ObjectSchema("subscription_item", List.of(
            field("id", FieldType.TEXT),
            field("object", FieldType.TEXT),
            field("created", FieldType.TIMESTAMP),
            field("current_period_end", FieldType.TIMESTAMP),
            field("current_period_start", FieldType.TIMESTAMP),
            field("metadata", FieldType.JSON),
            field("price", FieldType.JSON),
            field("quantity", FieldType.BIGINT),
            field("subscription", FieldType.TEXT)));

    private TestRecords() {}

    /**
     * The schemas of {@code customer}, {@code subscription} and {@code subscription_item}, as the
     * runner would derive them.
     */
    public static SchemaCatalog schemas() {
        return type -> switch (type) {
            case "customer" -> Optional.of(CUSTOMER);
            case "subscription" -> Optional.of(SUBSCRIPTION);
            case "subscription_item" -> Optional.of(SUBSCRIPTION_ITEM);
            default -> Optional.empty();
        };
    }

    public static ObjectSchema customerSchema() {
        return CUSTOMER;
    }

    public static ObjectSchema subscriptionSchema() {
        return SUBSCRIPTION;
    }

    /** A customer in {@link #ACCOUNT}, version {@link #CREATED}. */
    public static Builder customer(String id) {
        return new Builder("customer", id, customerPayload(id));
    }

    /** An active subscription of {@code cus_TestCustomer01} in {@link #ACCOUNT}, version {@link #CREATED}. */
    public static Builder subscription(String id) {
        return new Builder("subscription", id, subscriptionPayload(id, "cus_TestCustomer01"));
    }

    /** A Stripe customer as {@code GET /v1/customers/:id} returns it. */
    public static Map<String, @Nullable Object> customerPayload(String id) {
        Map<String, @Nullable Object> c = new LinkedHashMap<>();
        c.put("id", id);
        c.put("object", "customer");
        c.put("address", ordered("city", "Berlin", "country", "DE", "line1", "Torstraße 1", "line2", null,
                "postal_code", "10119", "state", null));
        c.put("balance", 0L);
        c.put("created", CREATED);
        c.put("currency", "eur");
        c.put("default_source", null);
        c.put("delinquent", false);
        c.put("description", "Test customer " + id);
        c.put("discount", null);
        c.put("email", "jenny.rosen+" + id.toLowerCase(java.util.Locale.ROOT) + "@example.com");
        c.put("invoice_prefix", "A1B2C3D4");
        c.put("invoice_settings", ordered("custom_fields", null, "default_payment_method", "pm_1TestCard0001",
                "footer", null, "rendering_options", null));
        c.put("livemode", false);
        c.put("metadata", ordered("crm_id", "8812", "segment", "smb"));
        c.put("name", "Jenny Rosen");
        c.put("next_invoice_sequence", 1L);
        c.put("phone", "+493012345678");
        c.put("preferred_locales", List.of("de", "en"));
        c.put("shipping", null);
        c.put("tax_exempt", "none");
        c.put("test_clock", null);
        return c;
    }

    /**
     * A subscription item as embedded in {@code subscription.items.data}.
     *
     * @param id the item's id ({@code si_…})
     * @param quantity its quantity
     */
    public static Map<String, @Nullable Object> subscriptionItem(String id, String subscriptionId, long quantity) {
        Map<String, @Nullable Object> price = ordered("id", "price_1TestMonthly01", "object", "price", "active", true,
                "currency", "eur", "product", "prod_TestPro0001", "recurring",
                ordered("interval", "month", "interval_count", 1L, "usage_type", "licensed"),
                "type", "recurring", "unit_amount", 2900L, "unit_amount_decimal", "2900");
        return ordered("id", id, "object", "subscription_item", "created", CREATED, "current_period_end",
                CREATED + 2_592_000L, "current_period_start", CREATED, "metadata", new LinkedHashMap<>(), "price", price,
                "quantity", quantity, "subscription", subscriptionId);
    }

    /** Stripe's list object embedding {@code items}, as in {@code subscription.items}. */
    public static Map<String, @Nullable Object> list(List<Map<String, @Nullable Object>> items, boolean hasMore, String url) {
        return ordered("object", "list", "data", List.copyOf(items), "has_more", hasMore, "total_count", (long) items.size(),
                "url", url);
    }

    /** A Stripe subscription as {@code GET /v1/subscriptions/:id} returns it, with one item. */
    public static Map<String, @Nullable Object> subscriptionPayload(String id, String customerId) {
        Map<String, @Nullable Object> price = ordered("id", "price_1TestMonthly01", "object", "price", "active", true,
                "currency", "eur", "product", "prod_TestPro0001", "recurring",
                ordered("interval", "month", "interval_count", 1L, "usage_type", "licensed"),
                "type", "recurring", "unit_amount", 2900L, "unit_amount_decimal", "2900");
        Map<String, @Nullable Object> item = ordered("id", "si_" + id.substring(id.indexOf('_') + 1), "object",
                "subscription_item", "created", CREATED, "current_period_end", CREATED + 2_592_000L,
                "current_period_start", CREATED, "metadata", new LinkedHashMap<>(), "price", price, "quantity", 3L,
                "subscription", id);
        Map<String, @Nullable Object> s = new LinkedHashMap<>();
        s.put("id", id);
        s.put("object", "subscription");
        s.put("application", null);
        s.put("application_fee_percent", null);
        s.put("billing_cycle_anchor", CREATED);
        s.put("cancel_at", null);
        s.put("cancel_at_period_end", false);
        s.put("canceled_at", null);
        s.put("collection_method", "charge_automatically");
        s.put("created", CREATED);
        s.put("currency", "eur");
        s.put("customer", customerId);
        s.put("default_payment_method", "pm_1TestCard0001");
        s.put("description", null);
        s.put("items", ordered("object", "list", "data", List.of(item), "has_more", false,
                "total_count", 1L, "url", "/v1/subscription_items?subscription=" + id));
        s.put("latest_invoice", "in_1TestInvoice001");
        s.put("livemode", false);
        s.put("metadata", new LinkedHashMap<>());
        s.put("start_date", CREATED);
        s.put("status", "active");
        s.put("trial_end", null);
        return s;
    }

    private static FieldSpec field(String name, FieldType type) {
        return new FieldSpec(name, type);
    }

    private static Map<String, @Nullable Object> ordered(@Nullable Object... keysAndValues) {
        Map<String, @Nullable Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(String.valueOf(keysAndValues[i]), keysAndValues[i + 1]);
        }
        return map;
    }

    /** Builds one record; every method returns the same builder. */
    public static final class Builder {
        private final String objectType;
        private final String id;
        private final Map<String, @Nullable Object> payload;
        private String account = ACCOUNT;
        private long version = CREATED;
        private Origin origin = Origin.EVENT;

        private Builder(String objectType, String id, Map<String, @Nullable Object> payload) {
            this.objectType = objectType;
            this.id = id;
            this.payload = payload;
        }

        public Builder account(String accountId) {
            this.account = accountId;
            return this;
        }

        public Builder version(long value) {
            this.version = value;
            return this;
        }

        public Builder origin(Origin value) {
            this.origin = value;
            return this;
        }

        /** Sets (or adds) one top-level field. */
        public Builder set(String field, @Nullable Object value) {
            payload.put(field, value);
            return this;
        }

        public Builder remove(String field) {
            payload.remove(field);
            return this;
        }

        /** A copy of the payload built so far. */
        public Map<String, @Nullable Object> payload() {
            return new LinkedHashMap<>(payload);
        }

        /** An upsert of the payload. */
        public SyncRecord upsert() {
            return SyncRecord.upsert(account, objectType, id, version, origin, payload());
        }

        /** A delete carrying Stripe's deleted stub ({@code id}, {@code object}, {@code deleted: true}). */
        public SyncRecord delete() {
            Map<String, @Nullable Object> stub = new LinkedHashMap<>();
            stub.put("id", id);
            stub.put("object", objectType);
            stub.put("deleted", true);
            return SyncRecord.delete(account, objectType, id, version, origin, stub);
        }
    }
}
