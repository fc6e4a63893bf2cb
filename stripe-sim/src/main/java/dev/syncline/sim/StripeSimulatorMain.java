package dev.syncline.sim;

import dev.syncline.sim.traffic.Faults;
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

    public static void main(String[] args) {
        System.exit(new CommandLine(new StripeSimulatorMain()).execute(args));
    }

    @Override
    public Integer call() throws InterruptedException {
        long started = System.nanoTime();
        StripeSimulator simulator = StripeSimulator.builder()
                .seed(seed)
                .customers(customers)
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
                .start();
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
        System.out.println("Press Ctrl-C to stop.");
        System.out.flush();
        stopped.await();
        return 0;
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
