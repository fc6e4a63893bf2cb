package dev.syncline.connector.hubspot;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Set;

/**
 * Stripe's minor units per currency. Most currencies have two decimals; Stripe's zero-decimal
 * currencies are sent as whole units and its three-decimal ones with three.
 */
final class Currencies {
    private static final Set<String> ZERO_DECIMAL = Set.of("bif", "clp", "djf", "gnf", "jpy", "kmf", "krw", "mga",
            "pyg", "rwf", "ugx", "vnd", "vuv", "xaf", "xof", "xpf");
    private static final Set<String> THREE_DECIMAL = Set.of("bhd", "jod", "kwd", "omr", "tnd");

    private Currencies() {}

    static int exponent(String currency) {
        String code = currency.toLowerCase(Locale.ROOT);
        if (ZERO_DECIMAL.contains(code)) {
            return 0;
        }
        return THREE_DECIMAL.contains(code) ? 3 : 2;
    }

    /** {@code minorUnits} in major units, as plain decimal text: 2900 eur → {@code 29.00}. */
    static String major(BigDecimal minorUnits, String currency) {
        return minorUnits.movePointLeft(exponent(currency)).toPlainString();
    }
}
