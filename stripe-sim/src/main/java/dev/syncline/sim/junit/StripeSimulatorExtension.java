package dev.syncline.sim.junit;

import dev.syncline.sim.StripeSimulator;
import dev.syncline.sim.webhooks.WebhookSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Starts one {@link StripeSimulator} per test class (shared with its {@code @Nested} classes),
 * injects it into any test, lifecycle-method or constructor parameter of that type, and closes it
 * when the class is done.
 *
 * <pre>{@code
 * @ExtendWith(StripeSimulatorExtension.class)          // 100 customers, seed 42
 * class SyncTest {
 *     @Test void syncs(StripeSimulator sim) { ... }
 * }
 *
 * class ConnectTest {
 *     @RegisterExtension
 *     static final StripeSimulatorExtension STRIPE = StripeSimulatorExtension.builder()
 *             .customers(500).connectedAccounts(3).build();
 *     @Test void syncs(StripeSimulator sim) { ... }     // or STRIPE.simulator()
 * }
 * }</pre>
 *
 * Webhook retries back off from 10 ms (not Stripe-like seconds) so failing-receiver tests stay quick.
 */
public final class StripeSimulatorExtension implements BeforeAllCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(StripeSimulatorExtension.class);

    private final Consumer<StripeSimulator.Builder> configuration;
    private volatile @Nullable StripeSimulator simulator;

    /** The defaults: what {@code @ExtendWith(StripeSimulatorExtension.class)} uses. */
    public StripeSimulatorExtension() {
        this(builder -> { });
    }

    private StripeSimulatorExtension(Consumer<StripeSimulator.Builder> configuration) {
        this.configuration = configuration;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The simulator of the running test class, for {@code @RegisterExtension} users who prefer a
     * field to a parameter.
     *
     * @throws IllegalStateException before the class's {@code beforeAll}
     */
    public StripeSimulator simulator() {
        StripeSimulator current = simulator;
        if (current == null) {
            throw new IllegalStateException("The simulator starts before all tests of the class; register the "
                    + "extension on a static field to use it in @BeforeAll");
        }
        return current;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        simulator = simulatorFor(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == StripeSimulator.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return simulatorFor(context);
    }

    /**
     * Stored at the class level, so the store closes it (it is {@link AutoCloseable}) when the class
     * finishes; nested classes find their enclosing class's simulator through the store hierarchy.
     */
    private StripeSimulator simulatorFor(ExtensionContext context) {
        return context.getStore(NAMESPACE).computeIfAbsent(StripeSimulator.class, type -> start(), StripeSimulator.class);
    }

    private StripeSimulator start() {
        StripeSimulator.Builder builder = StripeSimulator.builder()
                .webhooks(WebhookSettings.builder().backoff(Duration.ofMillis(10), Duration.ofMillis(200)).build());
        configuration.accept(builder);
        return builder.start();
    }

    /** Shortcuts for the common settings; {@link #configure(Consumer)} reaches every builder option. */
    public static final class Builder {

        private Consumer<StripeSimulator.Builder> configuration = builder -> { };

        private Builder() {}

        public Builder seed(long seed) {
            return configure(b -> b.seed(seed));
        }

        public Builder customers(int customers) {
            return configure(b -> b.customers(customers));
        }

        public Builder now(Instant now) {
            return configure(b -> b.now(now));
        }

        public Builder connectedAccounts(int count) {
            return configure(b -> b.connectedAccounts(count));
        }

        public Builder webhooks(WebhookSettings settings) {
            return configure(b -> b.webhooks(settings));
        }

        /** Applied in order after the extension's defaults. */
        public Builder configure(Consumer<StripeSimulator.Builder> step) {
            this.configuration = configuration.andThen(step);
            return this;
        }

        public StripeSimulatorExtension build() {
            return new StripeSimulatorExtension(configuration);
        }
    }
}
