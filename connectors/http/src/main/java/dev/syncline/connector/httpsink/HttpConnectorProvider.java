package dev.syncline.connector.httpsink;

import dev.syncline.connector.config.ConfigKey;
import dev.syncline.connector.config.ConfigSpec;
import dev.syncline.connector.config.ConnectorConfig;
import dev.syncline.connector.config.Validator;
import dev.syncline.connector.spi.ConnectorProvider;
import dev.syncline.connector.spi.SinkConnector;
import java.util.Optional;

/**
 * Destination type {@code http}: each batch is one signed JSON {@code POST} to an HTTPS endpoint on
 * the manifest's {@code connect-src} allow-list.
 *
 * <pre>{@code
 * destination:
 *   type: http
 *   url: https://hooks.example.com/stripe/ingest
 *   signing-secret: ${SYNCLINE_HTTP_SECRET}
 * }</pre>
 */
public final class HttpConnectorProvider implements ConnectorProvider {
    static final String TYPE = "http";
    static final String URL = "url";
    static final String SIGNING_SECRET = "signing-secret";
    static final String MAX_RETRIES = "max-retries";
    static final String TIMEOUT = "timeout";

    private static final ConfigSpec SPEC = ConfigSpec.builder()
            .define(ConfigKey.string(URL).required().validator(Validator.uri("https"))
                    .description("HTTPS endpoint receiving the batches; must be on the manifest's connect-src allow-list"))
            .define(ConfigKey.string(SIGNING_SECRET).required().sensitive().validator(HttpConnectorProvider::longEnough)
                    .description("HMAC-SHA256 key of the Syncline-Signature header (at least 16 characters); use ${ENV_VAR}"))
            .define(ConfigKey.integer(MAX_RETRIES).defaultValue(5).validator(Validator.between(0, 20))
                    .description("retries of one batch answered 408, 409, 429 or 5xx, honouring Retry-After"))
            .define(ConfigKey.duration(TIMEOUT).defaultValue("30s")
                    .description("how long to wait for the endpoint's answer"))
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
        return new HttpSinkConnector(HttpSettings.from(config));
    }

    // A short key makes the signature guessable; Stripe's own secrets are far longer.
    private static Optional<String> longEnough(Object value) {
        return ((String) value).length() >= 16 ? Optional.empty() : Optional.of("must be at least 16 characters");
    }
}
