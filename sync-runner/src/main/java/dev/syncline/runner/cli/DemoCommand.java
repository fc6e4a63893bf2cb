package dev.syncline.runner.cli;

import dev.syncline.connector.spi.Connectors;
import dev.syncline.runner.app.SynclineRuntime;
import dev.syncline.runner.config.ConfigReader;
import dev.syncline.runner.config.SynclineConfig;
import dev.syncline.runner.config.YamlSource;
import dev.syncline.runner.policy.DemoManifest;
import dev.syncline.runner.state.EmbeddedPostgresServer;
import dev.syncline.sim.StripeSimulator;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The zero-setup demo: the built-in Stripe simulator, the embedded Postgres and a warehouse
 * pipeline, all on this machine with no configuration and no network.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Sync a simulated Stripe account into an embedded Postgres warehouse; needs nothing installed.")
final class DemoCommand implements Callable<Integer> {
    /** Every object type the simulator serves that a pipeline can sync by itself. */
    static final List<String> OBJECTS = List.of("customer", "product", "price", "plan", "coupon", "promotion_code", "subscription",
            "invoice", "invoiceitem", "charge", "refund", "payment_intent", "setup_intent", "dispute", "payout",
            "balance_transaction", "credit_note", "checkout.session", "tax_rate");

    @Option(names = "--customers", defaultValue = "10000", description = "Customers in the simulated account (default: ${DEFAULT-VALUE}).")
    int customers;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the simulated data (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--data-dir", defaultValue = ".syncline", description = "Where the embedded Postgres keeps its data (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--http-port", defaultValue = "8080", description = "Port of the health endpoint; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int httpPort;

    @Option(names = "--postgres-port", defaultValue = "54329", description = "Port of the embedded Postgres (default: ${DEFAULT-VALUE}).")
    int postgresPort;

    @Option(names = "--exit-after-sync", description = "Print the summary and stop, instead of waiting for Ctrl-C.")
    boolean exitAfterSync;

    @Option(names = "--mutations", defaultValue = "5",
            description = "After the backfill, changes per second the simulator makes and sends as signed webhooks; 0 for none (default: ${DEFAULT-VALUE}).")
    double mutations;

    @Option(names = "--sim-now", hidden = true, description = "The simulator's current time (ISO-8601), for reproducible data.")
    Instant simNow;

    /** The demo's own endpoint secret: the simulator signs with it, the intake verifies with it. */
    private static final String WEBHOOK_SECRET = "whsec_syncline_demo";

    private final PrintStream out = System.out;

    @Override
    public Integer call() throws Exception {
        StripeSimulator.Builder builder = StripeSimulator.builder().seed(seed).customers(customers);
        if (simNow != null) {
            builder.now(simNow);
        }
        StripeSimulator simulator = builder.start();
        SynclineRuntime runtime;
        try {
            out.printf("Stripe simulator: %s (account %s, %,d customers)%n", simulator.baseUrl(), simulator.accountId(), customers);
            SynclineConfig config = ConfigReader.read(YamlSource.parse(demoConfig(simulator), "the demo configuration"),
                    Connectors.discover(), System::getenv);
            out.printf("Starting the embedded Postgres in %s and syncing %d object types…%n", dataDir.resolve("postgres"), OBJECTS.size());
            runtime = SynclineRuntime.start(config, Connectors.discover(), true);
        } catch (RuntimeException e) {
            simulator.close();
            throw e;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            runtime.close();
            simulator.close();
            stopped.countDown();
        }, "syncline-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);

        long started = System.nanoTime();
        try (ProgressDisplay display = new ProgressDisplay(runtime.sync(), out)) {
            display.start();
            runtime.sync().backfillCompletion().block();
        }
        Map<String, String> failures = runtime.sync().failures();
        if (failures.isEmpty()) {
            printSummary(runtime, (System.nanoTime() - started) / 1e9);
        } else {
            failures.forEach((pipeline, reason) -> System.err.println("Pipeline " + pipeline + " failed: " + reason));
        }
        if (exitAfterSync || !failures.isEmpty()) {
            Runtime.getRuntime().removeShutdownHook(hook);
            runtime.close();
            simulator.close();
            return failures.isEmpty() ? 0 : SynclineCli.PIPELINE_FAILED;
        }
        if (mutations > 0) {
            simulator.addWebhookEndpoint(URI.create("http://127.0.0.1:" + runtime.httpPort() + "/webhooks/stripe"), WEBHOOK_SECRET);
            simulator.startMutations(mutations);
            out.printf("""
                    Live: the simulator now changes %s objects a second and sends each change as a signed webhook.
                    Watch them land:
                      SELECT id, name, _version, _synced_at FROM stripe.customers ORDER BY _synced_at DESC LIMIT 5;
                    """, mutations % 1 == 0 ? String.valueOf((long) mutations) : String.valueOf(mutations));
        }
        out.println("Syncline keeps running; press Ctrl-C to stop.");
        stopped.await();
        return 0;
    }

    private String demoConfig(StripeSimulator simulator) {
        int postgres = postgresPort == 0 ? EmbeddedPostgresServer.freePort() : postgresPort;
        Path manifest = DemoManifest.write(dataDir, OBJECTS);
        return """
                manifest: "%s"
                stripe:
                  api-key: sk_test_syncline_demo
                  api-base: %s
                  rate-limit: { requests-per-second: 200 }
                  webhook: { secrets: ["%s"] }
                state:
                  data-dir: "%s"
                  embedded-port: %d
                server:
                  address: 127.0.0.1
                  port: %d
                pipelines:
                  - name: warehouse
                    objects: [%s]
                    destination: { type: postgres, url: embedded, schema: stripe }
                """.formatted(manifest.toAbsolutePath().toString().replace("\\", "/"), simulator.baseUrl(), WEBHOOK_SECRET, dataDir.toString().replace("\\", "/"), postgres, httpPort, String.join(", ", OBJECTS));
    }

    private void printSummary(SynclineRuntime runtime, double seconds) throws Exception {
        EmbeddedPostgresServer postgres = runtime.embeddedPostgres().orElseThrow();
        Map<String, Long> counts = WarehouseSummary.rowCounts(postgres, "stripe", OBJECTS);
        long total = counts.values().stream().mapToLong(Long::longValue).sum();
        out.printf("%nSynced %,d objects in %.1f s.%n%n", total, seconds);
        out.println("Rows per table:");
        counts.forEach((table, rows) -> out.printf("  %-24s %,10d%n", table, rows));
        out.printf("%nWarehouse: psql \"%s\"%n", postgres.connectionString("warehouse"));
        out.printf("Health:    http://127.0.0.1:%d/actuator/health%n", runtime.httpPort());
        out.println("""

                Try:
                  SELECT status, count(*) AS subscriptions
                  FROM stripe.subscriptions GROUP BY status ORDER BY 2 DESC;
                """);
    }
}
