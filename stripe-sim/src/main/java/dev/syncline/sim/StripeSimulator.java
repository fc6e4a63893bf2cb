package dev.syncline.sim;

import dev.syncline.sim.data.Dataset;
import dev.syncline.sim.data.DatasetGenerator;
import dev.syncline.sim.events.MutationGenerator;
import dev.syncline.sim.http.AccountDirectory;
import dev.syncline.sim.http.SimHttpServer;
import dev.syncline.sim.store.ObjectType;
import dev.syncline.sim.store.StoredObject;
import dev.syncline.sim.traffic.Faults;
import dev.syncline.sim.traffic.Latency;
import dev.syncline.sim.traffic.TrafficShaper;
import dev.syncline.sim.webhooks.NettyWebhookTransport;
import dev.syncline.sim.webhooks.WebhookCounters;
import dev.syncline.sim.webhooks.WebhookDispatcher;
import dev.syncline.sim.webhooks.WebhookEndpoint;
import dev.syncline.sim.webhooks.WebhookSettings;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntUnaryOperator;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

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

    /** What connected accounts authorize: the platform's Connect application. */
    private static final String APPLICATION_ID = "ca_1SimSynclinePlatform";

    private final SimHttpServer server;
    private final SimAccount platform;
    private final URI baseUrl;
    private final RequestCounters counters;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Clock clock;
    private final long seed;
    private final Map<String, SimAccount> connected;
    private final List<Disposable> running = new CopyOnWriteArrayList<>();
    private final WebhookDispatcher webhooks;

    private StripeSimulator(
            SimHttpServer server, SimAccount platform, Map<String, SimAccount> connected, RequestCounters counters,
            Clock clock, long seed, WebhookDispatcher webhooks) {
        this.server = server;
        this.platform = platform;
        this.connected = connected;
        this.counters = counters;
        this.clock = clock;
        this.seed = seed;
        this.webhooks = webhooks;
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
        return platform.id;
    }

    /** Live counts of answered requests by endpoint, account and status. */
    public RequestCounters counters() {
        return counters;
    }

    /** The platform's objects. */
    public GroundTruth groundTruth() {
        return platform.groundTruth;
    }

    /**
     * The objects of the platform or of one connected account.
     *
     * @throws IllegalArgumentException for an unknown account
     */
    public GroundTruth groundTruth(String accountId) {
        return accountId.equals(platform.id) ? platform.groundTruth : connectedState(accountId).groundTruth;
    }

    /** Connected account ids, oldest connection first. */
    public List<String> connectedAccountIds() {
        synchronized (connected) {
            return List.copyOf(connected.keySet());
        }
    }

    /** @throws IllegalArgumentException for an unknown account */
    public ConnectedAccount connectedAccount(String accountId) {
        return new ConnectedAccount(connectedState(accountId), this);
    }

    public List<ConnectedAccount> connectedAccounts() {
        synchronized (connected) {
            return connected.values().stream().map(a -> new ConnectedAccount(a, this)).toList();
        }
    }

    /**
     * Connects a new account with its own generated dataset, lists it in {@code /v1/accounts} and
     * logs {@code account.application.authorized} on it (delivered to Connect endpoints).
     */
    public synchronized ConnectedAccount addConnectedAccount(int customers) {
        SimAccount account = newConnectedAccount(connected.size(), customers);
        account.events.emit("account.application.authorized", application(), null);
        return new ConnectedAccount(account, this);
    }

    /**
     * The account disconnects from the platform: {@code account.application.deauthorized} is logged
     * on it and sent to Connect endpoints, it leaves {@code /v1/accounts}, and requests naming it in
     * {@code Stripe-Account} get Stripe's 403 until {@link #authorize(String)}.
     *
     * @return false if it was already deauthorized
     */
    public boolean deauthorize(String accountId) {
        SimAccount account = connectedState(accountId);
        synchronized (account) {
            if (!account.authorized) {
                return false;
            }
            account.authorized = false;
            platform.store.of(ObjectType.ACCOUNT).delete(accountId);
        }
        account.events.emit("account.application.deauthorized", application(), null);
        return true;
    }

    /**
     * The account (re)connects: it is listed and reachable again, and {@code account.application.authorized}
     * is logged on it. Connected accounts start authorized.
     *
     * @return false if it already was authorized
     */
    public boolean authorize(String accountId) {
        SimAccount account = connectedState(accountId);
        synchronized (account) {
            if (account.authorized) {
                return false;
            }
            platform.store.of(ObjectType.ACCOUNT).put(StoredObject.live(account.account));
            account.authorized = true;
        }
        account.events.emit("account.application.authorized", application(), null);
        return true;
    }

    private static Map<String, Object> application() {
        Map<String, Object> application = new LinkedHashMap<>();
        application.put("id", APPLICATION_ID);
        application.put("object", "application");
        application.put("name", "Syncline");
        return application;
    }

    private SimAccount connectedState(String accountId) {
        SimAccount account = connected.get(accountId);
        if (account == null) {
            throw new IllegalArgumentException("No connected account " + accountId + "; known: " + connected.keySet());
        }
        return account;
    }

    private SimAccount newConnectedAccount(int index, int customers) {
        SimAccount account = createConnected(seed, index, customers, clock);
        connected.put(account.id, account);
        account.events.subscribe(webhooks);
        platform.store.of(ObjectType.ACCOUNT).put(StoredObject.live(account.account));
        return account;
    }

    /** Each connected account gets its own seed, so its ids and objects differ from every other account's. */
    private static SimAccount createConnected(long seed, int index, int customers, Clock clock) {
        long accountSeed = seed * 1_000_003L + index + 1;
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Dataset generated = new DatasetGenerator(accountSeed, customers, now).generate();
        Map<String, Object> account = new LinkedHashMap<>(generated.account());
        account.put("business_profile", Map.of("name", "Connected Account " + (index + 1), "url", "https://example.com"));
        account.put("type", "standard");
        // Spread over the last two years, so /v1/accounts has something for created filters to cut.
        account.put("created", now.getEpochSecond() - (long) (index + 1) * 7 * 86_400 - index % 3);
        Dataset dataset = new Dataset(account, generated.objects());
        return new SimAccount(dataset, clock, accountSeed, true, null);
    }

    Disposable track(Disposable handle) {
        running.add(handle);
        return handle;
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
        return platform.mutations.delete(StoreBackedGroundTruth.type(objectType), id);
    }

    /**
     * Adds an object (it needs an {@code id}; {@code created} defaults to the simulator clock) and
     * logs {@code <type>.created}.
     */
    public Map<String, Object> create(String objectType, Map<String, Object> object) {
        return platform.mutations.create(StoreBackedGroundTruth.type(objectType), object);
    }

    /** Sets top-level fields and logs {@code <type>.updated} with {@code previous_attributes}. */
    public Map<String, Object> update(String objectType, String id, Map<String, ?> changes) {
        return platform.mutations.update(StoreBackedGroundTruth.type(objectType), id, changes);
    }

    /** Cancels a subscription now and logs {@code customer.subscription.deleted}. */
    public boolean cancelSubscription(String id) {
        return platform.mutations.cancelSubscription(id);
    }

    /** One random create, update or delete with its event; see {@link MutationGenerator}. */
    public @Nullable Map<String, Object> mutate() {
        return platform.generator.step();
    }

    /** Starts random mutations at {@code perSecond}; dispose the result (or close the simulator) to stop. */
    public Disposable startMutations(double perSecond) {
        return track(platform.generator.start(perSecond));
    }

    /** Every platform event still within the 30-day window, newest first, as served by {@code /v1/events}. */
    public List<Map<String, Object>> events() {
        return platform.events();
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

    /** Configures the dataset and the listening socket. */
    public static final class Builder {

        private long seed = 42;
        private int customers = 100;
        private java.util.Set<String> objectTypes = java.util.Set.of();
        private Instant now;
        private String host = "127.0.0.1";
        private int port;
        private Latency latency = Latency.NONE;
        private double rateLimit;
        private Faults faults = Faults.none();
        private WebhookSettings webhookSettings = WebhookSettings.defaults();
        private int connectedAccounts;
        private IntUnaryOperator connectedCustomers = i -> 5;

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

        /**
         * Seeds only these object types (Stripe {@code object} names), for example just
         * {@code customer} for a large backfill benchmark; default: every type.
         */
        public Builder objectTypes(String... types) {
            for (String type : types) {
                if (ObjectType.byObjectName(type).isEmpty()) {
                    throw new IllegalArgumentException("unknown object type " + type + "; known: " + java.util.Arrays.stream(
                            ObjectType.values()).map(ObjectType::objectName).sorted().toList());
                }
            }
            this.objectTypes = java.util.Set.of(types);
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

        /**
         * Connects {@code count} accounts with a Zipf-like size distribution, a few large and many
         * small: the i-th (from 0) gets {@code max(5, customers / (i + 1))} customers.
         */
        public Builder connectedAccounts(int count) {
            return connectedAccounts(count, i -> Math.max(5, customers / (i + 1)));
        }

        /** Connects {@code count} accounts; the i-th (from 0) gets {@code customersOf.applyAsInt(i)} customers. */
        public Builder connectedAccounts(int count, IntUnaryOperator customersOf) {
            if (count < 0) {
                throw new IllegalArgumentException("connected accounts must not be negative: " + count);
            }
            this.connectedAccounts = count;
            this.connectedCustomers = customersOf;
            return this;
        }

        public StripeSimulator start() {
            Instant start = now != null ? now : Instant.now().truncatedTo(ChronoUnit.SECONDS);
            Clock clock = Clock.offset(Clock.systemUTC(), Duration.between(Instant.now(), start));
            Dataset dataset = new DatasetGenerator(seed, customers, start).generate(objectTypes);
            Map<String, SimAccount> connected = Collections.synchronizedMap(new LinkedHashMap<>());
            AccountDirectory directory = id -> {
                SimAccount account = connected.get(id);
                return account != null && account.authorized ? account.router : null;
            };
            SimAccount platform = new SimAccount(dataset, clock, seed, false, directory);
            WebhookDispatcher webhooks = new WebhookDispatcher(
                    webhookSettings,
                    new NettyWebhookTransport(webhookSettings.concurrency(), webhookSettings.timeout()),
                    Schedulers.parallel(), seed);
            platform.events.subscribe(webhooks);
            RequestCounters counters = new RequestCounters();
            TrafficShaper shaper = new TrafficShaper(latency, rateLimit, faults, seed, System::nanoTime);
            SimHttpServer server = SimHttpServer.start(host, port, platform.router, shaper, counters, platform.id, clock);
            StripeSimulator simulator = new StripeSimulator(server, platform, connected, counters, clock, seed, webhooks);
            for (int i = 0; i < connectedAccounts; i++) {
                simulator.newConnectedAccount(i, connectedCustomers.applyAsInt(i));
            }
            return simulator;
        }
    }
}
