package dev.syncline.connector.hubspot;

import dev.syncline.connector.config.ConfigKey;
import dev.syncline.connector.config.ConfigSpec;
import dev.syncline.connector.config.ConfigType;
import dev.syncline.connector.config.ConnectorConfig;
import dev.syncline.connector.config.Validator;
import dev.syncline.connector.spi.ConnectorProvider;
import dev.syncline.connector.spi.SinkConnector;
import java.util.List;
import java.util.Optional;

/**
 * Destination type {@code hubspot}: Stripe customers and subscriptions (and other types given a
 * mapping) upserted into HubSpot objects through a private app's token.
 *
 * <pre>{@code
 * destination:
 *   type: hubspot
 *   token: ${HUBSPOT_TOKEN}
 *   tier: professional
 *   mappings:
 *     customer: { object: contacts, id-property: stripe_customer_id }
 * }</pre>
 */
public final class HubSpotConnectorProvider implements ConnectorProvider {
    static final String TYPE = "hubspot";
    static final String URL = "url";
    static final String TOKEN = "token";
    static final String TIER = "tier";
    static final String MAX_REQUESTS = "max-requests-per-10s";
    static final String MAPPINGS = "mappings";
    static final String SCOPE_IDS = "scope-ids-by-account";
    static final String MAX_RETRIES = "max-retries";
    static final String TIMEOUT = "timeout";
    static final String CACHE_SIZE = "state-cache-size";

    private static final ConfigSpec SPEC = ConfigSpec.builder()
            .define(ConfigKey.string(URL).defaultValue("https://api.hubapi.com/crm/").validator(Validator.uri("https"))
                    .description("HubSpot's CRM API base URL (a bare origin gets /crm/ added); it must be on the manifest's "
                            + "connect-src allow-list, for example as https://api.hubapi.com/crm/"))
            .define(ConfigKey.string(TOKEN).required().sensitive().validator(Validator.notBlank())
                    .description("the private app's access token (pat-…); use ${HUBSPOT_TOKEN}"))
            .define(ConfigKey.string(TIER).defaultValue("starter").validator(Validator.oneOf(Tier.configNames()))
                    .description("the portal's subscription, which sets the app's limit per ten seconds: "
                            + "free and starter 100, professional and enterprise 190, api-limit-increase 250"))
            .define(ConfigKey.integer(MAX_REQUESTS).defaultValue(0).validator(Validator.between(0, 250))
                    .description("requests per rolling ten seconds instead of the tier's (0: the tier's); lower it "
                            + "when other integrations share this private app"))
            .define(ConfigKey.of(MAPPINGS, ConfigType.MAP).validator(HubSpotConnectorProvider::validMappings)
                    .description("per Stripe object type: the HubSpot object, its id property, mapped properties and on-delete"))
            .define(ConfigKey.bool(SCOPE_IDS).defaultValue(false)
                    .description("store ids as acct_…:id, for portals that receive several Stripe accounts whose ids may repeat"))
            .define(ConfigKey.integer(MAX_RETRIES).defaultValue(6).validator(Validator.between(0, 20))
                    .description("retries of one request answered 423, 429 (ten-secondly), 477 or 5xx"))
            .define(ConfigKey.duration(TIMEOUT).defaultValue("30s")
                    .description("how long to wait for one HubSpot answer"))
            .define(ConfigKey.integer(CACHE_SIZE).defaultValue(50_000).validator(Validator.between(0, 5_000_000))
                    .description("objects whose last delivered state is remembered (about 300 bytes each), "
                            + "so unchanged ones cost no request"))
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
        return new HubSpotSinkConnector(HubSpotSettings.from(config));
    }

    // The spec reports one reason per key, so nested problems are listed with their sub-paths.
    private static Optional<String> validMappings(Object value) {
        List<String> problems = MappingParser.parse(value).problems();
        return problems.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", problems));
    }
}
