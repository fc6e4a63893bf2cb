package dev.syncline.runner.deadletter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.syncline.connector.record.Origin;
import dev.syncline.connector.record.SyncRecord;
import dev.syncline.runner.state.StateStore;
import dev.syncline.testkit.postgres.PostgresFixture;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The dead-letter table: one pending row per object, filters, replays and the figures behind the metrics. */
class DeadLetterStoreIT {
    private static final Duration WAIT = Duration.ofSeconds(30);

    private StateStore state;
    private DeadLetterStore store;

    @BeforeEach
    void migratedState() {
        PostgresFixture postgres = PostgresFixture.get();
        state = StateStore.connect("r2dbc:postgresql://" + postgres.user() + ":" + postgres.password() + "@" + postgres.host() + ":"
                + postgres.port() + "/" + postgres.createDatabase());
        state.migrate().block(WAIT);
        state.migrate().block(WAIT);
        store = state.deadLetters();
    }

    @AfterEach
    void close() {
        state.close();
    }

    @Test
    void aNewerRefusalOfAWaitingObject_updatesItsRow_insteadOfAddingOne() {
        store.record("warehouse", "postgres", List.of(rejection("cus_1", 100, "too long"), rejection("cus_2", 100, "bad email"))).block(WAIT);
        store.record("warehouse", "postgres", List.of(rejection("cus_1", 200, "still too long"))).block(WAIT);
        store.record("warehouse", "postgres", List.of(rejection("cus_1", 150, "an older refusal, late"))).block(WAIT);

        List<DeadLetter> letters = store.list(DeadLetterQuery.all(100)).collectList().block(WAIT);

        assertThat(letters).hasSize(2);
        DeadLetter first = letters.get(0);
        assertThat(first.record().key().id()).isEqualTo("cus_1");
        assertThat(first.record().version()).as("the newest version wins").isEqualTo(200);
        assertThat(first.record().payload()).containsEntry("name", "v200");
        assertThat(first.reason()).isEqualTo("still too long");
        assertThat(first.attempts()).isEqualTo(3);
        assertThat(first.status()).isEqualTo(DeadLetterStatus.PENDING);
        assertThat(first.destinationType()).isEqualTo("postgres");
        assertThat(first.lastFailedAt()).isAfterOrEqualTo(first.firstFailedAt());
        assertThat(letters.get(1).attempts()).isEqualTo(1);
    }

    @Test
    void theSameObjectTwiceInOneBatch_isOneRowWithTwoAttempts() {
        store.record("warehouse", "postgres", List.of(rejection("cus_1", 300, "newest"), rejection("cus_1", 100, "older"))).block(WAIT);

        DeadLetter letter = store.list(DeadLetterQuery.all(10)).blockFirst(WAIT);

        assertThat(letter.record().version()).isEqualTo(300);
        assertThat(letter.reason()).isEqualTo("newest");
        assertThat(letter.attempts()).isEqualTo(2);
    }

    @Test
    void aReplayedObjectRefusedAgain_getsANewPendingRow() {
        store.record("warehouse", "postgres", List.of(rejection("cus_1", 100, "refused"))).block(WAIT);
        DeadLetter first = store.list(DeadLetterQuery.all(10)).blockFirst(WAIT);
        assertThat(store.markReplayed(List.of(first)).block(WAIT)).isEqualTo(1);

        store.record("warehouse", "postgres", List.of(rejection("cus_1", 200, "refused again"))).block(WAIT);

        assertThat(store.list(DeadLetterQuery.all(10).status(DeadLetterStatus.REPLAYED)).collectList().block(WAIT))
                .singleElement().satisfies(l -> assertThat(l.replayedAt()).isNotNull());
        assertThat(store.list(DeadLetterQuery.all(10).status(DeadLetterStatus.PENDING)).collectList().block(WAIT))
                .singleElement().satisfies(l -> assertThat(l.record().version()).isEqualTo(200));
    }

    @Test
    void filters_combine() {
        store.record("warehouse", "postgres", List.of(rejection("cus_1", 1, "a"), invoice("in_1", "b"))).block(WAIT);
        store.record("crm", "hubspot", List.of(rejection("cus_1", 1, "c"))).block(WAIT);

        assertThat(ids(DeadLetterQuery.all(10).pipeline("warehouse"))).containsExactly("cus_1", "in_1");
        assertThat(ids(DeadLetterQuery.all(10).pipeline("warehouse").objectType("invoice"))).containsExactly("in_1");
        assertThat(ids(DeadLetterQuery.all(10).objectType("customer"))).containsExactly("cus_1", "cus_1");
        assertThat(ids(DeadLetterQuery.all(10).since(Instant.now().plusSeconds(3600)))).isEmpty();
        assertThat(ids(DeadLetterQuery.all(10).since(Instant.now().minusSeconds(3600)))).hasSize(3);
        assertThat(ids(DeadLetterQuery.all(10).status(DeadLetterStatus.REPLAYED))).isEmpty();
        assertThat(ids(DeadLetterQuery.all(1))).hasSize(1);

        List<DeadLetter> all = store.list(DeadLetterQuery.all(10)).collectList().block(WAIT);
        assertThat(ids(DeadLetterQuery.all(10).ids(List.of(all.get(2).id())))).containsExactly("cus_1");
        assertThat(ids(DeadLetterQuery.all(10).after(all.get(0).id()))).hasSize(2);
        assertThat(store.get(all.get(1).id()).block(WAIT).record().key().objectType()).isEqualTo("invoice");
        assertThat(store.get(-1).blockOptional(WAIT)).isEmpty();
    }

