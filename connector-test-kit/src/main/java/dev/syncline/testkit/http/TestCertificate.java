package dev.syncline.testkit.http;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A self-signed certificate for {@code localhost} and {@code 127.0.0.1}, made once per JVM with the
 * JDK's own {@code keytool} so tests need neither BouncyCastle nor JDK internals.
 *
 * @param key the private key
 * @param certificate the certificate, to be trusted by the client under test
 */
public record TestCertificate(PrivateKey key, X509Certificate certificate) {
    private static final char[] PASSWORD = "syncline-test".toCharArray();
    private static TestCertificate localhost;

    /** The certificate for {@code localhost}, created on first use. */
    public static synchronized TestCertificate localhost() {
        if (localhost == null) {
            localhost = generate("localhost", "SAN=dns:localhost,ip:127.0.0.1");
        }
        return localhost;
    }

    /** A new certificate for another host name only: a server using it is not {@code localhost}. */
    public static TestCertificate forName(String host) {
        return generate(host, "SAN=dns:" + host);
    }

    private static TestCertificate generate(String host, String san) {
        try {
            Path dir = Files.createTempDirectory("syncline-tls");
            Path store = dir.resolve("localhost.p12");
            Process keytool = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                    "-genkeypair", "-alias", "localhost", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "30",
                    "-dname", "CN=" + host, "-ext", san,
                    "-storetype", "PKCS12", "-keystore", store.toString(),
                    "-storepass", new String(PASSWORD), "-keypass", new String(PASSWORD)))
                    .redirectErrorStream(true).redirectOutput(dir.resolve("keytool.log").toFile()).start();
            if (!keytool.waitFor(60, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
                throw new IllegalStateException("keytool could not create a test certificate: " + Files.readString(dir.resolve("keytool.log")));
            }
            KeyStore keys = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(store)) {
                keys.load(in, PASSWORD);
            }
            return new TestCertificate((PrivateKey) keys.getKey("localhost", PASSWORD), (X509Certificate) keys.getCertificate("localhost"));
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot create a test certificate: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
