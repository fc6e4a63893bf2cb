package dev.syncline.testkit.conformance;

import static dev.syncline.connector.spi.RecordOutcome.Status.APPLIED;
import static dev.syncline.connector.spi.RecordOutcome.Status.STALE;
import static dev.syncline.connector.spi.RecordOutcome.Status.TIE;
import static dev.syncline.connector.spi.RecordOutcome.Status.UNCHANGED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.syncline.connector.record.RecordKey;
import dev.syncline.connector.record.SyncRecord;
import dev.syncline.connector.spi.BatchResult;
import dev.syncline.connector.spi.RecordBatch;
import dev.syncline.connector.spi.RecordOutcome;
import dev.syncline.connector.spi.SinkConnector;
import dev.syncline.testkit.TestRecords;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/**
 * The rules every {@link SinkConnector} keeps (design guarantees 1 and 3), checked against what the
 * destination really stored. A connector's test extends this class and only supplies fixtures:
 *
 * <pre>{@code
 * class PostgresSinkConnectorConformanceIT extends SinkConnectorConformance {
 *     protected SinkConnector openConnector() { ... opened against a fresh destination ... }
 *     protected DestinationProbe probe() { ... reads that destination directly ... }
 * }
 * }</pre>
 *
 * <p>Each test gets a new connector from {@link #openConnector()}, writes records built with
 * {@link TestRecords} (customers and subscriptions; the connector's context should know
 * {@link TestRecords#schemas()}) and closes it afterwards.
 */
public abstract class SinkConnectorConformance {
    /** How long one write may take before a test fails instead of hanging. */
    protected static final Duration TIMEOUT = Duration.ofSeconds(30);

    private SinkConnector connector;

    /**
     * A connector that {@link SinkConnector#open opened} against a destination no other test writes to;
     * the suite closes it.
     */
    protected abstract SinkConnector openConnector();

    /** Reads the destination {@link #openConnector()} writes to (called after it). */
    protected abstract DestinationProbe probe();

    @BeforeEach
    final void openConnectorUnderTest() {
        connector = openConnector();
    }

    @AfterEach
    final void closeConnectorUnderTest() {
        if (connector != null) {
            connector.close().block(TIMEOUT);
        }
    }

    /**
     * Records this destination refuses for a reason tied to the record (Postgres: a U+0000 in the
     * object, which {@code jsonb} cannot hold), each with a key no other test uses; empty if there
     * is no such record, which skips the partial-failure test.
     */
    protected List<SyncRecord> recordsTheDestinationRefuses() {
        return List.of();
    }

    /**
     * What the destination is expected to hold for {@code record}, in the shape the {@link #probe()}
     * reads back: by default the whole Stripe object. Destinations that keep only a mapping of the
     * object (a CRM keeps mapped properties, not the object) answer that mapping instead, so the
     * rules on versions and outcomes are checked against what they really store.
     */
    protected Map<String, @Nullable Object> expectedPayload(SyncRecord record) {
        return record.payload();
    }

    /**
     * Whether a delete of an object the destination never held leaves a tombstone there. A CRM
     * that archives existing records cannot create one without inventing its required fields; it
     * answers such deletes without storing anything, and its test returns false.
     */
    protected boolean keepsTombstonesOfUnseenObjects() {
        return true;
    }

    /**
     * Whether objects with the same id in two Stripe accounts are kept apart. A CRM matching
     * records by an external id holding the Stripe id alone does not; its test returns false.
     */
    protected boolean keepsAccountsApart() {
        return true;
    }

    /**
     * Whether a newer version that changes nothing the destination keeps (only fields its mapping
     * does not read) is answered {@code UNCHANGED} without a write, as CRMs with rate-limited APIs do.
     */
    protected boolean skipsWritesThatChangeNothingKept() {
        return false;
    }

    /** The connector of the running test. */
    protected final SinkConnector connector() {
        return connector;
    }

    /** Writes one batch and waits for its result. */
    protected final BatchResult write(SyncRecord... records) {
        return write(List.of(records));
    }

    protected final BatchResult write(List<SyncRecord> records) {
        BatchResult result = connector.write(new RecordBatch(records)).block(TIMEOUT);
        assertThat(result).as("write result").isNotNull();
        assertThat(result.size()).as("one outcome per record").isEqualTo(records.size());
        return result;
    }

    /** The stored state of the record's key, failing if there is none. */
    protected final StoredObject stored(SyncRecord record) {
        Optional<StoredObject> stored = probe().read(record.key());
        assertThat(stored).as("stored state of %s", record.key()).isPresent();
        return stored.orElseThrow();
    }

