package dev.syncline.testkit.salesforce;

import dev.syncline.connector.record.Json;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Checks a JWT bearer assertion the way Salesforce does for a connected app: RS256 signed with the
 * key whose certificate was uploaded, {@code iss} the consumer key, {@code sub} the username,
 * {@code aud} the login host, and {@code exp} in the future but at most three minutes ahead.
 */
final class JwtVerifier {
    private JwtVerifier() {}

    /** Why the assertion is refused, or empty if it is valid. */
    static Optional<String> refuse(String assertion, PublicKey key, String clientId, String username, String audience, Instant now) {
        String[] parts = assertion.split("\\.");
        if (parts.length != 3) {
            return Optional.of("assertion is not a JWT");
        }
        try {
            Map<String, @Nullable Object> header = Json.parseObject(decode(parts[0]));
            if (!"RS256".equals(header.get("alg"))) {
                return Optional.of("alg must be RS256");
            }
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initVerify(key);
            rsa.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            if (!rsa.verify(Base64.getUrlDecoder().decode(parts[2]))) {
                return Optional.of("invalid signature");
            }
            Map<String, @Nullable Object> claims = Json.parseObject(decode(parts[1]));
            if (!clientId.equals(claims.get("iss"))) {
                return Optional.of("invalid client identifier");
            }
            if (!username.equals(claims.get("sub"))) {
                return Optional.of("user hasn't approved this consumer");
            }
            if (!audience.equals(claims.get("aud"))) {
                return Optional.of("audience is invalid");
            }
            if (!(claims.get("exp") instanceof Number exp) || exp.longValue() <= now.getEpochSecond()
                    || exp.longValue() > now.getEpochSecond() + 180) {
                return Optional.of("expired authorization code");
            }
            return Optional.empty();
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            return Optional.of("malformed assertion: " + e.getMessage());
        }
    }

    private static byte[] decode(String part) {
        return Base64.getUrlDecoder().decode(part);
    }
}
