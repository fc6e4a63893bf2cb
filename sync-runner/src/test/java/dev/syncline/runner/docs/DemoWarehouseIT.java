package dev.syncline.runner.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.syncline.connector.schema.ObjectSchema;
import dev.syncline.sim.GroundTruth;
import dev.syncline.sim.StripeSimulator;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The demo's data (seed 42, 10,000 customers, the demo's clock) written through the Postgres
 * connector, then read the way analysts read it: every object type the simulator serves in typed
 * columns, the child tables, and the example queries of docs/warehouse-schema.md against figures
 * computed in Java from the simulator's ground truth.
 */
class DemoWarehouseIT {
    private static final Instant SIM_NOW = Instant.parse("2026-11-01T12:00:00Z");
    private static StripeSimulator simulator;
    private static GroundTruth truth;
    private static WarehouseFixture warehouse;

    @BeforeAll
    static void syncTheDemoAccount() {
        simulator = StripeSimulator.builder().seed(42).customers(10_000).now(SIM_NOW).start();
        truth = simulator.groundTruth();
        warehouse = new WarehouseFixture();
        for (String type : truth.objectTypes()) {
            warehouse.backfill(type, simulator.accountId(), truth.objects(type), SIM_NOW.getEpochSecond());
        }
    }

    @AfterAll
    static void stop() {
        if (warehouse != null) {
            warehouse.close();
        }
        if (simulator != null) {
            simulator.close();
        }
    }

    @Test
    void everyObjectTypeTheSimulatorServesLandsWithItsTypedColumnsFilled() throws Exception {
        assertThat(truth.objectTypes()).isNotEmpty();
        try (Connection c = warehouse.jdbc(); Statement statement = c.createStatement()) {
            for (String type : truth.objectTypes()) {
                Map<String, Map<String, Object>> rows = new HashMap<>();
                List<String> columns = new ArrayList<>();
                try (ResultSet rs = statement.executeQuery("SELECT * FROM stripe." + ObjectSchema.collectionName(type))) {
                    ResultSetMetaData meta = rs.getMetaData();
                    for (int i = 1; i <= meta.getColumnCount(); i++) {
                        columns.add(meta.getColumnName(i));
                    }
                    while (rs.next()) {
                        Map<String, Object> row = new HashMap<>();
                        for (int i = 1; i <= columns.size(); i++) {
                            row.put(columns.get(i - 1), rs.getObject(i));
                        }
                        rows.put(rs.getString("id"), row);
                    }
                }
                assertThat(rows).as("rows of %s", type).hasSize(truth.count(type));
                for (Map<String, Object> object : truth.objects(type)) {
                    Map<String, Object> row = rows.get((String) object.get("id"));
                    for (Map.Entry<String, Object> field : object.entrySet()) {
                        if (field.getValue() != null) {
                            assertThat(columns).as("a column for %s.%s", type, field.getKey()).contains(field.getKey());
                            assertThat(row.get(field.getKey())).as("%s.%s of %s", type, field.getKey(), object.get("id")).isNotNull();
                        }
                    }
                }
            }
        }
        assertThat(warehouse.context().counters()).as("no value was unfit for its column")
                .noneSatisfy((name, value) -> assertThat(name).startsWith("syncline.postgres.unfit_values"));
    }

    @Test
    void childTablesHoldEveryEmbeddedItem() throws Exception {
        int lines = truth.objects("invoice").stream().mapToInt(i -> listData(i, "lines").size()).sum();
        int items = truth.objects("subscription").stream().mapToInt(s -> listData(s, "items").size()).sum();
        try (Connection c = warehouse.jdbc(); Statement statement = c.createStatement()) {
            assertThat(count(statement, "SELECT count(*) FROM stripe.invoice_line_items")).isEqualTo(lines);
            assertThat(count(statement, "SELECT count(*) FROM stripe.subscription_items")).isEqualTo(items);
            assertThat(count(statement, "SELECT count(*) FROM stripe.invoice_line_items l JOIN stripe.invoices i"
                    + " ON i._account_id = l._account_id AND i.id = l.invoice")).isEqualTo(lines);
        }
    }

