package dev.syncline.runner.connect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.syncline.connector.spi.Connectors;
import dev.syncline.runner.app.SynclineRuntime;
import dev.syncline.runner.config.ConfigReader;
import dev.syncline.runner.config.SynclineConfig;
import dev.syncline.runner.config.YamlSource;
import dev.syncline.runner.policy.TestManifests;
import dev.syncline.runner.state.EmbeddedPostgresServer;
import dev.syncline.sim.ConnectedAccount;
import dev.syncline.sim.StripeSimulator;
import dev.syncline.sim.webhooks.WebhookSettings;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code stripe.accounts: connected} end to end: 40 connected accounts of very different sizes
 * are found through {@code GET /v1/accounts} and each backfilled under its own
 * {@code Stripe-Account}; every account's warehouse rows equal its ground truth; a connected
 * account's webhook, sent to the Connect endpoint, lands under its {@code _account_id}; a newly
 * connected account's authorization event starts its backfill; a deauthorized account is no
 * longer requested and its rows are kept and marked.
 */
class ConnectedAccountsIT {
    private static final List<String> TYPES = List.of("customer", "product", "price", "subscription", "invoice");
    private static final double BUDGET = 400;

    @TempDir
    Path dataDir;

    @Test
    void connectedAccounts_convergePerAccount_followWebhooksAndAuthorizations() throws Exception {
        Path manifest = TestManifests.write(dataDir, List.of("customer_read", "product_read", "plan_read", "subscription_read",
                "invoice_read", "event_read", "connected_account_read"), List.of());
        try (StripeSimulator simulator = StripeSimulator.builder().seed(11).customers(20)
                .connectedAccounts(40, i -> i == 0 ? 400 : i < 3 ? 100 : 3 + i % 5)
                .rateLimit((int) BUDGET)
                .webhooks(WebhookSettings.builder().backoff(Duration.ofMillis(50), Duration.ofMillis(200)).build())
                .start()) {
            SynclineConfig config = ConfigReader.read(YamlSource.parse("""
                    %sstripe:
                      api-key: sk_test_connect
                      api-base: "%s"
                      rate-limit: { requests-per-second: %s }
                      accounts: connected
                      connect: { discovery-interval-seconds: 0, concurrent-backfills: 6 }
                      webhook: { secrets: [whsec_connect] }
                      events: { poll-interval-seconds: 0 }
                    inbox: { mode: poll, poll-interval-ms: 50 }
                    state: { data-dir: "%s", embedded-port: %d }
                    server: { address: 127.0.0.1, port: 0 }
                    pipelines:
                      - name: warehouse
                        objects: [customer, product, price, subscription, invoice]
                        destination: { type: postgres, url: embedded, schema: stripe }
                    """.formatted(TestManifests.line(manifest), simulator.baseUrl(), BUDGET, dataDir.resolve("state"),
                    EmbeddedPostgresServer.freePort()), "test"), Connectors.discover(), Map.<String, String>of()::get);

            SynclineRuntime runtime = SynclineRuntime.start(config, Connectors.discover(), true);
            try {
                simulator.addConnectWebhookEndpoint(URI.create("http://127.0.0.1:" + runtime.httpPort() + "/webhooks/stripe"), "whsec_connect");
                List<String> accounts = simulator.connectedAccountIds();
                long started = System.nanoTime();
                await(Duration.ofMinutes(3), "every connected account synced", () -> synced(runtime).containsAll(accounts));
                double seconds = (System.nanoTime() - started) / 1e9;
                for (String account : accounts) {
                    assertConverged(runtime, simulator, account);
                }
                // Only connected accounts were read, under one shared budget (plus the burst).
                assertThat(simulator.counters().account(simulator.accountId())).as("the platform's own data is not synced")
                        .isLessThanOrEqualTo(2);
                assertThat(simulator.counters().status(429)).as("requests over the budget").isZero();
                assertThat(simulator.counters().total()).isLessThanOrEqualTo((long) (BUDGET * seconds + BUDGET));

                // A connected account's webhook reaches the Connect endpoint and lands under its account.
                ConnectedAccount small = simulator.connectedAccount(accounts.get(10));
                String customer = String.valueOf(small.groundTruth().objects("customer").get(0).get("id"));
                small.update("customer", customer, Map.of("name", "Renamed by webhook"));
                await(Duration.ofSeconds(30), "the webhook applied under its account",
                        () -> "Renamed by webhook".equals(name(runtime, small.id(), customer)));

                // A newly connected account is backfilled on its authorization event alone (discovery listing is off).
                ConnectedAccount added = simulator.addConnectedAccount(30);
                await(Duration.ofSeconds(60), "the new account synced", () -> synced(runtime).contains(added.id()));
                assertConverged(runtime, simulator, added.id());

                // A deauthorized account is no longer requested; its rows stay, marked in syncline.accounts.
                String leaving = accounts.get(1);
                long rowsBefore = rows(runtime, leaving);
                simulator.deauthorize(leaving);
                await(Duration.ofSeconds(30), "the account marked deauthorized", () -> "deauthorized".equals(status(runtime, leaving)));
                long requests = simulator.counters().account(leaving);
                simulator.connectedAccount(leaving).update("customer",
                        String.valueOf(simulator.groundTruth(leaving).objects("customer").get(0).get("id")), Map.of("name", "unseen"));
                Thread.sleep(1_500);
                assertThat(simulator.counters().account(leaving)).as("requests for the deauthorized account").isEqualTo(requests);
                assertThat(rows(runtime, leaving)).as("its warehouse rows are kept").isEqualTo(rowsBefore).isPositive();
                assertThat(runtime.sync().failures()).isEmpty();
            } finally {
                // Drained, not cut off at the grace period (30 s): nothing is left running once the accounts are synced.
                long stopping = System.nanoTime();
                runtime.close();
                assertThat(Duration.ofNanos(System.nanoTime() - stopping)).as("time to stop").isLessThan(Duration.ofSeconds(15));
            }
        }
    }

