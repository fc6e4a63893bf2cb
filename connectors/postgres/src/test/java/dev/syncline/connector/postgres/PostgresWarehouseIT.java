package dev.syncline.connector.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.syncline.connector.record.Origin;
import dev.syncline.connector.record.SyncRecord;
import dev.syncline.connector.schema.SchemaCatalog;
import dev.syncline.connector.spi.BatchResult;
import dev.syncline.connector.spi.RecordBatch;
import dev.syncline.connector.spi.RecordOutcome;
import dev.syncline.connector.spi.SinkConnector;
import dev.syncline.testkit.TestRecords;
import dev.syncline.testkit.TestSinkContext;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/** The warehouse features beyond plain upserts: the bulk path, child tables, indexes, freshness, evolution. */
class PostgresWarehouseIT {
    private static PostgresTestSupport support;
    private final List<SinkConnector> opened = new ArrayList<>();

    @BeforeAll
    static void createDatabase() {
        support = new PostgresTestSupport();
    }

    @AfterEach
    void closeConnectors() {
        opened.forEach(c -> c.close().block(PostgresTestSupport.TIMEOUT));
    }

    @Test
    void aLargeBackfillBatchTakesTheBulkPathWithExactOutcomesAndTheSameGuards() throws SQLException {
        String schema = PostgresTestSupport.freshSchema();
        TestSinkContext context = TestSinkContext.withTestSchemas();
        SinkConnector connector = open(schema, context, 10);
        write(connector, TestRecords.customer("cus_Bulk0000").version(100).set("name", "stored").upsert(),
                TestRecords.customer("cus_Bulk0001").version(300).set("name", "newer than the page").upsert(),
                TestRecords.customer("cus_Bulk0002").version(300).delete());
        List<SyncRecord> page = new ArrayList<>();
        IntStream.range(0, 20).forEach(i -> page.add(TestRecords.customer(String.format("cus_Bulk%04d", i)).version(200)
                .origin(Origin.BACKFILL).set("name", "from the page\t\\ \"quoted\"\nline " + i).upsert()));
        page.add(TestRecords.customer("cus_Bulk0003").version(200).origin(Origin.BACKFILL).set("name", "again").upsert());

        BatchResult result = write(connector, page);

        assertThat(context.counter(PostgresSinkConnector.BULK_ROWS, "object_type", "customer")).isEqualTo(20);
        assertThat(result.get(0)).isEqualTo(RecordOutcome.APPLIED);
        assertThat(result.get(1)).as("a page older than the row").isEqualTo(RecordOutcome.STALE);
        assertThat(result.get(2)).as("a page older than the tombstone").isEqualTo(RecordOutcome.STALE);
        assertThat(result.outcomes().subList(3, 20)).containsOnly(RecordOutcome.APPLIED);
        assertThat(result.get(20)).as("same key and version, different content in one batch").isEqualTo(RecordOutcome.TIE);
        assertThat(support.read(schema, page.get(2).key()).orElseThrow().deleted()).isTrue();
        assertThat(support.read(schema, page.get(5).key()).orElseThrow().payload()).isEqualTo(page.get(5).payload());
        assertThat(support.typedFields(schema, page.get(5).key()).orElseThrow())
                .containsEntry("name", "from the page\t\\ \"quoted\"\nline 5")
                .containsEntry("balance", 0L)
                .containsEntry("delinquent", false);
        assertThat(support.typedFields(schema, page.get(5).key()).orElseThrow().get("created"))
                .isEqualTo(java.sql.Timestamp.from(java.time.Instant.ofEpochSecond(TestRecords.CREATED)));

        BatchResult redelivered = write(connector, page);
        assertThat(redelivered.outcomes().subList(4, 20)).containsOnly(RecordOutcome.UNCHANGED);
    }

