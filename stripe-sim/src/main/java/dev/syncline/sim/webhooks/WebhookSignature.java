package dev.syncline.sim.webhooks;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The {@code Stripe-Signature} header (stripe-api.md §3.1): {@code t=<unix seconds>}, one
 * {@code v1=<hex HMAC-SHA256(secret, t + "." + body)>} per active secret (several while a secret
 * is being rolled), and in test mode an extra {@code v0} that verifiers must ignore.
 */
public final class WebhookSignature {

    /**
     * Stripe does not document how its fake {@code v0} is computed; this key makes it a well-formed
     * signature that matches no endpoint secret, so a verifier that trusts {@code v0} fails loudly.
     */
    private static final String V0_KEY = "stripe-sim-v0-is-not-a-valid-scheme";

    private WebhookSignature() {}

    public static String header(String payload, long timestamp, List<String> secrets, boolean testMode) {
        if (secrets.isEmpty()) {
            throw new IllegalArgumentException("at least one signing secret is needed");
        }
        String signed = timestamp + "." + payload;
        StringBuilder header = new StringBuilder("t=").append(timestamp);
        for (String secret : secrets) {
            header.append(",v1=").append(hmacSha256Hex(secret, signed));
        }
        if (testMode) {
            header.append(",v0=").append(hmacSha256Hex(V0_KEY, signed));
        }
        return header.toString();
    }

    /** Keyed with the secret's UTF-8 bytes as they are (no base64 decoding), as stripe-java verifies. */
    static String hmacSha256Hex(String key, String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
