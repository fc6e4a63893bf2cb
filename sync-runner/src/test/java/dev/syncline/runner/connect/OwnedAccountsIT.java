package dev.syncline.runner.connect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.syncline.runner.ownership.LeaseStore;
import dev.syncline.runner.ownership.ReplicaHeartbeat;
import dev.syncline.runner.state.StateStore;
import dev.syncline.testkit.postgres.PostgresFixture;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two replicas' {@link OwnedAccounts} against one real leases table, their rounds driven by hand:
 * the fair share, giving back to a replica that joined, taking over a dead replica's accounts only
 * once its leases expired, stopping an account whose lease was taken, and releasing on close.
 */
class OwnedAccountsIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Duration PERIOD = Duration.ofSeconds(3);
    private static final List<String> ACCOUNTS = IntStream.range(0, 10).mapToObj(i -> "acct_" + i).toList();

    private StateStore state;
    private LeaseStore leases;
    private final AtomicInteger live = new AtomicInteger(1);
    private final RecordingWork workA = new RecordingWork();
    private final RecordingWork workB = new RecordingWork();
    private OwnedAccounts a;
    private OwnedAccounts b;

    @BeforeEach
    void migratedState() {
        PostgresFixture postgres = PostgresFixture.get();
        state = StateStore.connect("r2dbc:postgresql://" + postgres.user() + ":" + postgres.password() + "@" + postgres.host() + ":"
                + postgres.port() + "/" + postgres.createDatabase());
        state.migrate().block(WAIT);
        leases = state.leases();
        a = new OwnedAccounts(workA, leases, "a", PERIOD, live::get);
        b = new OwnedAccounts(workB, leases, "b", PERIOD, live::get);
    }

    @AfterEach
    void close() {
        state.close();
    }

    @Test
    void aReplicaAlone_takesEveryAccountAsItIsOffered() {
        offerAll(a);
        assertThat(a.accounts()).containsExactlyInAnyOrderElementsOf(ACCOUNTS);
        assertThat(workA.running).containsExactlyInAnyOrderElementsOf(ACCOUNTS);
        assertThat(a.leases()).contains("account:acct_0");
    }

    @Test
    void aReplicaThatJoins_getsItsShare_asTheOtherGivesBackWhatIsBeyondIts() {
        offerAll(a);
        live.set(2);
        offerAll(b);
        assertThat(b.accounts()).as("every account is held by a").isEmpty();

        a.rebalance(ACCOUNTS, true).block(WAIT);
        assertThat(a.accounts()).hasSize(5);
        assertThat(workA.running).as("a's work of the accounts it gave back stopped").hasSize(5);
        // The given-back leases are released once their work is done, in the background.
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (b.accounts().size() < 5 && System.nanoTime() < deadline) {
            b.rebalance(ACCOUNTS, true).block(WAIT);
        }
        assertThat(b.accounts()).hasSize(5);

        Set<String> both = new HashSet<>(a.accounts());
        both.retainAll(b.accounts());
        assertThat(both).as("accounts held by both").isEmpty();
        Set<String> all = new HashSet<>(a.accounts());
        all.addAll(b.accounts());
        assertThat(all).containsExactlyInAnyOrderElementsOf(ACCOUNTS);
        assertThat(workB.running).containsExactlyInAnyOrderElementsOf(b.accounts());
    }

    @Test
    void aDeadReplicasAccounts_areTakenOnlyOnceTheirLeasesExpired() throws Exception {
        live.set(2);
        ACCOUNTS.subList(0, 5).forEach(account -> a.offer(account, false, ACCOUNTS.size()).block(WAIT));
        ACCOUNTS.subList(5, 10).forEach(account -> b.offer(account, false, ACCOUNTS.size()).block(WAIT));
        assertThat(a.accounts()).hasSize(5);
        assertThat(b.accounts()).hasSize(5);

        // a dies: it renews no more. b alone counts one replica; the leases still run.
        live.set(1);
        b.rebalance(ACCOUNTS, true).block(WAIT);
        assertThat(b.accounts()).as("before the dead replica's leases expire").hasSize(5);

        Thread.sleep(PERIOD.toMillis() + 300);
        b.rebalance(ACCOUNTS, true).block(WAIT);
        assertThat(b.accounts()).as("after").containsExactlyInAnyOrderElementsOf(ACCOUNTS);
    }

    @Test
    void anAccountWhoseLeaseWasTaken_stopsAtTheNextRenewal() throws Exception {
        a.offer("acct_0", false, 1).block(WAIT);
        // As if a had been frozen past its lease and b had taken the account meanwhile.
        leases.release(OwnedAccounts.lease("acct_0"), "a", Duration.ZERO).block(WAIT);
        Thread.sleep(20);
        b.offer("acct_0", false, 1).block(WAIT);
        assertThat(b.accounts()).containsExactly("acct_0");

        a.rebalance(List.of("acct_0"), false).block(WAIT);
        assertThat(a.accounts()).isEmpty();
        assertThat(workA.running).as("a's work stopped").isEmpty();
        assertThat(leases.owners().block(WAIT)).containsEntry("account:acct_0", "b");
    }

    @Test
    void aCleanStop_releasesTheAccounts_soAnotherTakesThemAtOnce() {
        offerAll(a);
        a.close(Duration.ZERO, WAIT);
        assertThat(workA.running).isEmpty();
        b.rebalance(ACCOUNTS, true).block(WAIT);
        assertThat(b.accounts()).containsExactlyInAnyOrderElementsOf(ACCOUNTS);
    }

    @Test
    void theLiveReplicas_areCountedFromTheirHeartbeatLeases() {
        leases.acquire("replica:a", "a", PERIOD).block(WAIT);
        leases.acquire("replica:b", "b", PERIOD).block(WAIT);
        leases.acquire("pipeline:warehouse", "a", PERIOD).block(WAIT);
        assertThat(leases.countLive("replica:").block(WAIT)).isEqualTo(2);
        leases.release("replica:b", "b", Duration.ZERO).block(WAIT);
        assertThat(leases.countLive("replica:").block(WAIT)).isEqualTo(1);
    }

    @Test
    void theBudgetIsShared_byTheReplicasHoldingWork_notByStandbys() {
        ReplicaHeartbeat heartbeatA = new ReplicaHeartbeat(leases, "a", PERIOD, count -> { }, false);
        ReplicaHeartbeat heartbeatB = new ReplicaHeartbeat(leases, "b", PERIOD, count -> { }, false);
        leases.acquire("pipeline:warehouse", "a", PERIOD).block(WAIT);

        // b waits for the pipeline a runs: a keeps the whole budget, b would share it once it reads.
        assertThat(heartbeatA.beat().block(WAIT)).isEqualTo(1);
        assertThat(heartbeatB.beat().block(WAIT)).isEqualTo(2);
        assertThat(heartbeatA.liveReplicas()).isEqualTo(1);
        assertThat(heartbeatB.liveReplicas()).isEqualTo(2);

        leases.acquire("pipeline:crm", "b", PERIOD).block(WAIT);
        assertThat(heartbeatA.beat().block(WAIT)).isEqualTo(2);
        assertThat(heartbeatA.readingReplicas()).isEqualTo(2);
    }

    @Test
    void withConnectedAccounts_everyLiveReplicaSharesTheBudget_beforeItTakesAnAccount() {
        ReplicaHeartbeat heartbeatA = new ReplicaHeartbeat(leases, "a", PERIOD, count -> { }, true);
        ReplicaHeartbeat heartbeatB = new ReplicaHeartbeat(leases, "b", PERIOD, count -> { }, true);
        heartbeatB.beat().block(WAIT);
        leases.acquire("account:acct_0", "a", PERIOD).block(WAIT);

        // b is about to take its share of the accounts: a already leaves it half the budget.
        assertThat(heartbeatA.beat().block(WAIT)).isEqualTo(2);
    }

    @Test
    void acquireFree_takesUpToTheLimit_inTheOrderGiven_skippingWhatOthersHold() {
        leases.acquire("account:acct_1", "b", PERIOD).block(WAIT);
        Set<String> taken = leases.acquireFree(List.of("account:acct_0", "account:acct_1", "account:acct_2", "account:acct_3"), "a", PERIOD, 2)
                .block(WAIT);
        assertThat(taken).containsExactlyInAnyOrder("account:acct_0", "account:acct_2");
        assertThat(leases.renewAll(List.of("account:acct_0", "account:acct_1"), "a", PERIOD).block(WAIT))
                .as("renewed: only what a holds").containsExactly("account:acct_0");
    }

    private void offerAll(OwnedAccounts replica) {
        ACCOUNTS.forEach(account -> replica.offer(account, false, ACCOUNTS.size()).block(WAIT));
    }

    /** Account work that only records which accounts run. */
    private static final class RecordingWork implements AccountWork {
        private final Set<String> running = ConcurrentHashMap.newKeySet();

        @Override
        public Running start(String account, boolean again) {
            running.add(account);
            return () -> running.remove(account);
        }
    }
}
