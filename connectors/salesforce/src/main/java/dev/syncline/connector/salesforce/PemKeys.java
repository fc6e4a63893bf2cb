package dev.syncline.connector.salesforce;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;

/**
 * Reads the JWT signing key from PEM with the JDK alone. Only unencrypted PKCS#8
 * ({@code BEGIN PRIVATE KEY}) is read: it is what {@code openssl req -newkey} writes today, and
 * reading PKCS#1 or encrypted keys would need a parser the JDK does not ship.
 */
final class PemKeys {
    private static final String BEGIN = "-----BEGIN PRIVATE KEY-----";
    private static final String END = "-----END PRIVATE KEY-----";

    private PemKeys() {}

    /** @throws IllegalArgumentException with a reason that never quotes the key */
    static PrivateKey privateKey(String pem) {
        String text = pem.strip();
        if (text.contains("BEGIN RSA PRIVATE KEY") || text.contains("BEGIN ENCRYPTED PRIVATE KEY")) {
            throw new IllegalArgumentException("must be an unencrypted PKCS#8 key (BEGIN PRIVATE KEY); convert it with "
                    + "openssl pkcs8 -topk8 -nocrypt -in key.pem -out key-pkcs8.pem");
        }
        int begin = text.indexOf(BEGIN);
        int end = text.indexOf(END);
        if (begin < 0 || end < begin) {
            throw new IllegalArgumentException("must be a PEM private key between " + BEGIN + " and " + END);
        }
        try {
            byte[] der = Base64.getMimeDecoder().decode(text.substring(begin + BEGIN.length(), end));
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            throw new IllegalArgumentException("must be an RSA private key in PKCS#8 PEM; this one cannot be read");
        }
    }
}