    @Test
    void monthlyRecurringRevenueByMonthMatchesTheGroundTruth() throws Exception {
        Map<List<String>, Long> expected = new TreeMap<>(java.util.Comparator.comparing((List<String> k) -> k.get(0)).thenComparing(k -> k.get(1)));
        List<Map<String, Object>> subscriptions = truth.objects("subscription");
        YearMonth first = subscriptions.stream().map(s -> month(s.get("start_date"))).min(YearMonth::compareTo).orElseThrow();
        YearMonth last = subscriptions.stream().map(s -> month(s.get("created"))).max(YearMonth::compareTo).orElseThrow();
        Map<List<String>, Long> yearlyAmounts = new HashMap<>();
        for (YearMonth m = first; !m.isAfter(last); m = m.plusMonths(1)) {
            long end = m.plusMonths(1).atDay(1).atStartOfDay().toEpochSecond(ZoneOffset.UTC);
            for (Map<String, Object> s : subscriptions) {
                if (List.of("incomplete", "incomplete_expired").contains(s.get("status"))
                        || seconds(s.get("start_date")) >= end
                        || (s.get("trial_end") != null && seconds(s.get("trial_end")) >= end)
                        || (s.get("ended_at") != null && seconds(s.get("ended_at")) < end)) {
                    continue;
                }
                for (Map<String, Object> item : listData(s, "items")) {
                    Map<?, ?> price = (Map<?, ?>) item.get("price");
                    Map<?, ?> recurring = (Map<?, ?>) price.get("recurring");
                    long perYear = switch ((String) recurring.get("interval")) {
                        case "day" -> 365;
                        case "week" -> 52;
                        case "month" -> 12;
                        default -> 1;
                    };
                    long annual = seconds(price.get("unit_amount")) * seconds(item.get("quantity")) * perYear
                            / seconds(recurring.get("interval_count"));
                    yearlyAmounts.merge(List.of(m.toString(), (String) price.get("currency")), annual, Long::sum);
                }
            }
        }
        yearlyAmounts.forEach((key, annual) -> expected.put(key,
                BigDecimal.valueOf(annual).divide(BigDecimal.valueOf(12), 0, RoundingMode.HALF_UP).longValueExact()));

        Map<List<String>, Long> actual = new HashMap<>();
        for (List<Object> row : run(AnalystQueries.MRR_BY_MONTH)) {
            actual.put(List.of((String) row.get(0), (String) row.get(1)), ((Number) row.get(2)).longValue());
        }
        assertThat(actual).hasSizeGreaterThan(12).isEqualTo(expected);
    }

    @Test
    void churnedSubscriptionsMatchTheGroundTruth() throws Exception {
        Map<String, Long> churned = new TreeMap<>();
        Map<String, Set<Object>> customers = new HashMap<>();
        for (Map<String, Object> s : truth.objects("subscription")) {
            if ("canceled".equals(s.get("status")) && s.get("canceled_at") != null) {
                String month = month(s.get("canceled_at")).toString();
                churned.merge(month, 1L, Long::sum);
                customers.computeIfAbsent(month, k -> new HashSet<>()).add(s.get("customer"));
            }
        }
        List<List<Object>> expected = new ArrayList<>();
        churned.forEach((month, count) -> expected.add(List.of(month, count, (long) customers.get(month).size())));

        assertThat(run(AnalystQueries.CHURNED_SUBSCRIPTIONS)).isNotEmpty().isEqualTo(expected);
    }

    @Test
    void failedPaymentsByCustomerMatchTheGroundTruth() throws Exception {
        Map<List<String>, long[]> failed = new HashMap<>();
        Map<String, Object> emails = new HashMap<>();
        truth.objects("customer").forEach(c -> emails.put((String) c.get("id"), c.get("email")));
        for (Map<String, Object> invoice : truth.objects("invoice")) {
            if (Boolean.TRUE.equals(invoice.get("attempted")) && List.of("open", "uncollectible").contains(invoice.get("status"))
                    && seconds(invoice.get("amount_remaining")) > 0) {
                long[] figures = failed.computeIfAbsent(List.of((String) invoice.get("customer"), (String) invoice.get("currency")),
                        k -> new long[2]);
                figures[0]++;
                figures[1] += seconds(invoice.get("amount_remaining"));
            }
        }
        Set<List<Object>> expected = new HashSet<>();
        failed.forEach((key, figures) -> expected.add(List.of(key.get(0), emails.get(key.get(0)), key.get(1), figures[0], figures[1])));

        List<List<Object>> actual = run(AnalystQueries.FAILED_PAYMENTS_BY_CUSTOMER);
        assertThat(actual).isNotEmpty().hasSize(expected.size());
        assertThat(new HashSet<>(actual)).isEqualTo(expected);
        assertThat(actual).extracting(row -> (Long) row.get(4)).isSortedAccordingTo(java.util.Comparator.reverseOrder());
    }

    private static List<List<Object>> run(AnalystQueries.Query query) throws Exception {
        List<List<Object>> rows = new ArrayList<>();
        try (Connection c = warehouse.jdbc(); Statement statement = c.createStatement();
             ResultSet rs = statement.executeQuery(query.sql())) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 1; i <= columns; i++) {
                    Object value = rs.getObject(i);
                    row.add(value instanceof Number n && !(value instanceof BigDecimal) ? n.longValue()
                            : value instanceof BigDecimal d ? d.longValueExact() : value);
                }
                rows.add(row);
            }
        }
        return rows;
    }

    private static long count(Statement statement, String sql) throws Exception {
        try (ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> listData(Map<String, Object> object, String field) {
        return (List<Map<String, Object>>) ((Map<String, Object>) object.get(field)).get("data");
    }

    private static long seconds(Object value) {
        return ((Number) value).longValue();
    }

    private static YearMonth month(Object epochSeconds) {
        return YearMonth.from(Instant.ofEpochSecond(seconds(epochSeconds)).atZone(ZoneOffset.UTC));
    }
}