    @Test
    void aLetterThatChangedSinceItWasRead_isNotMarkedReplayed() {
        store.record("warehouse", "postgres", List.of(rejection("cus_1", 100, "refused"))).block(WAIT);
        DeadLetter read = store.list(DeadLetterQuery.all(10)).blockFirst(WAIT);
        store.record("warehouse", "postgres", List.of(rejection("cus_1", 200, "refused while the replay ran"))).block(WAIT);

        assertThat(store.markReplayed(List.of(read)).block(WAIT)).isZero();
        assertThat(store.refusedAgain(List.of(read), List.of("stale reason")).block(WAIT)).isZero();

        DeadLetter now = store.get(read.id()).block(WAIT);
        assertThat(now.status()).isEqualTo(DeadLetterStatus.PENDING);
        assertThat(now.reason()).isEqualTo("refused while the replay ran");
    }

    @Test
    void refusedAgain_keepsTheLetterPendingWithTheNewReason() {
        store.record("warehouse", "postgres", List.of(rejection("cus_1", 100, "refused"))).block(WAIT);
        DeadLetter read = store.list(DeadLetterQuery.all(10)).blockFirst(WAIT);

        assertThat(store.refusedAgain(List.of(read), List.of("refused on replay")).block(WAIT)).isEqualTo(1);

        DeadLetter now = store.get(read.id()).block(WAIT);
        assertThat(now.status()).isEqualTo(DeadLetterStatus.PENDING);
        assertThat(now.reason()).isEqualTo("refused on replay");
        assertThat(now.attempts()).isEqualTo(2);
    }

    @Test
    void pending_countsPerPipelineWithTheOldestFirstFailure() {
        Instant before = Instant.now().minusSeconds(5);
        store.record("warehouse", "postgres", List.of(rejection("cus_1", 1, "a"), rejection("cus_2", 1, "b"))).block(WAIT);
        store.record("crm", "hubspot", List.of(rejection("cus_1", 1, "c"))).block(WAIT);
        store.markReplayed(store.list(DeadLetterQuery.all(10).pipeline("crm")).collectList().block(WAIT)).block(WAIT);

        List<PendingDeadLetters> pending = store.pending().collectList().block(WAIT);

        assertThat(pending).singleElement().satisfies(p -> {
            assertThat(p.pipeline()).isEqualTo("warehouse");
            assertThat(p.count()).isEqualTo(2);
            assertThat(p.oldestFirstFailure()).isAfter(before);
        });
    }

    @Test
    void gauges_showThePendingCountAndTheOldestAge_perPipeline() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Clock inAnHour = Clock.offset(Clock.systemUTC(), Duration.ofHours(1));
        store.record("warehouse", "postgres", List.of(rejection("cus_1", 1, "a"), rejection("cus_2", 1, "b"))).block(WAIT);

        try (DeadLetterMetrics metrics = DeadLetterMetrics.register(registry, List.of("warehouse", "crm"), store, inAnHour, Duration.ofMillis(50))) {
            metrics.start();
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (registry.get("syncline.dead_letters.pending").tag("pipeline", "warehouse").gauge().value() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(registry.get("syncline.dead_letters.pending").tag("pipeline", "warehouse").gauge().value()).isEqualTo(2);
            assertThat(registry.get("syncline.dead_letters.oldest.age").tag("pipeline", "warehouse").gauge().value()).isBetween(3500.0, 3700.0);
            assertThat(registry.get("syncline.dead_letters.pending").tag("pipeline", "crm").gauge().value()).isZero();
            assertThat(registry.get("syncline.dead_letters.oldest.age").tag("pipeline", "crm").gauge().value()).isZero();
        }
    }

    @Test
    void deadLetters_countWhatTheyStore_perObjectType() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        DeadLetters deadLetters = new DeadLetters("warehouse", "postgres", store,
                (name, amount, tags) -> registry.counter(name, tags).increment(amount));

        deadLetters.store(List.of(rejection("cus_1", 1, "a"), rejection("cus_2", 1, "b"), invoice("in_1", "c"))).block(WAIT);

        assertThat(registry.get("syncline.records.dead_lettered").tag("object_type", "customer").counter().count()).isEqualTo(2);
        assertThat(registry.get("syncline.records.dead_lettered").tag("object_type", "invoice").counter().count()).isEqualTo(1);
        assertThat(store.list(DeadLetterQuery.all(10)).count().block(WAIT)).isEqualTo(3);
    }

    private List<String> ids(DeadLetterQuery query) {
        return store.list(query).map(l -> l.record().key().id()).collectList().block(WAIT);
    }

    private static Rejection rejection(String id, long version, String reason) {
        return new Rejection(SyncRecord.upsert("acct_1", "customer", id, version, Origin.BACKFILL,
                Map.of("id", id, "object", "customer", "name", "v" + version)), reason);
    }

    private static Rejection invoice(String id, String reason) {
        return new Rejection(SyncRecord.upsert("acct_1", "invoice", id, 1, Origin.EVENT, Map.of("id", id, "object", "invoice")), reason);
    }
}