    @Test
    void aNewRecordIsAppliedAndReadable() {
        SyncRecord customer = TestRecords.customer("cus_New0001").version(100).upsert();

        StepVerifier.create(connector.write(RecordBatch.of(customer)))
                .assertNext(result -> assertThat(result.outcomes()).containsExactly(RecordOutcome.APPLIED))
                .expectComplete()
                .verify(TIMEOUT);

        StoredObject stored = stored(customer);
        assertThat(stored.version()).isEqualTo(100);
        assertThat(stored.deleted()).isFalse();
        assertThat(stored.payload()).isEqualTo(expectedPayload(customer));
    }

    @Test
    void anUnknownObjectIsNotInTheDestination() {
        assertThat(probe().read(new RecordKey(TestRecords.ACCOUNT, "customer", "cus_NeverWritten"))).isEmpty();
    }

    @Test
    void anEmptyBatchHasAnEmptyResult() {
        StepVerifier.create(connector.write(new RecordBatch(List.of())))
                .assertNext(result -> assertThat(result.outcomes()).isEmpty())
                .expectComplete()
                .verify(TIMEOUT);
    }

    @Test
    void redeliveringTheSameRecordIsANoOp() {
        SyncRecord customer = TestRecords.customer("cus_Redeliver1").version(100).upsert();
        write(customer);
        StoredObject before = stored(customer);

        BatchResult again = write(customer);

        assertThat(again.outcomes()).containsExactly(RecordOutcome.UNCHANGED);
        assertThat(stored(customer)).isEqualTo(before);
    }

    @Test
    void anOlderVersionNeverOverwritesANewerOne() {
        SyncRecord newer = TestRecords.customer("cus_Stale0001").version(200).set("email", "new@example.com").upsert();
        SyncRecord older = TestRecords.customer("cus_Stale0001").version(100).set("email", "old@example.com").upsert();
        write(newer);

        BatchResult result = write(older);

        assertThat(result.outcomes()).containsExactly(RecordOutcome.STALE);
        assertThat(stored(newer).version()).isEqualTo(200);
        assertThat(stored(newer).payload()).isEqualTo(expectedPayload(newer));
    }

    @Test
    void aNewerVersionReplacesTheOlderOne() {
        SyncRecord older = TestRecords.customer("cus_Newer0001").version(100).upsert();
        SyncRecord newer = TestRecords.customer("cus_Newer0001").version(101)
                .set("email", "changed@example.com").set("balance", -2500L).upsert();
        write(older);

        BatchResult result = write(newer);

        assertThat(result.outcomes()).containsExactly(RecordOutcome.APPLIED);
        StoredObject stored = stored(newer);
        assertThat(stored.version()).isEqualTo(101);
        assertThat(stored.payload()).isEqualTo(expectedPayload(newer));
    }

    @Test
    void aTombstoneIsNotUndoneByAnOlderUpsert() {
        TestRecords.Builder customer = TestRecords.customer("cus_Tombstone1");
        write(customer.version(100).upsert());
        assertThat(write(customer.version(300).delete()).outcomes()).containsExactly(RecordOutcome.APPLIED);

        BatchResult stalePage = write(customer.version(200).upsert());

        assertThat(stalePage.outcomes()).containsExactly(RecordOutcome.STALE);
        StoredObject stored = stored(customer.upsert());
        assertThat(stored.deleted()).isTrue();
        assertThat(stored.version()).isEqualTo(300);
    }

    @Test
    void anUpsertAtTheTombstonesVersionDoesNotResurrectIt() {
        TestRecords.Builder customer = TestRecords.customer("cus_Tombstone2");
        write(customer.version(300).delete());

        BatchResult sameSecond = write(customer.version(300).upsert());

        assertThat(sameSecond.get(0).status()).isIn(TIE, STALE);
        assertTombstoneOfUnseen(customer.upsert(), 300);
    }

    @Test
    void aDeleteOfAnUnseenObjectLeavesATombstoneWithItsVersion() {
        assumeTrue(keepsTombstonesOfUnseenObjects(), "this destination keeps no tombstones of objects it never held");
        SyncRecord delete = TestRecords.subscription("sub_NeverSeen01").version(500).delete();

        BatchResult result = write(delete);

        assertThat(result.outcomes()).containsExactly(RecordOutcome.APPLIED);
        StoredObject stored = stored(delete);
        assertThat(stored.deleted()).isTrue();
        assertThat(stored.version()).isEqualTo(500);
        assertThat(stored.payload()).containsEntry("id", "sub_NeverSeen01");
    }

