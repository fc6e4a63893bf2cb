package dev.syncline.connector.salesforce;

import dev.syncline.connector.record.Json;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The RS256-signed assertion of the OAuth 2.0 JWT bearer flow, signed with the JDK's
 * {@code SHA256withRSA}: {@code iss} the consumer key, {@code sub} the integration user,
 * {@code aud} the login host, {@code exp} three minutes ahead (Salesforce's maximum).
 */
final class JwtAssertion {
    static final long LIFETIME_SECONDS = 180;
    private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();

    private JwtAssertion() {}

    static String sign(String clientId, String username, String audience, PrivateKey key, Instant now) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", clientId);
        claims.put("sub", username);
        claims.put("aud", audience);
        // A little less than the maximum, so a clock slightly ahead of Salesforce's is not refused.
        claims.put("exp", now.getEpochSecond() + LIFETIME_SECONDS - 10);
        String signingInput = encode("{\"alg\":\"RS256\"}") + "." + encode(Json.write(claims));
        try {
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initSign(key);
            rsa.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + URL.encodeToString(rsa.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign the JWT assertion: " + e.getMessage(), e);
        }
    }

    private static String encode(String json) {
        return URL.encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
