package dev.syncline.connector.salesforce;

import dev.syncline.connector.config.ConfigProblem;
import dev.syncline.connector.config.ConnectorConfig;
import dev.syncline.connector.config.InvalidConfigurationException;
import java.security.PrivateKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The typed configuration of one Salesforce destination.
 *
 * @param path the YAML path of the destination block
 * @param loginUrl where tokens are requested, without a trailing slash
 * @param auth {@code client-credentials} or {@code jwt-bearer}
 * @param clientId the consumer key; never logged
 * @param clientSecret the consumer secret (client credentials); never logged
 * @param username the integration user (JWT bearer)
 * @param privateKey the signing key (JWT bearer)
 * @param audience the JWT {@code aud}
 * @param apiVersion for example {@code 62.0}
 * @param bulkThreshold records of one sObject from which Bulk API 2.0 is used
 * @param bulkPollInterval the first wait before a Bulk job poll
 * @param bulkTimeout how long a Bulk job may run
 * @param maxApiUsagePercent the share of the daily allocation that may be used
 * @param maxRetries retries of one retriable request
 * @param changeCacheSize objects remembered for change detection
 * @param timeout how long one request may take
 * @param mappings what goes where
 */
record SalesforceSettings(String path, String loginUrl, String auth, String clientId, @Nullable String clientSecret,
                          @Nullable String username, @Nullable PrivateKey privateKey, String audience, String apiVersion,
                          int bulkThreshold, Duration bulkPollInterval, Duration bulkTimeout, int maxApiUsagePercent,
                          int maxRetries, int changeCacheSize, Duration timeout, Mappings mappings) {

    /**
     * @throws InvalidConfigurationException for keys the chosen auth flow needs and that are missing
     */
    static SalesforceSettings from(ConnectorConfig config) {
        String auth = config.requireString(SalesforceConnectorProvider.AUTH);
        List<ConfigProblem> problems = new ArrayList<>();
        String secret = config.string(SalesforceConnectorProvider.CLIENT_SECRET).orElse(null);
        String username = config.string(SalesforceConnectorProvider.USERNAME).orElse(null);
        String pem = config.string(SalesforceConnectorProvider.PRIVATE_KEY).orElse(null);
        if (auth.equals(SalesforceConnectorProvider.CLIENT_CREDENTIALS) && secret == null) {
            problems.add(new ConfigProblem(config.path() + "." + SalesforceConnectorProvider.CLIENT_SECRET, null, "is required for auth: client-credentials"));
        }
        if (auth.equals(SalesforceConnectorProvider.JWT_BEARER)) {
            if (username == null) {
                problems.add(new ConfigProblem(config.path() + "." + SalesforceConnectorProvider.USERNAME, null, "is required for auth: jwt-bearer"));
            }
            if (pem == null) {
                problems.add(new ConfigProblem(config.path() + "." + SalesforceConnectorProvider.PRIVATE_KEY, null, "is required for auth: jwt-bearer"));
            }
        }
        Mappings mappings = Mappings.parse(config.path() + "." + SalesforceConnectorProvider.MAPPINGS,
                config.map(SalesforceConnectorProvider.MAPPINGS).orElse(null), problems);
        if (!problems.isEmpty()) {
            throw new InvalidConfigurationException(problems);
        }
        String url = config.requireString(SalesforceConnectorProvider.URL);
        return new SalesforceSettings(config.path(), url.endsWith("/") ? url.substring(0, url.length() - 1) : url, auth,
                config.requireString(SalesforceConnectorProvider.CLIENT_ID), secret, username,
                pem == null ? null : PemKeys.privateKey(pem),
                config.requireString(SalesforceConnectorProvider.JWT_AUDIENCE),
                config.requireString(SalesforceConnectorProvider.API_VERSION),
                config.integer(SalesforceConnectorProvider.BULK_THRESHOLD),
                config.duration(SalesforceConnectorProvider.BULK_POLL_INTERVAL).orElse(Duration.ofMillis(500)),
                config.duration(SalesforceConnectorProvider.BULK_TIMEOUT).orElse(Duration.ofMinutes(30)),
                config.integer(SalesforceConnectorProvider.MAX_API_USAGE),
                config.integer(SalesforceConnectorProvider.MAX_RETRIES),
                config.integer(SalesforceConnectorProvider.CHANGE_CACHE_SIZE),
                config.duration(SalesforceConnectorProvider.TIMEOUT).orElse(Duration.ofSeconds(60)),
                mappings);
    }

    /** {@code /services/data/v62.0}. */
    String dataPath() {
        return "/services/data/v" + apiVersion;
    }

    @Override
    public String toString() {
        return "SalesforceSettings[" + path + ", url=" + loginUrl + ", auth=" + auth + ", apiVersion=" + apiVersion
                + ", bulkThreshold=" + bulkThreshold + "]";
    }
}
