package dev.syncline.runner.config;

import dev.syncline.connector.config.ConfigProblem;
import dev.syncline.connector.config.ConfigValues;
import dev.syncline.connector.config.InvalidConfigurationException;
import dev.syncline.connector.config.Validator;
import dev.syncline.connector.spi.ConnectorProvider;
import dev.syncline.connector.spi.Connectors;
import dev.syncline.runner.backfill.BackfillOptions;
import dev.syncline.runner.catalog.StripeCatalog;
import dev.syncline.runner.policy.AppPolicy;
import dev.syncline.runner.policy.PipelineRequest;
import dev.syncline.runner.policy.PolicyReader;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Turns the YAML tree into a {@link SynclineConfig}, or fails with every problem at once, each
 * with its YAML path, its value (secrets hidden) and the reason. Destination blocks are validated
 * by their connector's own {@code ConfigSpec}.
 */
public final class ConfigReader {
    static final String POSTGRES = "postgres";
    private static final Pattern PIPELINE_NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");
    private static final String DEFAULT_API_BASE = "https://api.stripe.com";
    private static final Pattern ACCOUNT_ID = Pattern.compile("acct_[A-Za-z0-9]+");
    private static final double LIVE_REQUESTS_PER_SECOND = 100;
    private static final double TEST_REQUESTS_PER_SECOND = 25;

    private final Connectors connectors;
    private final EnvironmentSubstitution substitution;
    private final List<ConfigProblem> problems = new ArrayList<>();
    private final List<PipelineRequest> policyRequests = new ArrayList<>();
    private final Path baseDir;

    private ConfigReader(Connectors connectors, Function<String, @Nullable String> environment, Path baseDir) {
        this.connectors = connectors;
        this.substitution = new EnvironmentSubstitution(environment);
        this.baseDir = baseDir;
    }

    /**
     * Reads and validates a configuration tree.
     *
     * @throws InvalidConfigurationException listing every problem
     */
    public static SynclineConfig read(Map<String, Object> root, Connectors connectors, Function<String, @Nullable String> environment) {
        return read(root, connectors, environment, Path.of(""));
    }

    /**
     * Reads and validates a configuration tree whose relative paths (the {@code manifest}) are
     * relative to {@code baseDir}.
     *
     * @throws InvalidConfigurationException listing every problem
     */
    public static SynclineConfig read(Map<String, Object> root, Connectors connectors, Function<String, @Nullable String> environment,
                                      Path baseDir) {
        return new ConfigReader(connectors, environment, baseDir).readRoot(root);
    }

    /** Reads a file with the process environment; a relative {@code manifest} is found next to it. */
    public static SynclineConfig read(Path file, Connectors connectors) {
        Path dir = file.toAbsolutePath().getParent();
        return read(YamlSource.read(file), connectors, System::getenv, dir == null ? Path.of("") : dir);
    }

