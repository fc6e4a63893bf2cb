package dev.syncline.connector.postgres;

import dev.syncline.connector.config.ConfigKey;
import dev.syncline.connector.config.ConfigSpec;
import dev.syncline.connector.config.ConnectorConfig;
import dev.syncline.connector.config.Validator;
import dev.syncline.connector.spi.ConnectorProvider;
import dev.syncline.connector.spi.SinkConnector;
import java.util.Locale;
import java.util.Optional;

/**
 * Destination type {@code postgres}: Stripe objects into typed tables of a Postgres schema.
 *
 * <pre>{@code
 * destination:
 *   type: postgres
 *   url: r2dbc:postgresql://warehouse:5432/analytics
 *   username: syncline
 *   password: ${WAREHOUSE_PASSWORD}
 *   schema: stripe
 * }</pre>
 */
public final class PostgresConnectorProvider implements ConnectorProvider {
    static final String TYPE = "postgres";
    static final String URL = "url";
    static final String USERNAME = "username";
    static final String PASSWORD = "password";
    static final String SCHEMA = "schema";
    static final String BATCH_SIZE = "batch-size";
    static final String POOL_SIZE = "pool-size";
    static final String BULK_THRESHOLD = "bulk-threshold";
    static final String BULK_PARALLELISM = "bulk-parallelism";

    private static final ConfigSpec SPEC = ConfigSpec.builder()
            .define(ConfigKey.string(URL).required()
                    .validator(Validator.uri("r2dbc").and(PostgresConnectorProvider::postgresqlDriver))
                    .description("R2DBC URL of the warehouse, r2dbc:postgresql://host:port/database; "
                            + "may carry credentials and driver options"))
            .define(ConfigKey.string(USERNAME).validator(Validator.notBlank())
                    .description("user to connect as, if not in the URL"))
            .define(ConfigKey.string(PASSWORD).sensitive()
                    .description("password of that user, if not in the URL; use ${ENV_VAR}"))
            .define(ConfigKey.string(SCHEMA).defaultValue("stripe").validator(Validator.notBlank())
                    .description("schema holding one table per object type; created if missing"))
            .define(ConfigKey.integer(BATCH_SIZE).defaultValue(500).validator(Validator.atLeast(1))
                    .description("most rows per upsert statement (fewer when the 65,535 bind-parameter limit requires)"))
            .define(ConfigKey.integer(POOL_SIZE).defaultValue(4).validator(Validator.between(1, 64))
                    .description("most connections to the warehouse"))
            .define(ConfigKey.integer(BULK_THRESHOLD).defaultValue(500).validator(Validator.atLeast(0))
                    .description("backfill batches of at least this many records are loaded with COPY and one merge "
                            + "statement instead of multi-row upserts; 0 turns the bulk path off"))
            .define(ConfigKey.integer(BULK_PARALLELISM).defaultValue(2).validator(Validator.between(1, 16))
                    .description("connections one bulk batch is loaded through at once, in parts of at least bulk-threshold "
                            + "records, so Syncline encodes one part while Postgres merges another; at most pool-size"))
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
        return new PostgresSinkConnector(PostgresSettings.from(config));
    }

    // Validator.uri only checks the r2dbc: scheme; another driver would fail later, far from the YAML.
    private static Optional<String> postgresqlDriver(Object value) {
        String url = ((String) value).toLowerCase(Locale.ROOT);
        return url.startsWith("r2dbc:postgresql://") || url.startsWith("r2dbc:postgres://")
                ? Optional.empty()
                : Optional.of("must be an R2DBC Postgres URL: r2dbc:postgresql://host:port/database");
    }
}