    @Test
    void aDeleteOfAKnownObjectMarksItDeletedAtItsVersion() {
        TestRecords.Builder subscription = TestRecords.subscription("sub_Known00001");
        write(subscription.version(100).upsert());

        BatchResult result = write(subscription.version(150).delete());

        assertThat(result.outcomes()).containsExactly(RecordOutcome.APPLIED);
        StoredObject stored = stored(subscription.upsert());
        assertThat(stored.deleted()).isTrue();
        assertThat(stored.version()).isEqualTo(150);
    }

    @Test
    void aRedeliveredDeleteIsANoOp() {
        SyncRecord delete = TestRecords.customer("cus_DeletedTwice").version(400).delete();
        write(TestRecords.customer("cus_DeletedTwice").version(300).upsert());
        write(delete);
        StoredObject before = stored(delete);

        BatchResult again = write(delete);

        assertThat(again.outcomes()).containsExactly(RecordOutcome.UNCHANGED);
        assertThat(stored(delete)).isEqualTo(before);
    }

    @Test
    void theSameVersionWithDifferentContentIsATieAndNotApplied() {
        SyncRecord first = TestRecords.customer("cus_Tie000001").version(100).set("name", "Jenny Rosen").upsert();
        SyncRecord sameSecond = TestRecords.customer("cus_Tie000001").version(100).set("name", "Jenny Rosen-Ng").upsert();
        write(first);

        BatchResult result = write(sameSecond);

        assertThat(result.outcomes()).containsExactly(RecordOutcome.TIE);
        assertThat(stored(first).payload()).isEqualTo(expectedPayload(first));
    }

    @Test
    void aBatchGetsOneOutcomePerRecordInBatchOrder() {
        TestRecords.Builder customerA = TestRecords.customer("cus_BatchA0001");
        SyncRecord subscription = TestRecords.subscription("sub_Batch00001").version(50).upsert();
        SyncRecord customerB = TestRecords.customer("cus_BatchB0001").version(70).upsert();
        SyncRecord deleteC = TestRecords.customer("cus_BatchC0001").version(30).delete();
        List<SyncRecord> batch = List.of(
                customerA.version(100).set("name", "v100").upsert(),
                subscription,
                customerB,
                customerA.version(120).set("name", "v120").upsert(),
                customerA.version(110).set("name", "v110").upsert(),
                subscription,
                deleteC);

        BatchResult result = write(batch);

        assertThat(result.outcomes()).extracting(RecordOutcome::status)
                .containsExactly(STALE, APPLIED, APPLIED, APPLIED, STALE, UNCHANGED, APPLIED);
        StoredObject a = stored(batch.get(0));
        assertThat(a.version()).isEqualTo(120);
        assertThat(a.payload()).isEqualTo(expectedPayload(batch.get(3)));
        assertThat(stored(subscription).payload()).isEqualTo(expectedPayload(subscription));
        assertThat(stored(customerB).version()).isEqualTo(70);
        assertTombstoneOfUnseen(deleteC, 30);
    }

    @Test
    void theNewestVersionWinsInsideABatchWhateverItsPosition() {
        TestRecords.Builder customer = TestRecords.customer("cus_InBatch0001");
        write(customer.version(100).set("name", "stored").upsert());
        List<SyncRecord> batch = List.of(
                customer.version(90).set("name", "older than stored").upsert(),
                customer.version(105).set("name", "newer").upsert(),
                customer.version(130).set("name", "newest").upsert(),
                customer.version(110).set("name", "newer, not newest").upsert());

        BatchResult result = write(batch);

        assertThat(result.outcomes()).extracting(RecordOutcome::status).containsExactly(STALE, STALE, APPLIED, STALE);
        assertThat(stored(batch.get(0)).version()).isEqualTo(130);
        assertThat(stored(batch.get(0)).payload()).isEqualTo(expectedPayload(batch.get(2)));
    }

    @Test
    void aDeleteInsideABatchWinsOverOlderUpsertsOfTheSameBatch() {
        TestRecords.Builder customer = TestRecords.customer("cus_InBatchDel1");
        List<SyncRecord> batch = List.of(
                customer.version(100).upsert(),
                customer.version(200).delete(),
                customer.version(150).upsert());

        BatchResult result = write(batch);

        assertThat(result.outcomes()).extracting(RecordOutcome::status).containsExactly(STALE, APPLIED, STALE);
        assertTombstoneOfUnseen(batch.get(0), 200);
    }