    @Test
    void newKeysAreCopiedStraightIntoTheTable_aKeyWithARowStagesItsPartAndTheNextParts() throws SQLException {
        String schema = PostgresTestSupport.freshSchema();
        TestSinkContext context = TestSinkContext.withTestSchemas();
        SinkConnector connector = open(schema, context, 5);
        List<SyncRecord> fresh = new ArrayList<>();
        IntStream.range(0, 10).forEach(i -> fresh.add(TestRecords.customer(String.format("cus_Direct%04d", i)).version(100)
                .origin(Origin.BACKFILL).set("name", "copied\t\\ " + i).upsert()));

        BatchResult first = write(connector, fresh);

        assertThat(first.outcomes()).containsOnly(RecordOutcome.APPLIED);
        assertThat(context.counter(PostgresSinkConnector.DIRECT_COPY_ROWS, "object_type", "customer")).isEqualTo(10);
        assertThat(support.read(schema, fresh.get(3).key()).orElseThrow().payload()).isEqualTo(fresh.get(3).payload());
        assertThat(support.typedFields(schema, fresh.get(3).key()).orElseThrow()).containsEntry("name", "copied\t\\ 3");
        assertThat(syncedAtOf(schema, fresh.get(3))).isNotNull();

        // Half of this page has rows, one of them newer: the straight copy is refused and rolled back,
        // the staged merge keeps the guards, and the next part is staged without trying a copy.
        // Every part of it (two, of five) holds keys with rows.
        List<SyncRecord> mixed = new ArrayList<>();
        IntStream.range(0, 5).forEach(i -> {
            mixed.add(TestRecords.customer(String.format("cus_Direct%04d", i)).version(i == 2 ? 50 : 200)
                    .origin(Origin.BACKFILL).set("name", "again " + i).upsert());
            mixed.add(TestRecords.customer(String.format("cus_Direct%04d", 10 + i)).version(200)
                    .origin(Origin.BACKFILL).set("name", "new " + i).upsert());
        });
        BatchResult second = write(connector, mixed);

        assertThat(second.get(4)).as("older than its row").isEqualTo(RecordOutcome.STALE);
        assertThat(IntStream.range(0, 10).filter(i -> i != 4).mapToObj(second::get)).containsOnly(RecordOutcome.APPLIED);
        assertThat(support.typedFields(schema, mixed.get(4).key()).orElseThrow()).containsEntry("name", "copied\t\\ 2");
        assertThat(support.typedFields(schema, mixed.get(6).key()).orElseThrow()).containsEntry("name", "again 3");
        assertThat(support.typedFields(schema, mixed.get(9).key()).orElseThrow()).containsEntry("name", "new 4");
        assertThat(context.counter(PostgresSinkConnector.DIRECT_COPY_ROWS, "object_type", "customer")).isEqualTo(10);
        assertThat(context.counter(PostgresSinkConnector.BULK_ROWS, "object_type", "customer")).isEqualTo(20);

        List<SyncRecord> later = new ArrayList<>();
        IntStream.range(0, 5).forEach(i -> later.add(TestRecords.customer("cus_DirectLater" + i).origin(Origin.BACKFILL).upsert()));
        assertThat(write(connector, later).outcomes()).containsOnly(RecordOutcome.APPLIED);
        assertThat(context.counter(PostgresSinkConnector.DIRECT_COPY_ROWS, "object_type", "customer"))
                .as("staged after a refused copy").isEqualTo(10);
    }

