package dev.syncline.sim.data;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;

/** Stripe-shaped ids ({@code prefix_} + base62) drawn from the dataset's seeded random source. */
final class StripeIds {

    private static final char[] BASE62 =
            "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();

    private final Random random;
    private final Set<String> issued = new HashSet<>();

    StripeIds(Random random) {
        this.random = random;
    }

    /** Real ids mix short (14 chars, e.g. {@code cus_}) and long (24 chars, e.g. {@code price_}) bodies. */
    String next(String prefix, int length) {
        return next(prefix, "", length);
    }

    /** {@code bodyStart} marks simulator ids (e.g. {@code acct_1Sim…}) without breaking their shape. */
    String next(String prefix, String bodyStart, int length) {
        while (true) {
            StringBuilder id = new StringBuilder(prefix.length() + 1 + length).append(prefix).append('_')
                    .append(bodyStart);
            for (int i = bodyStart.length(); i < length; i++) {
                id.append(BASE62[random.nextInt(BASE62.length)]);
            }
            String candidate = id.toString();
            if (issued.add(candidate)) {
                return candidate;
            }
        }
    }

    /** Random base62 text that is not an object id (URL tokens and the like). */
    String token(int length) {
        StringBuilder token = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            token.append(BASE62[random.nextInt(BASE62.length)]);
        }
        return token.toString();
    }
}
