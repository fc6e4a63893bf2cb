package dev.syncline.sim;

import dev.syncline.sim.store.ObjectType;
import dev.syncline.sim.traffic.Faults;
import dev.syncline.sim.webhooks.WebhookEndpoint;
import dev.syncline.sim.webhooks.WebhookFaults;
import dev.syncline.sim.webhooks.WebhookSettings;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Runs the simulator as a standalone process for demos, manual testing and benchmarks. */
@Command(
        name = "stripe-sim",
        mixinStandardHelpOptions = true,
        description = "Serves a deterministic simulated Stripe account over HTTP.")
public final class StripeSimulatorMain implements Callable<Integer> {

    @Option(names = "--port", description = "Port to listen on; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port = 12111;

    @Option(names = "--host", description = "Address to bind (default: ${DEFAULT-VALUE}).")
    String host = "127.0.0.1";

    @Option(names = "--customers", description = "Number of customers to generate (default: ${DEFAULT-VALUE}).")
    int customers = 10_000;

    @Option(names = "--objects", split = ",", paramLabel = "TYPE",
            description = "Seed only these object types, e.g. customer for a large backfill (default: every type).")
    List<String> objectTypes = new ArrayList<>();

    @Option(names = "--seed", description = "Seed for the generated dataset (default: ${DEFAULT-VALUE}).")
    long seed = 42;

    @Option(names = "--latency", converter = DurationConverter.class,
            description = "Fixed latency added to every response, e.g. 300ms or 1s (default: none).")
    Duration latency = Duration.ZERO;

    @Option(names = "--jitter", converter = DurationConverter.class,
            description = "Extra random latency, uniform in [0, jitter] (default: none).")
    Duration jitter = Duration.ZERO;

    @Option(names = "--rate-limit",
            description = "Requests per second per account before 429s; 0 = unlimited (default: ${DEFAULT-VALUE}).")
    double rateLimit;

    @Option(names = "--fault-5xx", description = "Probability of a 500 api_error per request (default: ${DEFAULT-VALUE}).")
    double serverErrors;

    @Option(names = "--fault-reset", description = "Probability of a connection reset per request (default: ${DEFAULT-VALUE}).")
    double resets;

    @Option(names = "--fault-lock-timeout",
            description = "Probability of a 429 lock_timeout with Stripe-Should-Retry: true (default: ${DEFAULT-VALUE}).")
    double lockTimeouts;

    @Option(names = "--fault-slow-body", description = "Probability of a slowly trickled body (default: ${DEFAULT-VALUE}).")
    double slowBodies;

    @Option(names = "--slow-body-duration", converter = DurationConverter.class,
            description = "How long a slow body takes to arrive (default: 2s).")
    Duration slowBodyDuration = Duration.ofSeconds(2);

    @Option(names = "--connected-accounts",
            description = "Connected accounts, a few large and many small (default: ${DEFAULT-VALUE}).")
    int connectedAccounts;

    @Option(names = "--mutations", description = "Random creates/updates/deletes per second on the platform, "
            + "each logged as an event and sent as a webhook (default: none).")
    double mutationsPerSecond;

    @Option(names = "--webhook", paramLabel = "URL",
            description = "Webhook endpoint for the platform's events; repeatable.")
    List<URI> webhooks = new ArrayList<>();

    @Option(names = "--connect-webhook", paramLabel = "URL",
            description = "Connect webhook endpoint for connected accounts' events; repeatable.")
    List<URI> connectWebhooks = new ArrayList<>();

    @Option(names = "--webhook-secret", paramLabel = "SECRET",
            description = "Signing secret for every endpoint; repeat to sign with several (rotation). "
                    + "Default: a random whsec_ secret per endpoint, printed at start-up.")
    List<String> webhookSecrets = new ArrayList<>();

    @Option(names = "--webhook-max-attempts", description = "Attempts per event and endpoint (default: ${DEFAULT-VALUE}).")
    int webhookMaxAttempts = 4;

    @Option(names = "--webhook-backoff", converter = DurationConverter.class,
            description = "First retry delay, doubling up to 1 min (default: 1s).")
    Duration webhookBackoff = Duration.ofSeconds(1);

    @Option(names = "--webhook-duplicate", description = "Probability an event is delivered twice (default: ${DEFAULT-VALUE}).")
    double webhookDuplicate;

    @Option(names = "--webhook-reorder",
            description = "Probability an event is held back and delivered after the next one (default: ${DEFAULT-VALUE}).")
    double webhookReorder;

    @Option(names = "--webhook-delay-rate", description = "Probability a delivery is delayed (default: ${DEFAULT-VALUE}).")
    double webhookDelayRate;

    @Option(names = "--webhook-delay", converter = DurationConverter.class,
            description = "Fixed part of a delayed delivery's delay (default: 1s).")
    Duration webhookDelay = Duration.ofSeconds(1);

    @Option(names = "--webhook-delay-jitter", converter = DurationConverter.class,
            description = "Extra random delay, uniform in [0, jitter] (default: none).")
    Duration webhookDelayJitter = Duration.ZERO;

    @Option(names = "--webhook-drop",
            description = "Probability an event is never delivered; it stays in /v1/events (default: ${DEFAULT-VALUE}).")
    double webhookDrop;

    public static void main(String[] args) {
        System.exit(new CommandLine(new StripeSimulatorMain()).execute(args));
    }

    @Override
    public Integer call() throws InterruptedException {
        long started = System.nanoTime();
        for (String type : objectTypes) {
            if (ObjectType.byObjectName(type).isEmpty()) {
                System.err.println("stripe-sim: --objects names an unknown object type: " + type);
                return 2;
            }
        }
        StripeSimulator simulator = StripeSimulator.builder()
                .seed(seed)
                .customers(customers)
                .objectTypes(objectTypes.toArray(String[]::new))
                .host(host)
                .port(port)
                .latency(latency, jitter)
                .rateLimit(rateLimit)
                .faults(Faults.builder()
                        .serverError(serverErrors)
                        .connectionReset(resets)
                        .lockTimeout(lockTimeouts)
                        .slowBody(slowBodies, slowBodyDuration)
                        .build())
                .connectedAccounts(connectedAccounts)
                .webhooks(WebhookSettings.builder()
                        .maxAttempts(webhookMaxAttempts)
                        .backoff(webhookBackoff, maxBackoff(webhookBackoff))
                        .faults(WebhookFaults.builder()
                                .duplicate(webhookDuplicate)
                                .reorder(webhookReorder)
                                .delay(webhookDelayRate, webhookDelay, webhookDelayJitter)
                                .drop(webhookDrop)
                                .build())
                        .build())
                .start();
        String[] secrets = webhookSecrets.toArray(String[]::new);
        for (URI url : webhooks) {
            WebhookEndpoint endpoint = simulator.addWebhookEndpoint(url, secrets);
            System.out.printf("Webhooks for the platform -> %s (secrets %s)%n", url, endpoint.secrets());
        }
        for (URI url : connectWebhooks) {
            WebhookEndpoint endpoint = simulator.addConnectWebhookEndpoint(url, secrets);
            System.out.printf("Connect webhooks -> %s (secrets %s)%n", url, endpoint.secrets());
        }
        if (mutationsPerSecond > 0) {
            simulator.startMutations(mutationsPerSecond);
        }
        CountDownLatch stopped = new CountDownLatch(1);
        // Ctrl-C runs shutdown hooks; closing there releases the port before the JVM exits.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            simulator.close();
            stopped.countDown();
        }, "stripe-sim-shutdown"));

        GroundTruth truth = simulator.groundTruth();
        System.out.printf("stripe-sim listening on %s (account %s, seed %d, started in %d ms)%n",
                simulator.baseUrl(), simulator.accountId(), seed, (System.nanoTime() - started) / 1_000_000);
        for (String type : truth.objectTypes()) {
            System.out.printf("  %-13s %,d%n", type, truth.count(type));
        }
        System.out.printf("Try:%n  curl -s -H 'Authorization: Bearer sk_test_123' '%s/v1/customers?limit=3'%n",
                simulator.baseUrl());
        if (!latency.isZero() || !jitter.isZero() || rateLimit > 0) {
            System.out.printf("Latency %s + [0, %s], rate limit %s%n", latency, jitter,
                    rateLimit > 0 ? rateLimit + " requests/s per account" : "none");
        }
        for (ConnectedAccount account : simulator.connectedAccounts()) {
            System.out.printf("  connected %s  %,d customers (Stripe-Account: %s)%n",
                    account.id(), account.groundTruth().count("customer"), account.id());
        }
        System.out.println("Press Ctrl-C to stop.");
        System.out.flush();
        stopped.await();
        return 0;
    }

    /** Retries double up to a minute, or stay at the first delay if that is longer already. */
    private static Duration maxBackoff(Duration first) {
        Duration minute = Duration.ofMinutes(1);
        return first.compareTo(minute) > 0 ? first : minute;
    }

    /** Accepts {@code 300ms}, {@code 2s}, {@code 1m}, a bare number of milliseconds, or ISO-8601 ({@code PT0.3S}). */
    static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            String text = value.trim().toLowerCase(java.util.Locale.ROOT);
            if (text.startsWith("pt")) {
                return Duration.parse(text.toUpperCase(java.util.Locale.ROOT));
            }
            if (text.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2).trim()));
            }
            if (text.endsWith("s")) {
                return Duration.ofMillis(Math.round(Double.parseDouble(text.substring(0, text.length() - 1).trim()) * 1000));
            }
            if (text.endsWith("m")) {
                return Duration.ofSeconds(Long.parseLong(text.substring(0, text.length() - 1).trim()) * 60);
            }
            return Duration.ofMillis(Long.parseLong(text));
        }
    }
}