    private SynclineConfig readRoot(Map<String, Object> root) {
        knownKeys("", root, "stripe", "manifest", "egress", "routes", "state", "inbox", "server", "shutdown", "pipelines", "ownership");
        Map<String, Object> stripeSection = section(root, "", "stripe", true);
        SynclineConfig.Stripe stripe = readStripe(stripeSection);
        SynclineConfig.Webhooks webhooks = readWebhooks(section(stripeSection, "stripe", "webhook", false));
        SynclineConfig.Events events = readEvents(section(stripeSection, "stripe", "events", false));
        SynclineConfig.Inbox inbox = readInbox(section(root, "", "inbox", false));
        SynclineConfig.State state = readState(section(root, "", "state", false));
        SynclineConfig.Ownership ownership = readOwnership(section(root, "", "ownership", false));
        SynclineConfig.Server server = readServer(section(root, "", "server", false));
        SynclineConfig.Shutdown shutdown = readShutdown(section(root, "", "shutdown", false));
        List<SynclineConfig.Pipeline> pipelines = readPipelines(root.get("pipelines"), state);
        AppPolicy policy = PolicyReader.read(root, policyRequests, baseDir, problems);
        if (stripe.accounts().mode() == SynclineConfig.AccountMode.CONNECTED && problems.isEmpty()
                && !policy.access().granted().contains("connected_account_read")) {
            // Deny by default: discovering connected accounts reads GET /v1/accounts.
            problems.add(ConfigProblem.of("stripe.accounts", "connected",
                    "needs the manifest permission connected_account_read, to list the connected accounts (GET /v1/accounts)"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidConfigurationException(problems);
        }
        return new SynclineConfig(stripe, webhooks, events, inbox, state, server, shutdown, pipelines, policy, ownership);
    }

    private SynclineConfig.Stripe readStripe(Map<String, Object> stripe) {
        knownKeys("stripe", stripe, "api-key", "api-base", "rate-limit", "max-retries", "webhook", "events", "accounts", "connect");
        String key = string(stripe, "stripe", "api-key", true, true);
        if (key != null && !(key.startsWith("sk_") || key.startsWith("rk_"))) {
            problems.add(ConfigProblem.secret("stripe.api-key", key,
                    "must be a secret key (sk_…) or a restricted key (rk_…); publishable keys cannot read data"));
        }
        String base = Optional.ofNullable(string(stripe, "stripe", "api-base", false, false)).orElse(DEFAULT_API_BASE);
        check("stripe.api-base", base, Validator.uri("https", "http"));

        Map<String, Object> rateLimit = section(stripe, "stripe", "rate-limit", false);
        knownKeys("stripe.rate-limit", rateLimit, "requests-per-second");
        double defaultRate = key != null && key.contains("_live_") ? LIVE_REQUESTS_PER_SECOND : TEST_REQUESTS_PER_SECOND;
        double rate = defaultRate;
        Object rawRate = rateLimit.get("requests-per-second");
        if (rawRate != null) {
            String path = "stripe.rate-limit.requests-per-second";
            try {
                rate = Double.parseDouble(substitute(path, String.valueOf(rawRate), false));
                if (!(rate > 0) || Double.isInfinite(rate)) {
                    problems.add(ConfigProblem.of(path, rawRate, "must be a number greater than 0"));
                }
            } catch (NumberFormatException e) {
                problems.add(ConfigProblem.of(path, rawRate, "must be a number greater than 0"));
            } catch (IllegalArgumentException e) {
                // substitute() has recorded the problem
            }
        }
        int maxRetries = integer(stripe, "stripe", "max-retries", 8, 0, 100);
        SynclineConfig.Accounts accounts = readAccounts(stripe.get("accounts"), section(stripe, "stripe", "connect", false));
        return new SynclineConfig.Stripe(new Secret(key == null ? "" : key), URI.create(validUriOr(base, DEFAULT_API_BASE)), rate, maxRetries,
                accounts);
    }

    /** {@code stripe.accounts}: {@code self}, {@code connected}, or a list of {@code acct_…} ids; and {@code stripe.connect}. */
    private SynclineConfig.Accounts readAccounts(@Nullable Object raw, Map<String, Object> connect) {
        String path = "stripe.accounts";
        SynclineConfig.AccountMode mode = SynclineConfig.AccountMode.SELF;
        List<String> listed = new ArrayList<>();
        if (raw instanceof List<?> list) {
            mode = SynclineConfig.AccountMode.LISTED;
            if (list.isEmpty()) {
                problems.add(ConfigProblem.of(path, null, "must be self, connected, or a non-empty list of connected account ids (acct_…)"));
            }
            for (int i = 0; i < list.size(); i++) {
                String id = String.valueOf(list.get(i));
                if (!ACCOUNT_ID.matcher(id).matches()) {
                    problems.add(ConfigProblem.of(path + "[" + i + "]", id, "is not a Stripe account id (acct_ followed by letters and digits)"));
                } else if (listed.contains(id)) {
                    problems.add(ConfigProblem.of(path + "[" + i + "]", id, "is listed twice"));
                } else {
                    listed.add(id);
                }
            }
        } else if (raw != null) {
            String value = raw instanceof Map<?, ?> ? null : String.valueOf(raw).trim();
            if ("connected".equals(value)) {
                mode = SynclineConfig.AccountMode.CONNECTED;
            } else if (!"self".equals(value)) {
                problems.add(ConfigProblem.of(path, raw, "must be self, connected, or a list of connected account ids (acct_…)"));
            }
        }
        String connectPath = "stripe.connect";
        knownKeys(connectPath, connect, "discovery-interval-seconds", "concurrent-backfills", "poll-events");
        int interval = integer(connect, connectPath, "discovery-interval-seconds", 300, 0, 86_400);
        int concurrent = integer(connect, connectPath, "concurrent-backfills", 64, 1, 1_000);
        Object rawPoll = connect.get("poll-events");
        boolean poll = false;
        if (rawPoll != null) {
            String text = String.valueOf(rawPoll);
            if ("true".equals(text) || "false".equals(text)) {
                poll = Boolean.parseBoolean(text);
            } else {
                problems.add(ConfigProblem.of(connectPath + ".poll-events", rawPoll, "must be true or false"));
            }
        }
        if (!connect.isEmpty() && mode == SynclineConfig.AccountMode.SELF) {
            problems.add(ConfigProblem.of(connectPath, null, "only applies with stripe.accounts: connected or a list of account ids"));
        }
        return new SynclineConfig.Accounts(mode, listed, interval, concurrent, poll);
    }

    private SynclineConfig.Webhooks readWebhooks(Map<String, Object> webhook) {
        String path = "stripe.webhook";
        knownKeys(path, webhook, "path", "secrets", "tolerance-seconds", "max-body-bytes", "eventbridge");
        String endpoint = Optional.ofNullable(string(webhook, path, "path", false, false)).orElse("/webhooks/stripe");
        if (!endpoint.startsWith("/")) {
            problems.add(ConfigProblem.of(path + ".path", endpoint, "must be an absolute path, for example /webhooks/stripe"));
        }
        List<Secret> secrets = new ArrayList<>();
        Object raw = webhook.get("secrets");
        if (raw != null && !(raw instanceof List<?>)) {
            problems.add(ConfigProblem.secret(path + ".secrets", raw, "must be a list of signing secrets (whsec_…)"));
        } else if (raw instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                String itemPath = path + ".secrets[" + i + "]";
                try {
                    String secret = substitute(itemPath, String.valueOf(list.get(i)), true);
                    if (!secret.startsWith("whsec_")) {
                        problems.add(ConfigProblem.secret(itemPath, secret, "must be a webhook signing secret (whsec_…)"));
                    } else {
                        secrets.add(new Secret(secret));
                    }
                } catch (IllegalArgumentException e) {
                    // substitute() has recorded the problem
                }
            }
        }
        int tolerance = integer(webhook, path, "tolerance-seconds", 300, 1, 86_400);
        int maxBody = integer(webhook, path, "max-body-bytes", 1 << 20, 1_024, 64 << 20);
        Map<String, Object> eventBridge = section(webhook, path, "eventbridge", false);
        knownKeys(path + ".eventbridge", eventBridge, "path", "token");
        String eventBridgePath = "";
        String token = "";
        if (!eventBridge.isEmpty()) {
            eventBridgePath = Optional.ofNullable(string(eventBridge, path + ".eventbridge", "path", false, false)).orElse("/webhooks/eventbridge");
            token = Optional.ofNullable(string(eventBridge, path + ".eventbridge", "token", true, true)).orElse("");
            if (!eventBridgePath.startsWith("/") || eventBridgePath.equals(endpoint)) {
                problems.add(ConfigProblem.of(path + ".eventbridge.path", eventBridgePath, "must be an absolute path other than the webhook path"));
            }
        }
        return new SynclineConfig.Webhooks(endpoint, secrets, tolerance, maxBody, eventBridgePath, new Secret(token));
    }

    private SynclineConfig.Events readEvents(Map<String, Object> events) {
        String path = "stripe.events";
        knownKeys(path, events, "poll-interval-seconds", "refetch", "retention-warning-days");
        int interval = integer(events, path, "poll-interval-seconds", 60, 0, 86_400);
        int warningDays = integer(events, path, "retention-warning-days", 25, 1, 29);
        List<String> refetch = events.get("refetch") == null ? List.of() : readObjects(path + ".refetch", events.get("refetch"));
        return new SynclineConfig.Events(interval, refetch, warningDays);
    }

    private SynclineConfig.Inbox readInbox(Map<String, Object> inbox) {
        knownKeys("inbox", inbox, "mode", "poll-interval-ms");
        String mode = Optional.ofNullable(string(inbox, "inbox", "mode", false, false)).orElse("cdc");
        SynclineConfig.InboxMode parsed = switch (mode) {
            case "cdc" -> SynclineConfig.InboxMode.CDC;
            case "poll" -> SynclineConfig.InboxMode.POLL;
            default -> {
                problems.add(ConfigProblem.of("inbox.mode", mode, "must be cdc (logical replication through Debezium) or poll"));
                yield SynclineConfig.InboxMode.CDC;
            }
        };
        int interval = integer(inbox, "inbox", "poll-interval-ms", 200, 10, 60_000);
        return new SynclineConfig.Inbox(parsed, interval);
    }

    private SynclineConfig.Ownership readOwnership(Map<String, Object> ownership) {
        knownKeys("ownership", ownership, "lease-seconds", "replica-id");
        int leaseSeconds = integer(ownership, "ownership", "lease-seconds", 15, 3, 600);
        String replicaId = Optional.ofNullable(string(ownership, "ownership", "replica-id", false, false)).orElse("");
        return new SynclineConfig.Ownership(leaseSeconds, replicaId);
    }

    private SynclineConfig.State readState(Map<String, Object> state) {
        knownKeys("state", state, "url", "data-dir", "embedded-port");
        String url = Optional.ofNullable(string(state, "state", "url", false, false)).orElse(SynclineConfig.EMBEDDED);
        if (!SynclineConfig.EMBEDDED.equals(url)) {
            check("state.url", url, Validator.uri("r2dbc"));
        }
        String dataDir = Optional.ofNullable(string(state, "state", "data-dir", false, false)).orElse(".syncline");
        int port = integer(state, "state", "embedded-port", 54329, 1, 65535);
        return new SynclineConfig.State(url, Path.of(dataDir), port);
    }

    private SynclineConfig.Server readServer(Map<String, Object> server) {
        knownKeys("server", server, "address", "port");
        String address = Optional.ofNullable(string(server, "server", "address", false, false)).orElse("0.0.0.0");
        int port = integer(server, "server", "port", 8080, 0, 65535);
        return new SynclineConfig.Server(address, port);
    }

    private SynclineConfig.Shutdown readShutdown(Map<String, Object> shutdown) {
        knownKeys("shutdown", shutdown, "grace-period-seconds");
        return new SynclineConfig.Shutdown(Duration.ofSeconds(integer(shutdown, "shutdown", "grace-period-seconds", 30, 0, 3_600)));
    }

    private List<SynclineConfig.Pipeline> readPipelines(@Nullable Object raw, SynclineConfig.State state) {
        if (!(raw instanceof List<?> list) || list.isEmpty()) {
            problems.add(ConfigProblem.of("pipelines", raw instanceof List<?> ? null : raw,
                    "must list at least one pipeline (name, objects, destination)"));
            return List.of();
        }
        List<SynclineConfig.Pipeline> pipelines = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            String path = "pipelines[" + i + "]";
            if (!(list.get(i) instanceof Map<?, ?>)) {
                problems.add(ConfigProblem.of(path, list.get(i), "must be a mapping with name, objects and destination"));
                continue;
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> pipeline = (Map<String, Object>) list.get(i);
            readPipeline(path, pipeline, names, state).ifPresent(pipelines::add);
        }
        return pipelines;
    }

    private Optional<SynclineConfig.Pipeline> readPipeline(String path, Map<String, Object> pipeline, Set<String> names, SynclineConfig.State state) {
        knownKeys(path, pipeline, "name", "objects", "expand", "batch-size", "write-lanes", "retry", "on-failure", "backfill", "destination");
        String name = string(pipeline, path, "name", true, false);
        if (name != null && !PIPELINE_NAME.matcher(name).matches()) {
            problems.add(ConfigProblem.of(path + ".name", name, "must be lower case letters, digits, '-' or '_' (at most 63)"));
        } else if (name != null && !names.add(name)) {
            problems.add(ConfigProblem.of(path + ".name", name, "is already the name of another pipeline"));
        }
        List<String> objects = readObjects(path + ".objects", pipeline.get("objects"));
        int batchSize = integer(pipeline, path, "batch-size", 500, 1, 10_000);
        int writeLanes = integer(pipeline, path, "write-lanes", 2, 1, 16);
        SynclineConfig.Delivery delivery = readDelivery(path, pipeline);
        SynclineConfig.Backfill backfill = readBackfill(path + ".backfill", section(pipeline, path, "backfill", false));
        Map<String, Object> destination = section(pipeline, path, "destination", true);
        String destinationPath = path + ".destination";
        String type = string(destination, destinationPath, "type", true, false);
        Map<String, Object> resolved = substituteAll(destinationPath, destination);
        boolean embedded = POSTGRES.equals(type) && isEmbedded(resolved.get("url"));
        Object url = resolved.get("url");
        if (type != null) {
            Optional<ConnectorProvider> provider = connectors.forType(type);
            if (provider.isEmpty()) {
                problems.add(ConfigProblem.of(destinationPath + ".type", type,
                        "is not a known destination type; known types: " + String.join(", ", connectors.types())));
            } else {
                if (POSTGRES.equals(type) && isEmbedded(resolved.get("url"))) {
                    resolved.put("url", embeddedWarehouseUrl(state));
                }
                problems.addAll(provider.get().configSpec().validate(destinationPath, resolved));
            }
        }
        if (name != null) {
            // A URL its connector already refused is not judged again by the egress allow-list.
            boolean urlRefused = problems.stream().anyMatch(p -> p.path().equals(destinationPath + ".url"));
            policyRequests.add(new PipelineRequest(path, name, pipeline.get("objects"), pipeline.get("expand"),
                    url instanceof String text && !urlRefused ? text : null, embedded));
        }
        if (name == null || type == null) {
            return Optional.empty();
        }
        return Optional.of(new SynclineConfig.Pipeline(name, objects, batchSize, writeLanes, delivery, backfill, type, destinationPath, resolved));
    }

    private SynclineConfig.Delivery readDelivery(String path, Map<String, Object> pipeline) {
        SynclineConfig.Delivery defaults = SynclineConfig.Delivery.DEFAULT;
        Map<String, Object> retry = section(pipeline, path, "retry", false);
        knownKeys(path + ".retry", retry, "attempts", "max-backoff-seconds");
        int attempts = integer(retry, path + ".retry", "attempts", defaults.attempts(), 1, 1_000);
        int maxBackoff = integer(retry, path + ".retry", "max-backoff-seconds", (int) defaults.maxBackoff().toSeconds(), 1, 3_600);
        String onFailure = Optional.ofNullable(string(pipeline, path, "on-failure", false, false)).orElse("pause");
        SynclineConfig.OnFailure policy = switch (onFailure) {
            case "pause" -> SynclineConfig.OnFailure.PAUSE;
            case "dead-letter" -> SynclineConfig.OnFailure.DEAD_LETTER;
            default -> {
                problems.add(ConfigProblem.of(path + ".on-failure", onFailure,
                        "must be pause (keep retrying, nothing moves on) or dead-letter (store the records in the dead letters and move on)"));
                yield defaults.onFailure();
            }
        };
        return new SynclineConfig.Delivery(attempts, Duration.ofSeconds(maxBackoff), policy);
    }

    private SynclineConfig.Backfill readBackfill(String path, Map<String, Object> backfill) {
        knownKeys(path, backfill, "parallelism", "since");
        int parallelism = integer(backfill, path, "parallelism", BackfillOptions.DEFAULT_PARALLELISM, 1, 512);
        long since = 0;
        Object raw = backfill.get("since");
        if (raw != null) {
            try {
                since = Since.parse(substitute(path + ".since", String.valueOf(raw), false));
            } catch (Since.InvalidSinceException e) {
                problems.add(ConfigProblem.of(path + ".since", raw, e.getMessage()));
            } catch (IllegalArgumentException e) {
                // substitute() has recorded the problem
            }
        }
        return new SynclineConfig.Backfill(parallelism, since);
    }

    private List<String> readObjects(String path, @Nullable Object raw) {
        if (!(raw instanceof List<?> list) || list.isEmpty()) {
            problems.add(ConfigProblem.of(path, raw instanceof List<?> ? null : raw,
                    "must list at least one Stripe object type, for example [customer, invoice]"));
            return List.of();
        }
        List<String> objects = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String type = String.valueOf(list.get(i));
            if (StripeCatalog.find(type).isEmpty()) {
                problems.add(ConfigProblem.of(path + "[" + i + "]", type,
                        "is not a Stripe object type Syncline can sync; known types: " + String.join(", ", StripeCatalog.names())));
            } else if (objects.contains(type)) {
                problems.add(ConfigProblem.of(path + "[" + i + "]", type, "is listed twice"));
            } else {
                objects.add(type);
            }
        }
        return objects;
    }

