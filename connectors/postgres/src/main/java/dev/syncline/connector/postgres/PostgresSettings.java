package dev.syncline.connector.postgres;

import dev.syncline.connector.config.ConnectorConfig;
import java.util.Optional;

/**
 * The typed configuration of one Postgres destination.
 *
 * @param path the YAML path of the destination block, for error messages
 * @param url the R2DBC URL, possibly with credentials
 * @param username overrides the URL's user when present
 * @param password overrides the URL's password when present; never logged
 * @param schema where the tables live
 * @param batchSize most rows per statement
 * @param poolSize most connections
 * @param bulkThreshold the fewest records of an all-backfill batch that take the COPY path; 0 never
 * @param bulkParallelism connections one bulk batch is split over, never more than {@code poolSize}
 */
record PostgresSettings(String path, String url, Optional<String> username, Optional<String> password, String schema,
                        int batchSize, int poolSize, int bulkThreshold, int bulkParallelism) {

    static PostgresSettings from(ConnectorConfig config) {
        return new PostgresSettings(
                config.path(),
                config.requireString(PostgresConnectorProvider.URL),
                config.string(PostgresConnectorProvider.USERNAME),
                config.string(PostgresConnectorProvider.PASSWORD),
                config.requireString(PostgresConnectorProvider.SCHEMA),
                config.integer(PostgresConnectorProvider.BATCH_SIZE),
                config.integer(PostgresConnectorProvider.POOL_SIZE),
                config.integer(PostgresConnectorProvider.BULK_THRESHOLD),
                Math.min(config.integer(PostgresConnectorProvider.BULK_PARALLELISM), config.integer(PostgresConnectorProvider.POOL_SIZE)));
    }

    @Override
    public String toString() {
        return "PostgresSettings[" + path + ", schema=" + schema + ", batchSize=" + batchSize + ", poolSize=" + poolSize
                + ", bulkThreshold=" + bulkThreshold + ", bulkParallelism=" + bulkParallelism + "]";
    }
}
