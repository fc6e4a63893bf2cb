package dev.syncline.runner.connect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.syncline.connector.record.Json;
import dev.syncline.runner.ownership.RunnerReplica;
import dev.syncline.runner.policy.TestManifests;
import dev.syncline.runner.state.EmbeddedPostgresServer;
import dev.syncline.sim.StripeSimulator;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Two replicas, each its own process, against one state database, with 24 connected accounts in
 * the simulator: the accounts are split between the replicas under per-account leases (both hold
 * accounts, none is held or run by both, each holds its fair share), the two replicas' Stripe
 * requests together stay within the one platform budget, killing one replica (SIGKILL) moves its
 * accounts to the other about a lease period later, and every account's warehouse rows end equal
 * to its ground truth, the moved accounts resumed from their checkpoints. A clean stop releases the
 * accounts at once (after a 2 s settle) rather than leaving them to expire.
 */
class ConnectedReplicasIT {
    private static final Logger log = LoggerFactory.getLogger(ConnectedReplicasIT.class);
    private static final int LEASE_SECONDS = 6;
    private static final int ACCOUNTS = 24;
    private static final double BUDGET = 12;
    private static final List<String> TYPES = List.of("customer", "product", "price", "subscription", "invoice");

    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path work;

    @Test
    void twoReplicasSplitTheAccounts_shareOneBudget_andASurvivorTakesOverAKilledOnesAccounts() throws Exception {
        Path manifest = TestManifests.write(work, List.of("customer_read", "product_read", "plan_read", "subscription_read",
                "invoice_read", "event_read", "connected_account_read"), List.of());
        try (StripeSimulator simulator = StripeSimulator.builder().seed(23).customers(5)
                .connectedAccounts(ACCOUNTS, i -> i < 6 ? 150 : 4 + i % 5)
                .start();
             EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(work.resolve("postgres"), EmbeddedPostgresServer.freePort())) {
            List<String> accounts = simulator.connectedAccountIds();
            RequestSampler sampler = new RequestSampler(simulator);
            List<RunnerReplica> replicas = new ArrayList<>();
            try {
                sampler.start();
                for (String id : List.of("r1", "r2")) {
                    RunnerReplica replica = new RunnerReplica(id, EmbeddedPostgresServer.freePort(), work.resolve(id + ".log"));
                    replica.start(writeConfig(simulator, postgres, manifest, replica));
                    replicas.add(replica);
                }
                RunnerReplica r1 = replicas.get(0);
                RunnerReplica r2 = replicas.get(1);

                // Both take accounts, each its fair share (12 of 24), and no account is held by both.
                Map<String, Set<String>> split = awaitSplit(postgres, replicas, Duration.ofMinutes(2));
                log.info("accounts per replica: {}", split.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue().size()).toList());
                assertThat(split.get("r1")).as("r1's accounts").hasSize(ACCOUNTS / 2);
                assertThat(split.get("r2")).as("r2's accounts").hasSize(ACCOUNTS / 2);
                for (int sample = 0; sample < 6; sample++) {
                    Set<String> first = runningAccounts(r1);
                    Set<String> second = runningAccounts(r2);
                    Set<String> both = new HashSet<>(first);
                    both.retainAll(second);
                    assertThat(both).as("accounts run by both replicas (r1 %s, r2 %s)", first, second).isEmpty();
                    Thread.sleep(250);
                }

                // SIGKILL one: its accounts' leases expire and the survivor takes them.
                long killed = System.nanoTime();
                r1.process().destroyForcibly().waitFor(30, TimeUnit.SECONDS);
                awaitHeldBy(postgres, "r2", accounts, Duration.ofSeconds(LEASE_SECONDS * 4L));
                double seconds = (System.nanoTime() - killed) / 1e9;
                log.info("r1's accounts moved to r2 {} s after the kill", seconds);
                assertThat(seconds).as("takeover within about a lease period (%d s) of the kill", LEASE_SECONDS)
                        .isLessThanOrEqualTo(LEASE_SECONDS + LEASE_SECONDS / 3.0 + 2.0);

                await(Duration.ofMinutes(3), "every connected account synced", () -> synced(postgres).containsAll(accounts), replicas);
                for (String account : accounts) {
                    assertConverged(simulator, postgres, account);
                }
                sampler.stop();

                // The two together never went beyond the one budget: the busiest 3 s window, bursts aside.
                double peak = sampler.peakRate(Duration.ofSeconds(3));
                log.info("peak request rate of both replicas together: {} /s against a budget of {} /s ({} requests)", peak, BUDGET,
                        simulator.counters().total());
                assertThat(peak).as("requests per second of both replicas together (budget %s)", BUDGET)
                        .isLessThanOrEqualTo(BUDGET * 1.1 + 2.0);
                assertThat(Files.readString(r2.log())).as("r2's log").doesNotContain("Pipeline warehouse failed");

                // A clean stop lets the accounts go (after a 2 s settle) instead of leaving them to expire.
                r2.process().destroy();
                assertThat(r2.process().waitFor(60, TimeUnit.SECONDS)).as("r2 stopped").isTrue();
                long stopped = System.nanoTime();
                while (!accountLeases(postgres).isEmpty() && System.nanoTime() - stopped < TimeUnit.SECONDS.toNanos(LEASE_SECONDS)) {
                    Thread.sleep(100);
                }
                double released = (System.nanoTime() - stopped) / 1e9;
                assertThat(accountLeases(postgres)).as("account leases held after a clean stop").isEmpty();
                assertThat(released).as("seconds until the stopped replica's accounts were free").isLessThan(3.0);
            } finally {
                sampler.stop();
                for (RunnerReplica replica : replicas) {
                    replica.stop();
                    Files.copy(replica.log(), Path.of("target", "connected-replicas-" + replica.id() + ".log"), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    /** Waits until both replicas hold account leases and together hold every account once; returns each one's accounts. */
    private static Map<String, Set<String>> awaitSplit(EmbeddedPostgresServer postgres, List<RunnerReplica> replicas, Duration timeout)
            throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, Set<String>> byOwner = Map.of();
        while (System.nanoTime() < deadline) {
            for (RunnerReplica replica : replicas) {
                assertThat(replica.process().isAlive()).as("%s runs:\n%s", replica.id(), Files.readString(replica.log())).isTrue();
            }
            byOwner = accountLeases(postgres);
            if (byOwner.size() == 2 && byOwner.values().stream().allMatch(held -> held.size() == ACCOUNTS / 2)) {
                return byOwner;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the accounts were not split between the replicas in " + timeout + ": "
                + byOwner.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue().size()).toList());
    }

    private static void awaitHeldBy(EmbeddedPostgresServer postgres, String owner, List<String> accounts, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        Set<String> held = Set.of();
        while (System.nanoTime() < deadline) {
            held = accountLeases(postgres).getOrDefault(owner, Set.of());
            if (held.containsAll(accounts)) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError(owner + " holds " + held.size() + " of " + accounts.size() + " accounts after " + timeout);
    }

    /** The unexpired account leases, by owner: {@code account:<id>} → the account id. */
    private static Map<String, Set<String>> accountLeases(EmbeddedPostgresServer postgres) throws Exception {
        Map<String, Set<String>> byOwner = new HashMap<>();
        try (Connection state = postgres.connect("syncline"); Statement s = state.createStatement();
             ResultSet r = s.executeQuery("SELECT name, owner FROM syncline.leases WHERE name LIKE 'account:%' AND expires_at > now()")) {
            while (r.next()) {
                byOwner.computeIfAbsent(r.getString(2), o -> new HashSet<>()).add(r.getString(1).substring("account:".length()));
            }
        } catch (java.sql.SQLException notYet) {
            // the leases table appears with the first replica's migration
        }
        return byOwner;
    }

    /** The accounts a replica says it runs (its {@code account:} leases on the status endpoint). */
    private Set<String> runningAccounts(RunnerReplica replica) throws Exception {
        HttpResponse<String> status = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + replica.httpPort() + "/status"))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(status.statusCode()).isEqualTo(200);
        Map<?, ?> replicaStatus = (Map<?, ?>) Json.parseObject(status.body()).get("replica");
        Set<String> accounts = new HashSet<>();
        for (Object lease : (List<?>) replicaStatus.get("leases")) {
            String name = String.valueOf(lease);
            if (name.startsWith("account:")) {
                accounts.add(name.substring("account:".length()));
            }
        }
        return accounts;
    }

    private static void assertConverged(StripeSimulator simulator, EmbeddedPostgresServer postgres, String account) throws Exception {
        for (String type : TYPES) {
            Set<String> expected = new HashSet<>();
            simulator.groundTruth(account).objects(type).forEach(o -> expected.add(String.valueOf(o.get("id"))));
            Set<String> actual = new HashSet<>();
            try (Connection warehouse = postgres.connect("warehouse"); Statement s = warehouse.createStatement();
                 ResultSet r = s.executeQuery("SELECT id FROM stripe." + type + "s WHERE NOT _deleted AND _account_id = '" + account + "'")) {
                while (r.next()) {
                    actual.add(r.getString(1));
                }
            }
            Set<String> missing = new HashSet<>(expected);
            missing.removeAll(actual);
            Set<String> extra = new HashSet<>(actual);
            extra.removeAll(expected);
            assertThat(missing).as("%s %s missing", account, type).isEmpty();
            assertThat(extra).as("%s %s not in Stripe", account, type).isEmpty();
        }
    }

    private static Set<String> synced(EmbeddedPostgresServer postgres) throws Exception {
        Set<String> synced = new HashSet<>();
        try (Connection state = postgres.connect("syncline"); Statement s = state.createStatement();
             ResultSet r = s.executeQuery("SELECT account_id FROM syncline.accounts WHERE first_synced_at IS NOT NULL")) {
            while (r.next()) {
                synced.add(r.getString(1));
            }
        }
        return synced;
    }

    private interface Condition {
        boolean holds() throws Exception;
    }

    private static void await(Duration timeout, String what, Condition condition, List<RunnerReplica> replicas) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (condition.holds()) {
                    return;
                }
            } catch (java.sql.SQLException notYet) {
                // tables appear with the first write
            }
            Thread.sleep(250);
        }
        throw new AssertionError("timed out waiting for " + what + "; logs in target/connected-replicas-*.log");
    }

    private Path writeConfig(StripeSimulator simulator, EmbeddedPostgresServer postgres, Path manifest, RunnerReplica replica) throws IOException {
        Path config = work.resolve(replica.id() + ".yaml");
        Files.writeString(config, """
                %sstripe:
                  api-key: sk_test_connected_replicas
                  api-base: "%s"
                  rate-limit: { requests-per-second: %s }
                  accounts: connected
                  connect: { discovery-interval-seconds: 0, concurrent-backfills: 4 }
                  webhook: { secrets: [whsec_connected_replicas] }
                  events: { poll-interval-seconds: 0 }
                egress: { allow: ["%s"] }
                inbox: { mode: poll, poll-interval-ms: 200 }
                state: { url: "%s", data-dir: "%s", embedded-port: %d }
                server: { address: 127.0.0.1, port: %d }
                ownership: { lease-seconds: %d, replica-id: %s }
                pipelines:
                  - name: warehouse
                    objects: [customer, product, price, subscription, invoice]
                    backfill: { parallelism: 4 }
                    destination: { type: postgres, url: "%s", schema: stripe }
                """.formatted(TestManifests.line(manifest), simulator.baseUrl(), BUDGET, postgres.r2dbcUrl("warehouse"), postgres.r2dbcUrl("syncline"), work.resolve(replica.id()),
                EmbeddedPostgresServer.freePort(), replica.httpPort(), LEASE_SECONDS, replica.id(), postgres.r2dbcUrl("warehouse")));
        return config;
    }

    /** Reads the simulator's request total every 100 ms, for the busiest window's rate. */
    private static final class RequestSampler {
        private final StripeSimulator simulator;
        private final List<long[]> samples = new CopyOnWriteArrayList<>();
        private volatile boolean running = true;
        private Thread thread;

        RequestSampler(StripeSimulator simulator) {
            this.simulator = simulator;
        }

        void start() {
            thread = new Thread(() -> {
                while (running) {
                    samples.add(new long[] {System.nanoTime(), simulator.counters().total()});
                    try {
                        Thread.sleep(100);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "request-sampler");
            thread.setDaemon(true);
            thread.start();
        }

        void stop() throws InterruptedException {
            running = false;
            if (thread != null) {
                thread.join(1_000);
            }
        }

        /** The highest rate over any window of this length: requests answered in it divided by its length. */
        double peakRate(Duration window) {
            double peak = 0;
            int from = 0;
            for (int to = 0; to < samples.size(); to++) {
                while (samples.get(to)[0] - samples.get(from)[0] > window.toNanos()) {
                    from++;
                }
                if (samples.get(to)[0] - samples.get(from)[0] >= window.toNanos() * 9 / 10) {
                    peak = Math.max(peak, (samples.get(to)[1] - samples.get(from)[1]) / (window.toNanos() / 1e9));
                }
            }
            return peak;
        }
    }
}
