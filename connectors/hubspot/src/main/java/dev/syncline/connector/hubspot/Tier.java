package dev.syncline.connector.hubspot;

import java.util.Arrays;
import java.util.Locale;

/**
 * HubSpot's burst limit for a private app, per rolling ten seconds, by the portal's subscription.
 * The daily limit is per portal and shared with every other app, so it is not paced here: hitting
 * it stops the pipeline with a clear error instead.
 */
enum Tier {
    FREE(100),
    STARTER(100),
    PROFESSIONAL(190),
    ENTERPRISE(190),
    /** The API limit increase add-on, on any tier. */
    API_LIMIT_INCREASE(250);

    private final int perTenSeconds;

    Tier(int perTenSeconds) {
        this.perTenSeconds = perTenSeconds;
    }

    int perTenSeconds() {
        return perTenSeconds;
    }

    /** The YAML spelling: {@code free}, {@code starter}, … {@code api-limit-increase}. */
    String configName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    static Tier fromConfig(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT).replace('-', '_'));
    }

    static String[] configNames() {
        return Arrays.stream(values()).map(Tier::configName).toArray(String[]::new);
    }
}
