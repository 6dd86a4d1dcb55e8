package io.agentevents.local.kafka;

import io.agentevents.local.LocalPlatformException;
import io.agentevents.schemas.connection.TlsStore;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A self-signed certificate for the embedded brokers, made at start: the JDK's own {@code keytool}
 * (run as a process: the JDK has no public API that signs a certificate) generates an EC P-256 key
 * pair and a certificate for {@code CN=localhost} with the subject alternative names
 * {@code IP:127.0.0.1} and {@code DNS:localhost}, valid 825 days, into a PKCS12 key store; a trust
 * store holding just that certificate is then written with {@link KeyStore}. Both share one random
 * password, passed to {@code keytool} through its environment (never on the command line). Used by
 * the embedded brokers, and for the HTTPS of the embedded registry and the query API
 * ({@link #keyStoreSettings()}, {@link #trustStoreSettings()}). Immutable; {@link #toString()} masks the password.
 *
 * @param keyStore   the brokers' key store (PKCS12)
 * @param trustStore the certificate clients trust (PKCS12)
 * @param password   the password of both stores
 */
public record SelfSignedTls(Path keyStore, Path trustStore, String password) {
    /** The type of both stores. */
    public static final String STORE_TYPE = "PKCS12";
    private static final String ALIAS = "embedded-kafka";
    private static final String PASSWORD_VARIABLE = "EMBEDDED_KAFKA_STORE_PASSWORD";
    private static final long KEYTOOL_TIMEOUT_SECONDS = 60;

    /**
     * Makes a fresh key store and trust store in {@code directory}, replacing any there.
     *
     * @throws LocalPlatformException naming the directory when {@code keytool} fails
     */
    public static SelfSignedTls generate(Path directory) {
        Path keyStore = directory.resolve("broker-keystore.p12");
        Path trustStore = directory.resolve("truststore.p12");
        String password = randomPassword();
        try {
            Files.createDirectories(directory);
            Files.deleteIfExists(keyStore);
            Files.deleteIfExists(trustStore);
            runKeytool(keyStore, password);
            writeTrustStore(keyStore, trustStore, password.toCharArray());
            restrict(keyStore);
        } catch (IOException | GeneralSecurityException e) {
            throw new LocalPlatformException("cannot make the TLS certificate in " + directory + ": " + e.getMessage(), e);
        }
        return new SelfSignedTls(keyStore, trustStore, password);
    }

    private static void runKeytool(Path keyStore, String password) throws IOException {
        Path log = keyStore.resolveSibling("keytool.log");
        Path keytool = Path.of(System.getProperty("java.home"), "bin",
                System.getProperty("os.name", "").startsWith("Windows") ? "keytool.exe" : "keytool");
        ProcessBuilder builder = new ProcessBuilder(List.of(keytool.toString(), "-genkeypair", "-noprompt",
                "-alias", ALIAS, "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=localhost, O=agent-eventbus embedded Kafka",
                "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "825",
                "-keystore", keyStore.toString(), "-storetype", STORE_TYPE,
                "-storepass:env", PASSWORD_VARIABLE))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put(PASSWORD_VARIABLE, password);
        Process process = builder.start();
        try {
            if (!process.waitFor(KEYTOOL_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException(keytool + " did not finish within " + KEYTOOL_TIMEOUT_SECONDS + " s");
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + keytool, e);
        }
        String output = Files.readString(log, StandardCharsets.UTF_8).trim();
        Files.deleteIfExists(log);
        if (process.exitValue() != 0) {
            throw new IOException(keytool + " failed with exit code " + process.exitValue() + ": " + output);
        }
    }

    private static void writeTrustStore(Path keyStore, Path trustStore, char[] password)
            throws IOException, GeneralSecurityException {
        KeyStore keys = KeyStore.getInstance(STORE_TYPE);
        try (InputStream in = Files.newInputStream(keyStore)) {
            keys.load(in, password);
        }
        Certificate certificate = keys.getCertificate(ALIAS);
        KeyStore trust = KeyStore.getInstance(STORE_TYPE);
        trust.load(null, null);
        trust.setCertificateEntry(ALIAS, certificate);
        try (OutputStream out = Files.newOutputStream(trustStore)) {
            trust.store(out, password);
        }
    }

    /** Owner-only access to the private key, where the file system supports it. */
    private static void restrict(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system (Windows): the temporary directory's own permissions apply
        }
    }

    private static String randomPassword() {
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The key store, for a server to present the certificate. */
    public TlsStore keyStoreSettings() {
        return TlsStore.of(keyStore, password);
    }

    /** The trust store, for a client to trust the certificate. */
    public TlsStore trustStoreSettings() {
        return TlsStore.of(trustStore, password);
    }

    /** The fields with the password masked. */
    @Override
    public String toString() {
        return "SelfSignedTls[keyStore=" + keyStore + ", trustStore=" + trustStore + ", password=[hidden]]";
    }
}
