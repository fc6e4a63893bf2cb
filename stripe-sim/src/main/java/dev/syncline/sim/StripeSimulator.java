package dev.syncline.sim;

import dev.syncline.sim.data.Dataset;
import dev.syncline.sim.data.DatasetGenerator;
import dev.syncline.sim.http.SimHttpServer;
import dev.syncline.sim.http.StripeApiRouter;
import dev.syncline.sim.store.ObjectStore;
import dev.syncline.sim.traffic.Faults;
import dev.syncline.sim.traffic.Latency;
import dev.syncline.sim.traffic.TrafficShaper;
import dev.syncline.sim.events.EventLog;
import dev.syncline.sim.events.MutationGenerator;
import dev.syncline.sim.events.Mutations;
import dev.syncline.sim.store.ObjectType;
import dev.syncline.sim.store.StoredObject;
import dev.syncline.sim.webhooks.NettyWebhookTransport;
import dev.syncline.sim.webhooks.WebhookCounters;
import dev.syncline.sim.webhooks.WebhookDispatcher;
import dev.syncline.sim.webhooks.WebhookEndpoint;
import dev.syncline.sim.webhooks.WebhookSettings;
import java.security.SecureRandom;
import java.util.HexFormat;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A local, deterministic stand-in for the Stripe API: generates an account's objects from a seed
 * and serves them over HTTP exactly as stripe-java expects (pinned API version
 * {@value SimHttpServer#STRIPE_VERSION}). Point a client at {@link #baseUrl()} with any
 * {@code sk_test_} key.
 *
 * <pre>{@code
 * try (StripeSimulator sim = StripeSimulator.builder().customers(500).start()) {
 *   StripeClient client = StripeClient.builder()
 *       .setApiKey("sk_test_123").setApiBase(sim.baseUrl().toString()).build();
 * }
 * }</pre>
 */
public final class StripeSimulator implements AutoCloseable {

    private final SimHttpServer server;
    private final ObjectStore store;
    private final GroundTruth groundTruth;
    private final String accountId;
    private final URI baseUrl;
    private final RequestCounters counters;
    private final AtomicBoolean closed = new AtomicBoolean();
    private Clock clock = Clock.systemUTC();

    private final Mutations mutations;
    private final MutationGenerator generator;
    private final List<Disposable> running = new CopyOnWriteArrayList<>();
    private final WebhookDispatcher webhooks;

    private StripeSimulator(
            SimHttpServer server, ObjectStore store, String accountId, RequestCounters counters, Mutations mutations,
            long seed, WebhookDispatcher webhooks) {
        this.server = server;
        this.webhooks = webhooks;
        this.mutations = mutations;
        this.generator = new MutationGenerator(store, mutations, seed);
        this.counters = counters;
        this.store = store;
        this.groundTruth = new StoreBackedGroundTruth(store);
        this.accountId = accountId;
        String host = server.host().contains(":") ? "[" + server.host() + "]" : server.host();
        this.baseUrl = URI.create("http://" + host + ":" + server.port());
    }

    public static Builder builder() {
        return new Builder();
    }

    /** {@code http://127.0.0.1:<port>}, without a trailing slash, as stripe-java's {@code setApiBase} wants. */
    public URI baseUrl() {
        return baseUrl;
    }

    public int port() {
        return server.port();
    }

    /** The platform account id, as returned by {@code GET /v1/account}. */
    public String accountId() {
        return accountId;
    }

    /** Live counts of answered requests by endpoint, account and status. */
    public RequestCounters counters() {
        return counters;
    }

    public GroundTruth groundTruth() {
        return groundTruth;
    }

    /**
     * Deletes an object the way Stripe does: it disappears from lists and retrieving it returns
     * {@code {id, object, deleted:true}}. Objects embedding it (e.g. a price inside a
     * subscription item) are left untouched, as Stripe leaves them.
     *
     * @param objectType one of {@link GroundTruth#objectTypes()}
     * @return true if the object was live, false if it was already deleted
     * @throws IllegalArgumentException for an unknown type or id
     */
    public boolean delete(String objectType, String id) {
        return mutations.delete(StoreBackedGroundTruth.type(objectType), id);
    }

    /**
     * Adds an object (it needs an {@code id}; {@code created} defaults to the simulator clock) and
     * logs {@code <type>.created}.
     */
    public Map<String, Object> create(String objectType, Map<String, Object> object) {
        return mutations.create(StoreBackedGroundTruth.type(objectType), object);
    }

    /** Sets top-level fields and logs {@code <type>.updated} with {@code previous_attributes}. */
    public Map<String, Object> update(String objectType, String id, Map<String, ?> changes) {
        return mutations.update(StoreBackedGroundTruth.type(objectType), id, changes);
    }

    /** Cancels a subscription now and logs {@code customer.subscription.deleted}. */
    public boolean cancelSubscription(String id) {
        return mutations.cancelSubscription(id);
    }

    /** One random create, update or delete with its event; see {@link MutationGenerator}. */
    public @Nullable Map<String, Object> mutate() {
        return generator.step();
    }

    /** Starts random mutations at {@code perSecond}; dispose the result (or close the simulator) to stop. */
    public Disposable startMutations(double perSecond) {
        Disposable handle = generator.start(perSecond);
        running.add(handle);
        return handle;
    }

    /** Every event still within the 30-day window, newest first, as served by {@code /v1/events}. */
    public List<Map<String, Object>> events() {
        long from = clock.instant().getEpochSecond() - 30L * 86_400;
        return store.of(ObjectType.EVENT).live().stream()
                .filter(e -> e.created() >= from).map(StoredObject::json).toList();
    }

    /**
     * Registers a webhook endpoint for the platform's events. Every event recorded from now on is
     * POSTed to it, signed with each secret (pass two while rolling one); without secrets a random
     * {@code whsec_} secret is made, readable from {@link WebhookEndpoint#secrets()}.
     */
    public WebhookEndpoint addWebhookEndpoint(URI url, String... secrets) {
        return webhooks.add(url, false, secretsOrRandom(secrets));
    }

    /** Registers a Connect endpoint: it receives the events of connected accounts (they carry {@code account}). */
    public WebhookEndpoint addConnectWebhookEndpoint(URI url, String... secrets) {
        return webhooks.add(url, true, secretsOrRandom(secrets));
    }

    /** Endpoints not removed yet. */
    public List<WebhookEndpoint> webhookEndpoints() {
        return webhooks.endpoints();
    }

    /** Delivery counters over every endpoint; each endpoint also has its own. */
    public WebhookCounters webhookCounters() {
        return webhooks.counters();
    }

    /** Completes once no webhook delivery is pending: queued, delayed, held back, in flight or awaiting a retry. */
    public Mono<Void> webhooksDelivered() {
        return webhooks.whenIdle();
    }

    /**
     * Blocks until no webhook delivery is pending (dropped and given-up ones are not pending).
     *
     * @throws IllegalStateException if deliveries are still pending after {@code timeout}
     */
    public void awaitWebhooksDelivered(Duration timeout) {
        try {
            webhooks.whenIdle().block(timeout);
        } catch (IllegalStateException e) {
            throw new IllegalStateException(
                    webhooks.pending() + " webhook deliveries still pending after " + timeout + "; "
                            + webhooks.counters(), e);
        }
    }

    private static List<String> secretsOrRandom(String... secrets) {
        if (secrets.length > 0) {
            return List.of(secrets);
        }
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return List.of("whsec_" + HexFormat.of().formatHex(bytes));
    }

    /** The simulator's clock: the builder's {@code now} at start-up, then advancing in real time. */
    public Instant now() {
        return clock.instant();
    }

    /** Stops the server; safe to call more than once. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            running.forEach(Disposable::dispose);
            webhooks.close();
            server.close();
        }
    }

    /**
     * The event log starts with the {@code *.created} events of objects created in the last 30 days
     * (older ones would be past retention anyway), in creation order, carrying today's snapshot.
     */
    private static void seedCreationEvents(ObjectStore store, EventLog events, long now) {
        List<StoredObject> recent = new ArrayList<>();
        for (ObjectType type : ObjectType.values()) {
            if (type == ObjectType.EVENT || type == ObjectType.PLAN || type == ObjectType.SUBSCRIPTION_ITEM
                    || type == ObjectType.BALANCE_TRANSACTION) {
                continue;
            }
            for (StoredObject o : store.of(type).live()) {
                if (o.created() >= now - 30L * 86_400) {
                    recent.add(o);
                }
            }
        }
        recent.sort(java.util.Comparator.comparingLong(StoredObject::created).thenComparing(StoredObject::id));
        for (StoredObject o : recent) {
            ObjectType type = ObjectType.byObjectName((String) o.json().get("object")).orElseThrow();
            events.emit(EventLog.prefix(type) + ".created", o.json(), null, o.created());
        }
    }

    /** Configures the dataset and the listening socket. */
    public static final class Builder {

        private long seed = 42;
        private int customers = 100;
        private Instant now;
        private String host = "127.0.0.1";
        private int port;
        private Latency latency = Latency.NONE;
        private double rateLimit;
        private Faults faults = Faults.none();
        private WebhookSettings webhookSettings = WebhookSettings.defaults();

        private Builder() {}

        /** Retries, backoff, concurrency, timeout and fault knobs of webhook delivery; see {@link WebhookSettings}. */
        public Builder webhooks(WebhookSettings settings) {
            this.webhookSettings = settings;
            return this;
        }

        /** Every response waits {@code fixed} plus a uniform draw from {@code [0, jitter]}. Default none. */
        public Builder latency(Duration fixed, Duration jitter) {
            this.latency = new Latency(fixed, jitter);
            return this;
        }

        public Builder latency(Duration fixed) {
            return latency(fixed, Duration.ZERO);
        }

        /**
         * Stripe's per-account budget (live mode 100, sandbox 25 requests per second); requests over it
         * get 429 with {@code Stripe-Rate-Limited-Reason: global-rate}. 0 (the default) means unlimited.
         */
        public Builder rateLimit(double requestsPerSecond) {
            if (requestsPerSecond < 0 || Double.isNaN(requestsPerSecond)) {
                throw new IllegalArgumentException("rate limit must not be negative: " + requestsPerSecond);
            }
            this.rateLimit = requestsPerSecond;
            return this;
        }

        /** Injected failures by probability; default none. */
        public Builder faults(Faults faults) {
            this.faults = faults;
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public Builder customers(int count) {
            if (count < 0) {
                throw new IllegalArgumentException("customers must not be negative: " + count);
            }
            this.customers = count;
            return this;
        }

        /** The simulator's clock: every {@code created} lies in the three years before it. */
        public Builder now(Instant now) {
            this.now = now.truncatedTo(ChronoUnit.SECONDS);
            return this;
        }

        public Builder host(String host) {
            this.host = host;
            return this;
        }

        /** 0 (the default) picks any free port. */
        public Builder port(int port) {
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("port out of range: " + port);
            }
            this.port = port;
            return this;
        }

        public StripeSimulator start() {
            Instant start = now != null ? now : Instant.now().truncatedTo(ChronoUnit.SECONDS);
            Dataset dataset = new DatasetGenerator(seed, customers, start).generate();
            ObjectStore store = new ObjectStore(dataset.objects());
            Clock clock = Clock.offset(Clock.systemUTC(), Duration.between(Instant.now(), start));
            EventLog events = new EventLog(store, clock, null, seed);
            seedCreationEvents(store, events, start.getEpochSecond());
            WebhookDispatcher webhooks = new WebhookDispatcher(
                    webhookSettings,
                    new NettyWebhookTransport(webhookSettings.concurrency(), webhookSettings.timeout()),
                    Schedulers.parallel(), seed);
            events.subscribe(webhooks);
            Mutations mutations = new Mutations(store, events);
            StripeApiRouter router = new StripeApiRouter(store, dataset.account(), () -> clock.instant().getEpochSecond());
            RequestCounters counters = new RequestCounters();
            TrafficShaper shaper = new TrafficShaper(latency, rateLimit, faults, seed, System::nanoTime);
            SimHttpServer server = SimHttpServer.start(host, port, router, shaper, counters, dataset.accountId());
            StripeSimulator simulator = new StripeSimulator(
                    server, store, dataset.accountId(), counters, mutations, seed, webhooks);
            simulator.clock = clock;
            return simulator;
        }
    }
}
