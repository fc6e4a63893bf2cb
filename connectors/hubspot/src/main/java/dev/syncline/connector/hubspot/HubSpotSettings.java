package dev.syncline.connector.hubspot;

import dev.syncline.connector.config.ConnectorConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The typed configuration of one HubSpot destination.
 *
 * @param path the YAML path of the destination block, for error messages
 * @param url the CRM API's base URL, ending in {@code /crm/}
 * @param token the private app token; never logged
 * @param requestsPerTenSeconds the app's burst limit the connector paces itself under
 * @param mappings per Stripe type, its HubSpot targets
 * @param scopeIdsByAccount whether id values carry the account ({@code acct_…:cus_…})
 * @param maxRetries retries of one retriable request before the batch fails back to the runner
 * @param timeout how long one request may take
 * @param cacheSize how many objects' last delivered state is remembered
 */
record HubSpotSettings(String path, String url, String token, int requestsPerTenSeconds,
                       Map<String, List<TargetMapping>> mappings, boolean scopeIdsByAccount, int maxRetries,
                       Duration timeout, int cacheSize) {
    static HubSpotSettings from(ConnectorConfig config) {
        String url = config.requireString(HubSpotConnectorProvider.URL);
        Tier tier = Tier.fromConfig(config.requireString(HubSpotConnectorProvider.TIER));
        int override = config.integer(HubSpotConnectorProvider.MAX_REQUESTS);
        int budget = override > 0 ? override : tier.perTenSeconds();
        MappingParser.Result mappings = MappingParser.parse(config.map(HubSpotConnectorProvider.MAPPINGS).orElse(null));
        return new HubSpotSettings(config.path(), crmBase(url),
                config.requireString(HubSpotConnectorProvider.TOKEN), budget, mappings.mappings(),
                config.bool(HubSpotConnectorProvider.SCOPE_IDS), config.integer(HubSpotConnectorProvider.MAX_RETRIES),
                config.duration(HubSpotConnectorProvider.TIMEOUT).orElse(Duration.ofSeconds(30)),
                config.integer(HubSpotConnectorProvider.CACHE_SIZE));
    }

    /**
     * The CRM API's base, ending in {@code /crm/}: what the egress allow-list must hold, since a
     * {@code connect-src} entry needs a path. A bare origin such as {@code https://api.hubapi.com/}
     * is completed to it.
     */
    static String crmBase(String url) {
        String base = url.endsWith("/") ? url : url + "/";
        return base.endsWith("/crm/") ? base : base + "crm/";
    }

    @Override
    public String toString() {
        return "HubSpotSettings[" + path + ", url=" + url + ", requestsPerTenSeconds=" + requestsPerTenSeconds
                + ", types=" + mappings.keySet() + "]";
    }
}