    private static java.sql.@Nullable Timestamp syncedAtOf(String schema, SyncRecord record) throws SQLException {
        try (Connection c = support.jdbc(); PreparedStatement s = c.prepareStatement(
                "SELECT _synced_at FROM " + schema + ".customers WHERE _account_id = ? AND id = ?")) {
            s.setString(1, record.key().accountId());
            s.setString(2, record.key().id());
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getTimestamp(1) : null;
            }
        }
    }

    @Test
    void theBulkPathFallsBackToUpsertsWhenPostgresRefusesARecord() {
        String schema = PostgresTestSupport.freshSchema();
        SinkConnector connector = open(schema, TestSinkContext.withTestSchemas(), 5);
        List<SyncRecord> page = new ArrayList<>();
        IntStream.range(0, 6).forEach(i -> page.add(TestRecords.customer("cus_BulkFall" + i).origin(Origin.BACKFILL).upsert()));
        page.add(TestRecords.customer("cus_BulkPoison").origin(Origin.BACKFILL).set("description", "nul \u0000").upsert());

        BatchResult result = write(connector, page);

        assertThat(result.outcomes().subList(0, 6)).containsOnly(RecordOutcome.APPLIED);
        assertThat(result.get(6).status()).isEqualTo(RecordOutcome.Status.REJECTED);
        assertThat(support.read(schema, page.get(6).key())).isEmpty();
    }

    @Test
    void invoiceLinesLandInTheirChildTableThroughTheBulkPath() throws SQLException {
        String schema = PostgresTestSupport.freshSchema();
        SinkConnector connector = open(schema, TestSinkContext.of(SchemaCatalog.empty()), 2);
        List<SyncRecord> invoices = List.of(invoice("in_Bulk1", 100, "il_1", "il_2"), invoice("in_Bulk2", 100, "il_3"));

        write(connector, invoices);
        write(connector, List.of(invoice("in_Bulk1", 200, "il_2"), invoice("in_Bulk2", 50, "il_4")));

        assertThat(support.children(schema, "invoice_line_items", "invoice", invoices.get(0).key())).containsOnlyKeys("il_2");
        assertThat(support.children(schema, "invoice_line_items", "invoice", invoices.get(1).key())).containsOnlyKeys("il_3");
        assertThat(columns(schema, "invoice_line_items")).containsEntry("invoice", "text").containsEntry("amount", "bigint");
    }

    @Test
    void aBulkBatchLoadsInPartsEachItsOwnTransactionWithItsChildren() throws SQLException {
        String schema = PostgresTestSupport.freshSchema();
        TestSinkContext context = TestSinkContext.withTestSchemas();
        Map<String, Object> destination = support.destination(schema);
        destination.put("bulk-threshold", 2);
        destination.put("bulk-parallelism", 3);
        SinkConnector connector = support.open(destination, context);
        opened.add(connector);
        write(connector, invoice("in_Part1", 100, "il_P1a", "il_P1b"));
        // Six invoices, three parts of two: the poisoned one makes its own part fall back to upserts,
        // the other parts commit through COPY, and every written parent brings its lines along.
        List<SyncRecord> page = new ArrayList<>(List.of(invoice("in_Part1", 200, "il_P1b"), invoice("in_Part2", 200, "il_P2a"),
                invoice("in_Part3", 200, "il_P3a"), invoice("in_Part4", 200, "il_P4a", "il_P4b"), invoice("in_Part5", 200, "il_P5a")));
        SyncRecord poisoned = invoice("in_Part6", 200, "il_P6a");
        poisoned.payload().put("description", "nul \u0000");
        page.add(poisoned);

        BatchResult result = write(connector, page);

        assertThat(result.outcomes().subList(0, 5)).containsOnly(RecordOutcome.APPLIED);
        assertThat(result.get(5).status()).isEqualTo(RecordOutcome.Status.REJECTED);
        assertThat(context.counter(PostgresSinkConnector.BULK_ROWS, "object_type", "invoice")).isEqualTo(4);
        assertThat(support.children(schema, "invoice_line_items", "invoice", page.get(0).key())).containsOnlyKeys("il_P1b");
        assertThat(support.children(schema, "invoice_line_items", "invoice", page.get(3).key())).containsOnlyKeys("il_P4a", "il_P4b");
        assertThat(support.children(schema, "invoice_line_items", "invoice", page.get(4).key())).containsOnlyKeys("il_P5a");
        assertThat(support.read(schema, poisoned.key())).isEmpty();
        assertThat(write(connector, page.subList(0, 5)).outcomes()).containsOnly(RecordOutcome.UNCHANGED);
    }

    @Test
    void bulkBatchesOfTwoLanesShareASmallPoolWithoutWaitingOnEachOther() {
        String schema = PostgresTestSupport.freshSchema();
        Map<String, Object> destination = support.destination(schema);
        destination.put("pool-size", 2);
        destination.put("bulk-threshold", 2);
        destination.put("bulk-parallelism", 2);
        SinkConnector connector = support.open(destination, TestSinkContext.withTestSchemas());
        opened.add(connector);
        List<SyncRecord> first = new ArrayList<>();
        List<SyncRecord> second = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            first.add(invoice("in_LaneA" + i, 100, "il_LaneA" + i));
            second.add(invoice("in_LaneB" + i, 100, "il_LaneB" + i));
        }

        // Two lanes, two parts each, two connections: a batch that held one connection while waiting
        // for more would wait for the pool's acquire timeout, well beyond this one.
        var results = Mono.zip(connector.write(new RecordBatch(first)), connector.write(new RecordBatch(second)))
                .block(Duration.ofSeconds(20));

        assertThat(results).isNotNull();
        assertThat(results.getT1().outcomes()).hasSize(4).containsOnly(RecordOutcome.APPLIED);
        assertThat(results.getT2().outcomes()).hasSize(4).containsOnly(RecordOutcome.APPLIED);
    }

    @Test
    void indexesTheColumnsAnalystsFilterAndJoinOn() throws SQLException {
        String schema = PostgresTestSupport.freshSchema();
        SinkConnector connector = open(schema, TestSinkContext.withTestSchemas(), 500);

        write(connector, TestRecords.subscription("sub_Index0001").upsert());

        assertThat(indexes(schema)).contains("subscriptions_created_idx", "subscriptions_customer_idx",
                "subscription_items_subscription_idx");
    }

    @Test
    void theFreshnessViewReportsEveryTable() throws SQLException {
        String schema = PostgresTestSupport.freshSchema();
        SinkConnector connector = open(schema, TestSinkContext.withTestSchemas(), 500);
        write(connector, TestRecords.customer("cus_Fresh0001").version(1_767_000_000L).upsert(),
                TestRecords.customer("cus_Fresh0002").version(1_767_000_100L).delete());
        write(connector, TestRecords.subscription("sub_Fresh0001").version(1_767_000_050L).upsert());

        Map<String, List<Object>> freshness = new LinkedHashMap<>();
        try (Connection c = support.jdbc(); PreparedStatement s = c.prepareStatement(
                "SELECT table_name, rows, live_rows, last_synced_at, newest_version_at, extract(epoch FROM lag)"
                        + " FROM \"" + schema + "\".sync_freshness ORDER BY table_name");
             ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                freshness.put(rs.getString(1), List.of(rs.getLong(2), rs.getLong(3),
                        rs.getObject(4, OffsetDateTime.class).toInstant(), rs.getObject(5, OffsetDateTime.class).toInstant(),
                        rs.getDouble(6)));
            }
        }
        assertThat(freshness).containsOnlyKeys("customers", "subscriptions", "subscription_items");
        assertThat(freshness.get("customers")).containsExactly(2L, 1L, TestSinkContext.NOW,
                java.time.Instant.ofEpochSecond(1_767_000_100L),
                (double) (TestSinkContext.NOW.getEpochSecond() - 1_767_000_100L));
        assertThat(freshness.get("subscription_items").get(0)).isEqualTo(1L);
    }

    @Test
    void aColumnAddedForANewFieldKeepsItsTypeAfterARestart() throws SQLException {
        String schema = PostgresTestSupport.freshSchema();
        TestSinkContext context = TestSinkContext.withTestSchemas();
        SinkConnector first = open(schema, context, 500);
        write(first, TestRecords.customer("cus_Evolve0001").version(100).set("loyalty_points", 10L).upsert());
        assertThat(context.counter(PostgresSinkConnector.COLUMNS_ADDED, "object_type", "customer", "field", "loyalty_points")).isEqualTo(1);

        SinkConnector second = open(schema, TestSinkContext.withTestSchemas(), 500);
        // A string now: the bigint column stays, the value is unfit, the write succeeds.
        SyncRecord text = TestRecords.customer("cus_Evolve0002").version(100).set("loyalty_points", "many").upsert();
        SyncRecord number = TestRecords.customer("cus_Evolve0003").version(100).set("loyalty_points", 30L).upsert();

        assertThat(write(second, text, number).outcomes()).containsOnly(RecordOutcome.APPLIED);
        assertThat(columns(schema, "customers")).containsEntry("loyalty_points", "bigint");
        assertThat(support.typedFields(schema, text.key()).orElseThrow()).containsEntry("loyalty_points", null);
        assertThat(support.typedFields(schema, number.key()).orElseThrow()).containsEntry("loyalty_points", 30L);
        assertThat(support.read(schema, text.key()).orElseThrow().payload()).containsEntry("loyalty_points", "many");
    }

    @Test
    void aDeletedStubAddsNoColumns() throws SQLException {
        String schema = PostgresTestSupport.freshSchema();
        SinkConnector connector = open(schema, TestSinkContext.withTestSchemas(), 500);

        write(connector, TestRecords.customer("cus_Stub0001").delete());

        assertThat(columns(schema, "customers")).doesNotContainKey("deleted");
    }

    private static SyncRecord invoice(String id, long version, String... lineIds) {
        List<Map<String, @Nullable Object>> lines = new ArrayList<>();
        for (String lineId : lineIds) {
            Map<String, @Nullable Object> line = new LinkedHashMap<>();
            line.put("id", lineId);
            line.put("object", "line_item");
            line.put("amount", 1500L);
            line.put("invoice", id);
            lines.add(line);
        }
        Map<String, @Nullable Object> payload = new LinkedHashMap<>();
        payload.put("id", id);
        payload.put("object", "invoice");
        payload.put("customer", "cus_TestCustomer01");
        payload.put("lines", TestRecords.list(lines, false, "/v1/invoices/" + id + "/lines"));
        return SyncRecord.upsert(TestRecords.ACCOUNT, "invoice", id, version, Origin.BACKFILL, payload);
    }

    private SinkConnector open(String schema, TestSinkContext context, int bulkThreshold) {
        Map<String, Object> destination = support.destination(schema);
        destination.put("bulk-threshold", bulkThreshold);
        SinkConnector connector = support.open(destination, context);
        opened.add(connector);
        return connector;
    }

    private static BatchResult write(SinkConnector connector, SyncRecord... records) {
        return write(connector, List.of(records));
    }

    private static BatchResult write(SinkConnector connector, List<SyncRecord> records) {
        BatchResult result = connector.write(new RecordBatch(records)).block(PostgresTestSupport.TIMEOUT);
        assertThat(result).isNotNull();
        assertThat(result.size()).isEqualTo(records.size());
        return result;
    }

    private static List<String> indexes(String schema) throws SQLException {
        List<String> names = new ArrayList<>();
        try (Connection c = support.jdbc(); PreparedStatement s = c.prepareStatement(
                "SELECT indexname FROM pg_indexes WHERE schemaname = ? ORDER BY 1")) {
            s.setString(1, schema);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
        }
        return names;
    }

    private static Map<String, String> columns(String schema, String table) throws SQLException {
        Map<String, String> columns = new LinkedHashMap<>();
        try (Connection c = support.jdbc(); PreparedStatement s = c.prepareStatement(
                "SELECT column_name, data_type FROM information_schema.columns"
                        + " WHERE table_schema = ? AND table_name = ? ORDER BY ordinal_position")) {
            s.setString(1, schema);
            s.setString(2, table);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    columns.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        return columns;
    }
}
