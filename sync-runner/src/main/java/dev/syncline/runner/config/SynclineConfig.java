package dev.syncline.runner.config;

import dev.syncline.runner.policy.AppPolicy;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The validated configuration of one Syncline process, as read from its YAML file by
 * {@link ConfigReader}. Every value here has passed validation; defaults are applied.
 *
 * @param stripe how to reach Stripe
 * @param webhooks the webhook intake ({@code stripe.webhook})
 * @param events the Events API poller and how events are merged ({@code stripe.events})
 * @param inbox how pipelines consume the inbox
 * @param state where the engine keeps its own state, and the embedded Postgres
 * @param server the HTTP server (health, later webhooks)
 * @param shutdown how a stopping process finishes its work
 * @param pipelines what to sync where
 * @param policy what the app manifest grants, where data may go, routes and expansions
 * @param ownership how replicas share the work through leases in the state database
 */
public record SynclineConfig(Stripe stripe, Webhooks webhooks, Events events, Inbox inbox, State state, Server server, Shutdown shutdown,
                             List<Pipeline> pipelines, AppPolicy policy, Ownership ownership) {
    public SynclineConfig {
        pipelines = List.copyOf(pipelines);
    }

    /**
     * @param apiKey a secret ({@code sk_}) or restricted ({@code rk_}) key
     * @param apiBase Stripe's API base, or a simulator's
     * @param requestsPerSecond the request budget per account, shared by every stream
     * @param maxRetries retries of one request that Stripe answered as retriable (429, 5xx, network)
     */
    public record Stripe(Secret apiKey, URI apiBase, double requestsPerSecond, int maxRetries, Accounts accounts) {
        /** The key's own account only ({@code accounts: self}). */
        public Stripe(Secret apiKey, URI apiBase, double requestsPerSecond, int maxRetries) {
            this(apiKey, apiBase, requestsPerSecond, maxRetries, Accounts.SELF);
        }
    }

    /**
     * Which accounts are synced ({@code stripe.accounts}) and how connected accounts share the
     * platform's budget ({@code stripe.connect}).
     *
     * @param mode the key's own account, every connected account, or the listed ones
     * @param listed the connected account ids of {@link AccountMode#LISTED}; empty otherwise
     * @param discoveryIntervalSeconds how often {@code GET /v1/accounts} is listed again (0: only at start)
     * @param concurrentBackfills connected accounts whose backfill runs at once, per pipeline
     * @param pollEvents whether each connected account's Events API is polled too (the Connect
     *     webhook endpoint is the primary path; polling costs one request per account and interval)
     */
    public record Accounts(AccountMode mode, List<String> listed, int discoveryIntervalSeconds, int concurrentBackfills, boolean pollEvents) {
        public static final Accounts SELF = new Accounts(AccountMode.SELF, List.of(), 300, 64, false);

        public Accounts {
            listed = List.copyOf(listed);
        }

        /** Whether connected accounts are synced (rather than the key's own account). */
        public boolean connect() {
            return mode != AccountMode.SELF;
        }
    }

    /** {@code stripe.accounts}. */
    public enum AccountMode {
        /** The API key's own account. */
        SELF,
        /** Every account connected to the platform, found through {@code GET /v1/accounts} and authorization events. */
        CONNECTED,
        /** The connected accounts listed by id. */
        LISTED
    }

    /**
     * The webhook intake. With no secrets it is off: no endpoint is served.
     *
     * @param path the path Stripe POSTs snapshot and thin events to
     * @param secrets the endpoint's signing secrets ({@code whsec_…}); several during a rotation
     * @param toleranceSeconds how old a signature's timestamp may be
     * @param maxBodyBytes larger bodies are refused with 413 before they are read whole
     * @param eventBridgePath where an AWS EventBridge API destination POSTs envelopes; empty when off
     * @param eventBridgeToken the shared secret such a POST must carry in {@code Authorization: Bearer …}
     */
    public record Webhooks(String path, List<Secret> secrets, long toleranceSeconds, int maxBodyBytes, String eventBridgePath,
                           Secret eventBridgeToken) {
        public Webhooks {
            secrets = List.copyOf(secrets);
        }

        public boolean enabled() {
            return !secrets.isEmpty();
        }

        public boolean eventBridgeEnabled() {
            return !eventBridgePath.isEmpty();
        }
    }

    /**
     * @param pollIntervalSeconds how often the Events API is read for missed events; 0 reads only at startup
     * @param refetch object types whose events are change notices: the latest object is retrieved instead
     * @param retentionWarningDays a cursor older than this warns and schedules a re-backfill (Stripe keeps 30 days)
     */
    public record Events(int pollIntervalSeconds, List<String> refetch, int retentionWarningDays) {
        public Events {
            refetch = List.copyOf(refetch);
        }
    }

    /**
     * @param mode {@code cdc} (Debezium on logical replication) or {@code poll}
     * @param pollIntervalMillis how often {@code poll} mode reads new rows
     */
    public record Inbox(InboxMode mode, int pollIntervalMillis) {}

    /** How pipelines read the inbox. */
    public enum InboxMode {
        /** Debezium embedded streams the inbox table through logical replication (pgoutput). */
        CDC,
        /** A query per interval; for databases without logical replication. */
        POLL
    }

    /**
     * @param url {@code embedded}, or the R2DBC URL of an external state database
     * @param dataDir where embedded data lives (a restart keeps it)
     * @param embeddedPort the port of the embedded Postgres, on 127.0.0.1
     */
    public record State(String url, Path dataDir, int embeddedPort) {
        public boolean embedded() {
            return EMBEDDED.equals(url);
        }

        /** The R2DBC URL of the state database: the embedded Postgres's {@code syncline} database, or {@link #url()}. */
        public String r2dbcUrl() {
            return embedded() ? embeddedUrl("syncline") : url;
        }

        /** The R2DBC URL of a database of the embedded Postgres. */
        public String embeddedUrl(String database) {
            return "r2dbc:postgresql://postgres@127.0.0.1:" + embeddedPort + "/" + database;
        }
    }

    /** @param address the bind address @param port the port (0 picks a free one) */
    public record Server(String address, int port) {}

    /**
     * @param gracePeriod how long a stopping process lets in-flight batches finish and checkpoints
     *                    flush before it cancels what is left (which is then read again at the next start)
     */
    public record Shutdown(Duration gracePeriod) {}

    /**
     * @param name the pipeline's unique name
     * @param objects Stripe object types to sync
     * @param batchSize records per destination write
     * @param writeLanes connector instances writing in parallel, each object always through the same one
     * @param delivery how a lane retries a write, and what it does once the attempts are used up
     * @param backfill how the pipeline backfills
     * @param destinationType the connector type
     * @param destinationPath the YAML path of the destination block, for error messages
     * @param destination the destination block, validated by the connector's spec
     */
    public record Pipeline(String name, List<String> objects, int batchSize, int writeLanes, Delivery delivery, Backfill backfill,
                           String destinationType, String destinationPath, Map<String, Object> destination) {
        public Pipeline {
            objects = List.copyOf(objects);
            destination = Map.copyOf(destination);
        }
    }

    /**
     * @param attempts writes of a batch (the first included) before {@code onFailure} applies
     * @param maxBackoff the longest wait between two attempts, unless the destination asks for longer
     * @param onFailure what a lane does with records still not written after {@code attempts}
     */
    public record Delivery(int attempts, Duration maxBackoff, OnFailure onFailure) {
        /** The defaults: ten attempts, at most 30 s apart, then keep trying (pause). */
        public static final Delivery DEFAULT = new Delivery(10, Duration.ofSeconds(30), OnFailure.PAUSE);
    }

    /** What a lane does with records its destination still has not taken after the last attempt. */
    public enum OnFailure {
        /**
         * Keep retrying at the longest backoff, holding the lane (and its source positions) where it
         * is: nothing is lost or skipped, and the pipeline reports itself paused until a write succeeds.
         */
        PAUSE,
        /** Store the records in the dead letters with the last error and acknowledge them, so the lane moves on. */
        DEAD_LETTER
    }

    /**
     * @param parallelism list-API segments read at once
     * @param since the oldest {@code created} second to backfill; 0 for the whole history
     */
    public record Backfill(int parallelism, long since) {}

    /**
     * Work ownership across replicas ({@code ownership}).
     *
     * @param leaseSeconds how long a lease holds without renewal: a dead replica's work moves within it
     * @param replicaId this process's name in the leases; empty picks host name and process id
     */
    public record Ownership(int leaseSeconds, String replicaId) {}

    /** The value of {@code state.url} or a Postgres destination's {@code url} that selects the embedded Postgres. */
    public static final String EMBEDDED = "embedded";
}