    private static void assertConverged(SynclineRuntime runtime, StripeSimulator simulator, String account) throws Exception {
        for (String type : TYPES) {
            Set<String> expected = new HashSet<>();
            simulator.groundTruth(account).objects(type).forEach(o -> expected.add(String.valueOf(o.get("id"))));
            Set<String> actual = ids(runtime, account, type);
            Set<String> missing = new HashSet<>(expected);
            missing.removeAll(actual);
            Set<String> extra = new HashSet<>(actual);
            extra.removeAll(expected);
            assertThat(missing).as("%s %s missing", account, type).isEmpty();
            assertThat(extra).as("%s %s not in Stripe", account, type).isEmpty();
        }
    }

    private static Set<String> ids(SynclineRuntime runtime, String account, String type) throws Exception {
        Set<String> ids = new HashSet<>();
        query(runtime, "warehouse", "SELECT id FROM stripe." + type + "s WHERE NOT _deleted AND _account_id = '" + account + "'",
                rows -> ids.add(rows.getString(1)));
        return ids;
    }

    private static long rows(SynclineRuntime runtime, String account) throws Exception {
        long[] count = {0};
        query(runtime, "warehouse", "SELECT count(*) FROM stripe.customers WHERE _account_id = '" + account + "'", rows -> count[0] = rows.getLong(1));
        return count[0];
    }

    private static String name(SynclineRuntime runtime, String account, String id) throws Exception {
        Map<String, String> names = new HashMap<>();
        query(runtime, "warehouse", "SELECT _raw->>'name' FROM stripe.customers WHERE _account_id = '" + account + "' AND id = '" + id + "'",
                rows -> names.put(id, rows.getString(1)));
        return names.get(id);
    }

    private static Set<String> synced(SynclineRuntime runtime) throws Exception {
        Set<String> synced = new HashSet<>();
        query(runtime, "syncline", "SELECT account_id FROM syncline.accounts WHERE first_synced_at IS NOT NULL", rows -> synced.add(rows.getString(1)));
        return synced;
    }

    private static String status(SynclineRuntime runtime, String account) throws Exception {
        Map<String, String> status = new HashMap<>();
        query(runtime, "syncline", "SELECT status FROM syncline.accounts WHERE account_id = '" + account + "'", rows -> status.put(account, rows.getString(1)));
        return status.get(account);
    }

    private interface Row {
        void read(ResultSet rows) throws Exception;
    }

    private static void query(SynclineRuntime runtime, String database, String sql, Row row) throws Exception {
        try (Connection connection = runtime.embeddedPostgres().orElseThrow().connect(database);
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                row.read(rows);
            }
        }
    }

    private static void await(Duration timeout, String what, Callable<Boolean> condition) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (condition.call()) {
                    return;
                }
            } catch (java.sql.SQLException notYet) {
                // tables appear with the first write
            }
            Thread.sleep(200);
        }
        throw new AssertionError("timed out waiting for " + what);
    }
}
