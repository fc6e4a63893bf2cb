package dev.syncline.sim;

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
        System.out.println("Press Ctrl-C to stop.");
        System.out.flush();
        stopped.await();
        return 0;
    }
}
