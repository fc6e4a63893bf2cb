package dev.syncline.connector.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.syncline.connector.errors.PermanentConnectorException;
import dev.syncline.connector.errors.RetriableConnectorException;
import dev.syncline.connector.record.Origin;
import dev.syncline.connector.record.RecordKey;
import dev.syncline.connector.record.SyncRecord;
import dev.syncline.connector.schema.FieldSpec;
import dev.syncline.connector.schema.FieldType;
import dev.syncline.connector.schema.ObjectSchema;
import dev.syncline.connector.schema.SchemaCatalog;
import dev.syncline.connector.spi.BatchResult;
import dev.syncline.connector.spi.RecordBatch;
import dev.syncline.connector.spi.RecordOutcome;
import dev.syncline.connector.spi.SinkConnector;
import dev.syncline.testkit.TestRecords;
import dev.syncline.testkit.TestSinkContext;
import java.math.BigDecimal;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/** The shape of the warehouse tables and the connector's behaviour beyond the conformance suite. */
class PostgresSinkConnectorIT {
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
    void createsOneTablePerTypeWithTypedColumnsThenSystemColumns() throws SQLException {
        String schema = PostgresTestSupport.freshSchema();
        SinkConnector connector = open(schema, TestSinkContext.withTestSchemas());

        write(connector, TestRecords.customer("cus_Shape0001").upsert(), TestRecords.subscription("sub_Shape0001").upsert());

        Map<String, String> customers = columns(schema, "customers");
        assertThat(customers.keySet()).startsWith("_account_id", "id", "object", "address", "balance", "created")
                .endsWith("tax_exempt", "test_clock", "_raw", "_synced_at", "_version", "_deleted");
        assertThat(customers).containsEntry("_account_id", "text").containsEntry("id", "text")
                .containsEntry("object", "text").containsEntry("address", "jsonb")
                .containsEntry("balance", "bigint").containsEntry("created", "timestamp with time zone")
                .containsEntry("default_source", "text").containsEntry("delinquent", "boolean")
                .containsEntry("tax_exempt", "text").containsEntry("_raw", "jsonb")
                .containsEntry("_synced_at", "timestamp with time zone").containsEntry("_version", "bigint")
                .containsEntry("_deleted", "boolean");
        assertThat(columns(schema, "subscriptions")).containsEntry("application_fee_percent", "numeric")
                .containsEntry("customer", "text").containsEntry("items", "jsonb");
        assertThat(primaryKey(schema, "customers")).containsExactly("_account_id", "id");
    }

    @Test
    void namesTablesInPluralSnakeCase() throws SQLException {
        String schema = PostgresTestSupport.freshSchema();
        SinkConnector connector = open(schema, TestSinkContext.of(SchemaCatalog.empty()));
        Map<String, @Nullable Object> session = new LinkedHashMap<>();
        session.put("id", "cs_test_a1");
        session.put("object", "checkout.session");

        write(connector, SyncRecord.upsert(TestRecords.ACCOUNT, "checkout.session", "cs_test_a1", 10, Origin.EVENT, session));

        // Without a schema, the fields seen in data become columns (typed from their values).
        assertThat(columns(schema, "checkout_sessions").keySet())
                .containsExactly("_account_id", "id", "_raw", "_synced_at", "_version", "_deleted", "object");
    }

