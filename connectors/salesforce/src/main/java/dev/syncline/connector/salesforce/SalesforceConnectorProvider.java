package dev.syncline.connector.salesforce;

import dev.syncline.connector.config.ConfigKey;
import dev.syncline.connector.config.ConfigProblem;
import dev.syncline.connector.config.ConfigSpec;
import dev.syncline.connector.config.ConfigType;
import dev.syncline.connector.config.ConnectorConfig;
import dev.syncline.connector.config.Validator;
import dev.syncline.connector.spi.ConnectorProvider;
import dev.syncline.connector.spi.SinkConnector;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Destination type {@code salesforce}: Stripe customers and subscriptions (and whatever else the
 * mappings name) upserted into sObjects by external id.
 *
 * <pre>{@code
 * destination:
 *   type: salesforce
 *   url: https://acme.my.salesforce.com
 *   auth: client-credentials
 *   client-id: ${SALESFORCE_CLIENT_ID}
 *   client-secret: ${SALESFORCE_CLIENT_SECRET}
 * }</pre>
 */
public final class SalesforceConnectorProvider implements ConnectorProvider {
    static final String TYPE = "salesforce";
    static final String URL = "url";
    static final String AUTH = "auth";
    static final String CLIENT_ID = "client-id";
    static final String CLIENT_SECRET = "client-secret";
    static final String USERNAME = "username";
    static final String PRIVATE_KEY = "private-key";
    static final String JWT_AUDIENCE = "jwt-audience";
    static final String API_VERSION = "api-version";
    static final String BULK_THRESHOLD = "bulk-threshold";
    static final String BULK_POLL_INTERVAL = "bulk-poll-interval";
    static final String BULK_TIMEOUT = "bulk-timeout";
    static final String MAX_API_USAGE = "max-api-usage-percent";
    static final String MAX_RETRIES = "max-retries";
    static final String CHANGE_CACHE_SIZE = "change-cache-size";
    static final String TIMEOUT = "timeout";
    static final String MAPPINGS = "mappings";

    static final String CLIENT_CREDENTIALS = "client-credentials";
    static final String JWT_BEARER = "jwt-bearer";

    private static final ConfigSpec SPEC = ConfigSpec.builder()
            .define(ConfigKey.string(URL).required().validator(Validator.uri("https"))
                    .description("the org's login URL: its My Domain (https://acme.my.salesforce.com), or https://login.salesforce.com for "
                            + "jwt-bearer; it and the instance URL must be on the manifest's connect-src allow-list"))
            .define(ConfigKey.string(AUTH).defaultValue(CLIENT_CREDENTIALS).validator(Validator.oneOf(CLIENT_CREDENTIALS, JWT_BEARER))
                    .description("the OAuth flow of the connected app: client-credentials or jwt-bearer"))
            .define(ConfigKey.string(CLIENT_ID).required().sensitive()
                    .description("the connected app's consumer key; use ${ENV_VAR}"))
            .define(ConfigKey.string(CLIENT_SECRET).sensitive()
                    .description("the connected app's consumer secret (client-credentials); use ${ENV_VAR}"))
            .define(ConfigKey.string(USERNAME)
                    .description("the integration user's username (jwt-bearer)"))
            .define(ConfigKey.string(PRIVATE_KEY).sensitive().validator(SalesforceConnectorProvider::readablePrivateKey)
                    .description("the PKCS#8 PEM private key whose certificate the connected app holds (jwt-bearer); use ${ENV_VAR}"))
            .define(ConfigKey.string(JWT_AUDIENCE).defaultValue("https://login.salesforce.com").validator(Validator.uri("https"))
                    .description("the aud claim of JWT assertions: https://login.salesforce.com, or https://test.salesforce.com for sandboxes"))
            .define(ConfigKey.string(API_VERSION).defaultValue("62.0").validator(SalesforceConnectorProvider::apiVersion)
                    .description("the REST API version, 46.0 or later (sObject Collections upsert needs 46.0)"))
            .define(ConfigKey.integer(BULK_THRESHOLD).defaultValue(2_000).validator(Validator.atLeast(1))
                    .description("records of one sObject, in one batch or a run of backfill batches, from which Bulk API 2.0 is used"))
            .define(ConfigKey.duration(BULK_POLL_INTERVAL).defaultValue("500ms")
                    .description("the first wait before polling a Bulk job; it doubles up to 10 s"))
            .define(ConfigKey.duration(BULK_TIMEOUT).defaultValue("30m")
                    .description("how long a Bulk job may run before it is aborted and its records retried"))
            .define(ConfigKey.integer(MAX_API_USAGE).defaultValue(90).validator(Validator.between(10, 100))
                    .description("the share of the org's daily API allocation Syncline may use; it slows down over the last 15 points"))
            .define(ConfigKey.integer(MAX_RETRIES).defaultValue(5).validator(Validator.between(0, 20))
                    .description("retries of one request answered 5xx, the concurrency limit or a lost connection"))
            .define(ConfigKey.integer(CHANGE_CACHE_SIZE).defaultValue(100_000).validator(Validator.between(0, 10_000_000))
                    .description("objects whose last delivered version and field hashes are remembered, to skip unchanged records"))
            .define(ConfigKey.duration(TIMEOUT).defaultValue("60s")
                    .description("how long one request may take"))
            .define(ConfigKey.of(MAPPINGS, ConfigType.MAP).validator(SalesforceConnectorProvider::validMappings)
                    .description("per Stripe object type, the sObjects it is written to; see docs/connectors/salesforce.md"))
            .passThrough("type")
            .build();

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public ConfigSpec configSpec() {
        return SPEC;
    }

    @Override
    public SinkConnector create(ConnectorConfig config) {
        return new SalesforceSinkConnector(SalesforceSettings.from(config));
    }

    private static Optional<String> apiVersion(Object value) {
        String text = (String) value;
        if (!text.matches("\\d{2,3}\\.0")) {
            return Optional.of("must be a version such as 62.0");
        }
        return Double.parseDouble(text) < 46 ? Optional.of("must be 46.0 or later: sObject Collections upsert needs it") : Optional.empty();
    }

    private static Optional<String> readablePrivateKey(Object value) {
        try {
            PemKeys.privateKey((String) value);
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
    }

    /** The nested problems, each with its path below the destination block, in one reason. */
    private static Optional<String> validMappings(Object value) {
        List<ConfigProblem> problems = new ArrayList<>();
        Mappings.parse(MAPPINGS, value, problems);
        if (problems.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("has " + problems.size() + (problems.size() == 1 ? " problem: " : " problems: ")
                + problems.stream().map(ConfigProblem::render).collect(Collectors.joining("; ")));
    }
}