    @Test
    void recordsOfDifferentAccountsWithTheSameIdAreDistinct() {
        assumeTrue(keepsAccountsApart(), "this destination keys objects by their Stripe id alone");
        SyncRecord platform = TestRecords.customer("cus_SameId0001").version(100).set("name", "Platform").upsert();
        SyncRecord connected = TestRecords.customer("cus_SameId0001").account(TestRecords.CONNECTED_ACCOUNT)
                .version(50).set("name", "Connected").upsert();

        BatchResult result = write(platform, connected);

        assertThat(result.outcomes()).containsExactly(RecordOutcome.APPLIED, RecordOutcome.APPLIED);
        assertThat(stored(platform).payload()).isEqualTo(expectedPayload(platform));
        assertThat(stored(connected).payload()).isEqualTo(expectedPayload(connected));
        assertThat(stored(connected).version()).isEqualTo(50);

        write(TestRecords.customer("cus_SameId0001").account(TestRecords.CONNECTED_ACCOUNT).version(60).delete());
        assertThat(stored(platform).deleted()).isFalse();
        assertThat(stored(connected).deleted()).isTrue();
    }

    @Test
    void aPartialBatchFailureAcknowledgesOnlyWhatWasWritten() {
        List<SyncRecord> refused = recordsTheDestinationRefuses();
        assumeFalse(refused.isEmpty(), "this destination refuses no record");
        List<SyncRecord> batch = new ArrayList<>();
        batch.add(TestRecords.customer("cus_Partial0001").version(100).upsert());
        batch.addAll(refused);
        batch.add(TestRecords.subscription("sub_Partial0001").version(100).upsert());
        batch.add(TestRecords.customer("cus_Partial0002").version(100).upsert());

        BatchResult result = write(batch);

        for (int i = 0; i < batch.size(); i++) {
            SyncRecord record = batch.get(i);
            RecordOutcome outcome = result.get(i);
            boolean stored = probe().read(record.key()).isPresent();
            if (refused.contains(record)) {
                assertThat(outcome.status()).as("outcome of refused %s", record).isIn(RecordOutcome.Status.REJECTED, RecordOutcome.Status.FAILED);
                assertThat(outcome.detail()).as("reason for %s", record).isNotBlank();
                assertThat(stored).as("refused %s is not stored", record).isFalse();
            } else {
                assertThat(outcome).as("outcome of %s", record).isEqualTo(RecordOutcome.APPLIED);
                assertThat(stored(record).payload()).isEqualTo(expectedPayload(record));
            }
        }
        // Delivering the batch again after the refusal changes nothing that was written.
        BatchResult again = write(batch);
        for (int i = 0; i < batch.size(); i++) {
            if (!refused.contains(batch.get(i))) {
                assertThat(again.get(i)).isEqualTo(RecordOutcome.UNCHANGED);
            }
        }
    }

    @Test
    void aFieldTheSchemaDoesNotKnowIsStoredAndGetsItsOwnTypedField() {
        SyncRecord customer = TestRecords.customer("cus_NewField001").version(100)
                .set("loyalty_tier", "gold").set("loyalty_points", 1200L).set("loyalty_opt_in", true)
                .set("loyalty_history", List.of(Map.of("tier", "silver"))).upsert();

        BatchResult result = write(customer);

        assertThat(result.outcomes()).containsExactly(RecordOutcome.APPLIED);
        assertThat(stored(customer).payload()).isEqualTo(expectedPayload(customer));
        Optional<Map<String, Object>> typed = probe().typedFields(customer.key());
        assumeTrue(typed.isPresent(), "this destination keeps no typed fields");
        assertThat(typed.get()).containsEntry("loyalty_tier", "gold").containsEntry("loyalty_points", 1200L)
                .containsEntry("loyalty_opt_in", true).containsKey("loyalty_history");
    }

    @Test
    void aLaterValueThatDoesNotFitANewFieldNeverFailsTheWrite() {
        write(TestRecords.customer("cus_NewField002").version(100).set("loyalty_points", 1200L).upsert());
        SyncRecord changedShape = TestRecords.customer("cus_NewField002").version(200)
                .set("loyalty_points", Map.of("value", 1300L, "expires", "never")).upsert();

        BatchResult result = write(changedShape);

        // Where nothing the destination keeps changed, a destination that skips such writes answers UNCHANGED.
        assertThat(result.get(0).status()).isIn(APPLIED, skipsWritesThatChangeNothingKept() ? UNCHANGED : APPLIED);
        assertThat(stored(changedShape).payload()).isEqualTo(expectedPayload(changedShape));
        probe().typedFields(changedShape.key()).ifPresent(typed -> assertThat(typed).containsEntry("loyalty_points", null));
    }