    @Test
    void storesFieldValuesInTheirTypedColumns() throws SQLException {
        String schema = PostgresTestSupport.freshSchema();
        SinkConnector connector = open(schema, TestSinkContext.withTestSchemas());
        SyncRecord customer = TestRecords.customer("cus_Values0001").version(1_763_200_000L)
                .set("balance", -1250L).upsert();
        SyncRecord subscription = TestRecords.subscription("sub_Values0001")
                .set("customer", TestRecords.customerPayload("cus_Values0001")) // expanded
                .set("application_fee_percent", new BigDecimal("12.5"))
                .upsert();

        write(connector, customer, subscription);

        try (Connection c = support.jdbc(); PreparedStatement s = c.prepareStatement(
                "SELECT \"email\", \"balance\", \"created\", \"delinquent\", \"metadata\"::text, \"tax_exempt\","
                        + " \"_version\", \"_deleted\", \"_synced_at\", \"default_source\" FROM \"" + schema
                        + "\".\"customers\" WHERE \"_account_id\" = ? AND \"id\" = ?")) {
            s.setString(1, TestRecords.ACCOUNT);
            s.setString(2, "cus_Values0001");
            try (ResultSet rs = s.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString("email")).isEqualTo(customer.payload().get("email"));
                assertThat(rs.getLong("balance")).isEqualTo(-1250L);
                assertThat(rs.getObject("created", OffsetDateTime.class).toInstant().getEpochSecond())
                        .isEqualTo(TestRecords.CREATED);
                assertThat(rs.getBoolean("delinquent")).isFalse();
                assertThat(dev.syncline.connector.record.Json.parseObject(rs.getString(5)))
                        .isEqualTo(customer.payload().get("metadata"));
                assertThat(rs.getString("tax_exempt")).isEqualTo("none");
                assertThat(rs.getLong("_version")).isEqualTo(1_763_200_000L);
                assertThat(rs.getBoolean("_deleted")).isFalse();
                assertThat(rs.getObject("_synced_at", OffsetDateTime.class).toInstant()).isEqualTo(TestSinkContext.NOW);
                assertThat(rs.getString("default_source")).isNull();
            }
        }
        try (Connection c = support.jdbc(); PreparedStatement s = c.prepareStatement(
                "SELECT \"customer\", \"application_fee_percent\", \"billing_cycle_anchor\", \"canceled_at\", \"status\","
                        + " \"_raw\" -> 'customer' ->> 'email' FROM \"" + schema + "\".\"subscriptions\" WHERE \"id\" = ?")) {
            s.setString(1, "sub_Values0001");
            try (ResultSet rs = s.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString("customer")).as("an expanded reference is stored as its id").isEqualTo("cus_Values0001");
                assertThat(rs.getBigDecimal("application_fee_percent")).isEqualByComparingTo("12.5");
                assertThat(rs.getObject("billing_cycle_anchor", OffsetDateTime.class))
                        .isEqualTo(OffsetDateTime.of(2025, 11, 14, 22, 13, 20, 0, ZoneOffset.UTC));
                assertThat(rs.getObject("canceled_at")).isNull();
                assertThat(rs.getString("status")).isEqualTo("active");
                assertThat(rs.getString(6)).as("the expanded object stays in _raw").isNotNull();
            }
        }
    }

    @Test
    void writesNullAndCountsAValueThatDoesNotFitItsColumn() throws SQLException {
        String schema = PostgresTestSupport.freshSchema();
        TestSinkContext context = TestSinkContext.withTestSchemas();
        SinkConnector connector = open(schema, context);
        SyncRecord odd = TestRecords.customer("cus_Unfit0001")
                .set("balance", "a lot")            // text in a bigint column
                .set("created", new BigDecimal("1763158400.5")) // fraction for a timestamp
                .set("delinquent", "no")            // text in a boolean column
                .set("email", Map.of("primary", "x@example.com")) // object in a text column
                .upsert();

        BatchResult result = write(connector, odd);

        assertThat(result.outcomes()).containsExactly(RecordOutcome.APPLIED);
        try (Connection c = support.jdbc(); PreparedStatement s = c.prepareStatement(
                "SELECT \"balance\", \"created\", \"delinquent\", \"email\", \"_raw\" ->> 'balance', \"name\" FROM \""
                        + schema + "\".\"customers\" WHERE \"id\" = ?")) {
            s.setString(1, "cus_Unfit0001");
            try (ResultSet rs = s.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getObject(1)).isNull();
                assertThat(rs.getObject(2)).isNull();
                assertThat(rs.getObject(3)).isNull();
                assertThat(rs.getObject(4)).isNull();
                assertThat(rs.getString(5)).as("the value stays in _raw").isEqualTo("a lot");
                assertThat(rs.getString(6)).isEqualTo("Jenny Rosen");
            }
        }
        for (String field : List.of("balance", "created", "delinquent", "email")) {
            assertThat(context.counter("syncline.postgres.unfit_values", "object_type", "customer", "field", field))
                    .as(field).isEqualTo(1);
        }
        assertThat(context.counter("syncline.postgres.unfit_values", "object_type", "customer", "field", "name")).isZero();
    }

    @Test
    void splitsABatchOverTheBindParameterLimitIntoSeveralStatements() throws SQLException {
        String schema = PostgresTestSupport.freshSchema();
        Map<String, Object> destination = support.destination(schema);
        destination.put("batch-size", 100_000);
        SinkConnector connector = open(destination, TestSinkContext.withTestSchemas());
        // 25 parameters per customer row: 3,000 rows need 75,000, over the 65,535 Postgres allows.
        List<SyncRecord> records = new ArrayList<>();
        for (int i = 0; i < 3_000; i++) {
            records.add(TestRecords.customer("cus_Bulk" + i).version(100 + i % 7).upsert());
        }
        TableLayout layout = TableLayout.of(schema, "customer", TestRecords.schemas().schemaOf("customer"));
        assertThat(layout.parametersPerRow() * records.size()).isGreaterThan(TableLayout.MAX_BIND_PARAMETERS);

        BatchResult result = write(connector, records);

        assertThat(result.count(RecordOutcome.Status.APPLIED)).isEqualTo(3_000);
        assertThat(count(schema, "customers")).isEqualTo(3_000);
        assertThat(write(connector, records).count(RecordOutcome.Status.UNCHANGED)).isEqualTo(3_000);
    }

    @Test
    void quotesIdentifiersSoReservedWordsAreColumns() throws SQLException {
        String schema = "Stripe Data";
        ObjectSchema order = new ObjectSchema("order", List.of(
                new FieldSpec("id", FieldType.TEXT), new FieldSpec("object", FieldType.TEXT),
                new FieldSpec("default", FieldType.BOOLEAN), new FieldSpec("user", FieldType.TEXT),
                new FieldSpec("select", FieldType.BIGINT), new FieldSpec("Mixed\"Case", FieldType.TEXT)));
        SinkConnector connector = open(schema, TestSinkContext.of(type -> Optional.of(order).filter(s -> s.objectType().equals(type))));
        Map<String, @Nullable Object> payload = new LinkedHashMap<>();
        payload.put("id", "order_1");
        payload.put("object", "order");
        payload.put("default", true);
        payload.put("user", "usr_1");
        payload.put("select", 7L);
        payload.put("Mixed\"Case", "quoted");

        BatchResult result = write(connector, SyncRecord.upsert(TestRecords.ACCOUNT, "order", "order_1", 1, Origin.BACKFILL, payload));

        assertThat(result.outcomes()).containsExactly(RecordOutcome.APPLIED);
        try (Connection c = support.jdbc(); PreparedStatement s = c.prepareStatement(
                "SELECT \"default\", \"user\", \"select\", \"Mixed\"\"Case\" FROM \"Stripe Data\".\"orders\"");
             ResultSet rs = s.executeQuery()) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getBoolean(1)).isTrue();
            assertThat(rs.getString(2)).isEqualTo("usr_1");
            assertThat(rs.getLong(3)).isEqualTo(7L);
            assertThat(rs.getString(4)).isEqualTo("quoted");
        }
    }

    @Test
    void keepsTheLastKnownStateOfADeletedRow() throws SQLException {
        String schema = PostgresTestSupport.freshSchema();
        SinkConnector connector = open(schema, TestSinkContext.withTestSchemas());
        SyncRecord customer = TestRecords.customer("cus_Deleted001").version(100).upsert();
        write(connector, customer);

        write(connector, TestRecords.customer("cus_Deleted001").version(200).delete());

        try (Connection c = support.jdbc(); PreparedStatement s = c.prepareStatement(
                "SELECT \"email\", \"_deleted\", \"_version\", \"_raw\" ->> 'name' FROM \"" + schema
                        + "\".\"customers\" WHERE \"id\" = 'cus_Deleted001'");
             ResultSet rs = s.executeQuery()) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo(customer.payload().get("email"));
            assertThat(rs.getBoolean(2)).isTrue();
            assertThat(rs.getLong(3)).isEqualTo(200);
            assertThat(rs.getString(4)).isEqualTo("Jenny Rosen");
        }
    }

    @Test
    void rejectsOnlyTheRecordPostgresRefusesAndWritesTheRest() {
        String schema = PostgresTestSupport.freshSchema();
        SinkConnector connector = open(schema, TestSinkContext.withTestSchemas());
        // jsonb cannot hold U+0000, so _raw of this record cannot be stored.
        SyncRecord poisoned = TestRecords.customer("cus_Poison0001").set("description", "nul \u0000 inside").upsert();
        SyncRecord before = TestRecords.customer("cus_Fine00001").upsert();
        SyncRecord after = TestRecords.subscription("sub_Fine00001").upsert();
        SyncRecord sameType = TestRecords.customer("cus_Fine00002").upsert();

        BatchResult result = write(connector, before, poisoned, after, sameType);

        assertThat(result.outcomes()).extracting(RecordOutcome::status).containsExactly(
                RecordOutcome.Status.APPLIED, RecordOutcome.Status.REJECTED, RecordOutcome.Status.APPLIED,
                RecordOutcome.Status.APPLIED);
        assertThat(result.get(1).detail()).contains("SQLSTATE 22");
        assertThat(support.read(schema, before.key())).isPresent();
        assertThat(support.read(schema, sameType.key())).isPresent();
        assertThat(support.read(schema, poisoned.key())).isEmpty();
    }

    @Test
    void aMissingDatabaseIsAPermanentError() {
        Map<String, Object> destination = support.destination(PostgresTestSupport.freshSchema());
        destination.put("url", support.postgres().r2dbcUrl("no_such_database"));
        PostgresConnectorProvider provider = new PostgresConnectorProvider();
        SinkConnector connector = provider.create(provider.configSpec().parse("pipelines[0].destination", destination));
        opened.add(connector);

        StepVerifier.create(connector.open(TestSinkContext.withTestSchemas()))
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(PermanentConnectorException.class)
                        .hasMessageContaining("3D000").hasMessageContaining("pipelines[0].destination"))
                .verify(PostgresTestSupport.TIMEOUT);
    }

    @Test
    void anUnreachableServerIsARetriableError() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Map<String, Object> destination = support.destination(PostgresTestSupport.freshSchema());
        destination.put("url", "r2dbc:postgresql://127.0.0.1:" + closedPort + "/" + support.database());
        PostgresConnectorProvider provider = new PostgresConnectorProvider();
        SinkConnector connector = provider.create(provider.configSpec().parse("pipelines[0].destination", destination));
        opened.add(connector);

        StepVerifier.create(connector.open(TestSinkContext.withTestSchemas()))
                .expectError(RetriableConnectorException.class)
                .verify(PostgresTestSupport.TIMEOUT);
    }

    @Test
    void usesAnExistingSchemaWithoutRecreatingIt() {
        String schema = PostgresTestSupport.freshSchema();
        open(schema, TestSinkContext.withTestSchemas());
        SinkConnector second = open(schema, TestSinkContext.withTestSchemas());

        SyncRecord customer = TestRecords.customer("cus_Reopen0001").upsert();
        assertThat(write(second, customer).outcomes()).containsExactly(RecordOutcome.APPLIED);
        assertThat(support.read(schema, customer.key())).isPresent();
        assertThat(support.read(schema, new RecordKey(TestRecords.ACCOUNT, "customer", "cus_Other"))).isEmpty();
    }

    private SinkConnector open(String schema, TestSinkContext context) {
        return open(support.destination(schema), context);
    }

    private SinkConnector open(Map<String, Object> destination, TestSinkContext context) {
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
        return result;
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

    private static List<String> primaryKey(String schema, String table) throws SQLException {
        List<String> key = new ArrayList<>();
        try (Connection c = support.jdbc(); PreparedStatement s = c.prepareStatement(
                "SELECT k.column_name FROM information_schema.table_constraints t"
                        + " JOIN information_schema.key_column_usage k ON k.constraint_name = t.constraint_name"
                        + " AND k.table_schema = t.table_schema AND k.table_name = t.table_name"
                        + " WHERE t.constraint_type = 'PRIMARY KEY' AND t.table_schema = ? AND t.table_name = ?"
                        + " ORDER BY k.ordinal_position")) {
            s.setString(1, schema);
            s.setString(2, table);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    key.add(rs.getString(1));
                }
            }
        }
        return key;
    }

    private static long count(String schema, String table) throws SQLException {
        try (Connection c = support.jdbc(); PreparedStatement s = c.prepareStatement(
                "SELECT count(*) FROM \"" + schema + "\".\"" + table + "\"");
             ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