    /** The R2DBC URL of the embedded Postgres's warehouse database. */
    public static String embeddedWarehouseUrl(SynclineConfig.State state) {
        return state.embeddedUrl("warehouse");
    }

    private static boolean isEmbedded(@Nullable Object url) {
        return url == null || SynclineConfig.EMBEDDED.equals(url) || "".equals(url);
    }

    // --- tree helpers: each records its problems and returns a usable fallback ---

    private Map<String, Object> section(Map<String, Object> parent, String parentPath, String key, boolean required) {
        Object raw = parent.get(key);
        String path = join(parentPath, key);
        if (raw == null) {
            if (required) {
                problems.add(ConfigProblem.of(path, null, "is required"));
            }
            return Map.of();
        }
        if (raw instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(String.valueOf(k), v));
            return out;
        }
        problems.add(ConfigProblem.of(path, raw, "must be a mapping"));
        return Map.of();
    }

    private @Nullable String string(Map<String, Object> map, String parentPath, String key, boolean required, boolean secret) {
        Object raw = map.get(key);
        String path = join(parentPath, key);
        if (raw == null || String.valueOf(raw).isBlank()) {
            if (required) {
                problems.add(ConfigProblem.of(path, null, "is required"));
            }
            return null;
        }
        if (raw instanceof Map<?, ?> || raw instanceof List<?>) {
            problems.add(secret ? ConfigProblem.secret(path, raw, "must be a single value") : ConfigProblem.of(path, raw, "must be a single value"));
            return null;
        }
        try {
            String value = substitute(path, String.valueOf(raw), secret);
            if (value.isBlank() && required) {
                problems.add(ConfigProblem.of(path, null, "is required, but resolved to an empty value"));
                return null;
            }
            return value;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private int integer(Map<String, Object> map, String parentPath, String key, int defaultValue, int min, int max) {
        Object raw = map.get(key);
        String path = join(parentPath, key);
        if (raw == null) {
            return defaultValue;
        }
        try {
            int value = (Integer) ConfigValues.coerce(substitute(path, String.valueOf(raw), false), dev.syncline.connector.config.ConfigType.INT);
            if (value < min || value > max) {
                problems.add(ConfigProblem.of(path, raw, "must be between " + min + " and " + max));
                return defaultValue;
            }
            return value;
        } catch (IllegalArgumentException e) {
            if (!(e.getMessage() != null && e.getMessage().startsWith("refers to environment variable"))) {
                problems.add(ConfigProblem.of(path, raw, e.getMessage()));
            }
            return defaultValue;
        }
    }

    private String substitute(String path, String text, boolean secret) {
        try {
            return substitution.apply(text);
        } catch (IllegalArgumentException e) {
            problems.add(secret ? ConfigProblem.secret(path, text, e.getMessage()) : ConfigProblem.of(path, text, e.getMessage()));
            throw e;
        }
    }

    /** Substitutes environment references in a destination block's scalar values. */
    private Map<String, Object> substituteAll(String path, Map<String, Object> block) {
        Map<String, Object> out = new LinkedHashMap<>();
        block.forEach((key, value) -> {
            if (value instanceof String text) {
                try {
                    out.put(key, substitution.apply(text));
                } catch (IllegalArgumentException e) {
                    problems.add(ConfigProblem.of(join(path, key), null, e.getMessage()));
                }
            } else {
                out.put(key, value);
            }
        });
        return out;
    }

    private void check(String path, String value, Validator validator) {
        validator.check(value).ifPresent(reason -> problems.add(ConfigProblem.of(path, value, reason)));
    }

    private void knownKeys(String path, Map<String, Object> map, String... known) {
        List<String> allowed = List.of(known);
        for (String key : map.keySet()) {
            if (!allowed.contains(key)) {
                problems.add(ConfigProblem.of(join(path, key), null, "is not a known key; known keys: " + String.join(", ", allowed)));
            }
        }
    }

    private static String validUriOr(String value, String fallback) {
        return Validator.uri("https", "http").check(value).isPresent() ? fallback : value;
    }

    private static String join(String parent, String key) {
        return parent.isEmpty() ? key : parent + "." + key;
    }
}
