package dev.syncline.bench.postgres;

import dev.syncline.connector.record.Origin;
import dev.syncline.connector.record.SyncRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.jspecify.annotations.Nullable;

/**
 * Realistic customers (the fields and shapes the simulator and Stripe return), generated batch by
 * batch so a million of them never sit in memory at once.
 */
final class CustomerRecords {
    static final String ACCOUNT = "acct_1BenchPlatform01";
    private static final String[] FIRST = {"Jenny", "Amara", "Lukas", "Sofía", "Hiroshi", "Noah", "Chloé", "Priya", "Mateo", "Ingrid"};
    private static final String[] LAST = {"Rosen", "Okafor", "Müller", "García", "Tanaka", "Smith", "Dubois", "Patel", "Rossi", "Berg"};
    private static final String[] DOMAINS = {"example.com", "example.org", "mail.example.net"};
    private static final String[] CURRENCIES = {"usd", "usd", "usd", "eur", "gbp"};
    private static final long NOW = 1_793_534_400L;

    private CustomerRecords() {}

    /** Customers {@code from} to {@code from + count - 1}, the same for the same numbers. */
    static List<SyncRecord> batch(int from, int count, long version, Origin origin) {
        List<SyncRecord> records = new ArrayList<>(count);
        for (int n = from; n < from + count; n++) {
            String id = String.format("cus_B%013d", n);
            records.add(SyncRecord.upsert(ACCOUNT, "customer", id, version, origin, payload(id, n)));
        }
        return records;
    }

    private static Map<String, @Nullable Object> payload(String id, int n) {
        SplittableRandom random = new SplittableRandom(n);
        String first = FIRST[random.nextInt(FIRST.length)];
        String last = LAST[random.nextInt(LAST.length)];
        Map<String, @Nullable Object> c = new LinkedHashMap<>();
        c.put("id", id);
        c.put("object", "customer");
        c.put("address", random.nextInt(3) == 0 ? null : map("city", "Berlin", "country", "DE", "line1", "Torstraße " + n % 200,
                "line2", null, "postal_code", "10119", "state", null));
        c.put("balance", random.nextInt(10) == 0 ? -random.nextLong(100_000) : 0L);
        c.put("business_name", null);
        c.put("created", NOW - random.nextLong(3 * 365 * 86_400L));
        c.put("currency", CURRENCIES[random.nextInt(CURRENCIES.length)]);
        c.put("customer_account", null);
        c.put("default_source", null);
        c.put("delinquent", random.nextInt(20) == 0);
        c.put("description", null);
        c.put("discount", null);
        c.put("email", first.toLowerCase() + "." + last.toLowerCase() + n + "@" + DOMAINS[random.nextInt(DOMAINS.length)]);
        c.put("individual_name", null);
        c.put("invoice_prefix", String.format("%08X", random.nextInt() & 0x7fffffff));
        c.put("invoice_settings", map("custom_fields", null, "default_payment_method", "pm_1Bench" + n, "footer", null,
                "rendering_options", null));
        c.put("livemode", false);
        c.put("metadata", map("crm_id", Integer.toString(n), "segment", random.nextBoolean() ? "smb" : "enterprise"));
        c.put("name", first + " " + last);
        c.put("next_invoice_sequence", 1L + random.nextInt(40));
        c.put("phone", random.nextBoolean() ? String.format("+1555%07d", random.nextInt(10_000_000)) : null);
        c.put("preferred_locales", List.of("en"));
        c.put("shipping", null);
        c.put("tax_exempt", "none");
        c.put("test_clock", null);
        return c;
    }

    private static Map<String, @Nullable Object> map(@Nullable Object... keysAndValues) {
        Map<String, @Nullable Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(String.valueOf(keysAndValues[i]), keysAndValues[i + 1]);
        }
        return map;
    }
}