    @Test
    void childItemsAreStoredWithTheirParentsVersion() {
        SyncRecord subscription = subscriptionWithItems("sub_Children01", 100, false, "si_ChildA01", "si_ChildB01");

        write(subscription);

        Map<String, StoredObject> children = children(subscription);
        assertThat(children).containsOnlyKeys("si_ChildA01", "si_ChildB01");
        assertThat(children.values()).allSatisfy(child -> {
            assertThat(child.version()).isEqualTo(100);
            assertThat(child.deleted()).isFalse();
        });
        assertThat(children.get("si_ChildB01").payload()).containsEntry("quantity", 2L);
    }

    @Test
    void anItemRemovedFromItsParentDisappearsFromTheChildren() {
        write(subscriptionWithItems("sub_Children02", 100, false, "si_ChildA02", "si_ChildB02"));
        SyncRecord withoutB = subscriptionWithItems("sub_Children02", 200, false, "si_ChildA02");

        write(withoutB);

        Map<String, StoredObject> children = children(withoutB);
        assertThat(children).containsOnlyKeys("si_ChildA02");
        assertThat(children.get("si_ChildA02").version()).isEqualTo(200);
    }

    @Test
    void aStaleParentNeverRewritesNewerChildren() {
        write(subscriptionWithItems("sub_Children03", 200, false, "si_ChildA03"));
        SyncRecord stalePage = subscriptionWithItems("sub_Children03", 100, false, "si_ChildA03", "si_ChildB03");

        assertThat(write(stalePage).outcomes()).containsExactly(RecordOutcome.STALE);

        Map<String, StoredObject> children = children(stalePage);
        assertThat(children).containsOnlyKeys("si_ChildA03");
        assertThat(children.get("si_ChildA03").version()).isEqualTo(200);
    }

    @Test
    void aTruncatedEmbeddedListRemovesNoChildren() {
        write(subscriptionWithItems("sub_Children04", 100, false, "si_ChildA04", "si_ChildB04"));
        // Stripe embeds only the first page of a long list (has_more): the other items were not seen.
        SyncRecord firstPageOnly = subscriptionWithItems("sub_Children04", 200, true, "si_ChildC04");

        write(firstPageOnly);

        assertThat(children(firstPageOnly)).containsOnlyKeys("si_ChildA04", "si_ChildB04", "si_ChildC04");
    }

    @Test
    void aDeletedParentsChildrenAreDeletedAtItsVersion() {
        write(subscriptionWithItems("sub_Children05", 100, false, "si_ChildA05"));
        SyncRecord delete = TestRecords.subscription("sub_Children05").version(300).delete();

        write(delete);

        StoredObject child = children(delete).get("si_ChildA05");
        assertThat(child.deleted()).isTrue();
        assertThat(child.version()).isEqualTo(300);
    }

    /**
     * The object, deleted by a delete it never saw an upsert of, is a tombstone at {@code version};
     * or absent, where the destination keeps no tombstones of unseen objects.
     */
    private void assertTombstoneOfUnseen(SyncRecord record, long version) {
        Optional<StoredObject> stored = probe().read(record.key());
        if (stored.isEmpty() && !keepsTombstonesOfUnseenObjects()) {
            return;
        }
        assertThat(stored).as("tombstone of %s", record.key()).isPresent();
        assertThat(stored.get().deleted()).isTrue();
        assertThat(stored.get().version()).isEqualTo(version);
    }

    private Map<String, StoredObject> children(SyncRecord subscription) {
        Optional<Map<String, StoredObject>> children = probe().children(subscription.key(), "items");
        assumeTrue(children.isPresent(), "this destination keeps no child tables");
        return children.get();
    }

    /** A subscription whose {@code items} list holds the given items, quantities 1, 2, 3… */
    private static SyncRecord subscriptionWithItems(String id, long version, boolean hasMore, String... itemIds) {
        List<Map<String, Object>> items = new ArrayList<>();
        for (int i = 0; i < itemIds.length; i++) {
            items.add(TestRecords.subscriptionItem(itemIds[i], id, i + 1L));
        }
        return TestRecords.subscription(id).version(version)
                .set("items", TestRecords.list(items, hasMore, "/v1/subscription_items?subscription=" + id)).upsert();
    }
}
