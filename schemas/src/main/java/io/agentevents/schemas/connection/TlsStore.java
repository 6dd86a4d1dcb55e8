package io.agentevents.schemas.connection;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A key store or trust store file for TLS, as Kafka's and Confluent's {@code ssl.keystore.*} /
 * {@code ssl.truststore.*} settings name one: where it is, its type ({@value #DEFAULT_TYPE} or
 * {@code JKS}) and its password, and for a key store the key's own password (default: the store's).
 * The one place the platform's HTTP servers (the embedded registry, the query API) and clients
 * (the registry client, the query client, the query API's forwarding) turn such a file into an
 * {@link SSLContext}. Immutable and thread-safe; {@link #toString()} masks the passwords.
 *
 * @param location    the file
 * @param type        the store type, e.g. {@code PKCS12} or {@code JKS}
 * @param password    the store's password
 * @param keyPassword the private key's password, for a key store; empty = the store's
 */
public record TlsStore(Path location, String type, Secret password, Optional<Secret> keyPassword) {
    /** The store type unless told otherwise, as in Kafka's clients. */
    public static final String DEFAULT_TYPE = "PKCS12";

    /** Validates every field, naming the bad one. */
    public TlsStore {
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(type, "type");
        if (type.isBlank()) {
            throw new IllegalArgumentException("type must not be blank");
        }
        type = type.trim().toUpperCase(Locale.ROOT);
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(keyPassword, "keyPassword");
    }

    /** A store of type {@value #DEFAULT_TYPE} whose keys, if any, share its password. */
    public static TlsStore of(Path location, String password) {
        return new TlsStore(location, DEFAULT_TYPE, Secret.of(Objects.requireNonNull(password, "password")), Optional.empty());
    }

    /** This store with another type. */
    public TlsStore withType(String newType) {
        return new TlsStore(location, newType, password, keyPassword);
    }

    /** This store, a key store, with its key's own password. */
    public TlsStore withKeyPassword(String newKeyPassword) {
        return new TlsStore(location, type, password, Optional.of(Secret.of(newKeyPassword)));
    }

    /**
     * A TLS context for a client that trusts the certificates of this store (and nothing else).
     *
     * @throws IllegalArgumentException naming the file when it cannot be read, has another type or
     *                                  another password (the password is never shown)
     */
    public SSLContext trustingContext() {
        try {
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(load());
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot use the trust store " + location + ": " + e.getMessage(), e);
        }
    }

    /**
     * A TLS context for a server presenting the key and certificate of this store.
     *
     * @throws IllegalArgumentException naming the file when it cannot be read, has another type or
     *                                  another password, or holds no key
     */
    public SSLContext serverContext() {
        try {
            KeyStore store = load();
            if (!hasKey(store)) {
                throw new IllegalArgumentException("the key store " + location + " holds no private key");
            }
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, keyPassword.orElse(password).value().toCharArray());
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot use the key store " + location
                    + " (is the key password right?): " + e.getMessage(), e);
        }
    }

    private KeyStore load() {
        try (InputStream in = Files.newInputStream(location)) {
            KeyStore store = KeyStore.getInstance(type);
            store.load(in, password.value().toCharArray());
            return store;
        } catch (IOException e) {
            String reason = e.getCause() != null && e.getCause().getClass().getSimpleName().contains("Unrecoverable")
                    || String.valueOf(e.getMessage()).contains("password")
                    ? "wrong password or not a " + type + " store" : e.toString();
            throw new IllegalArgumentException("cannot read the " + type + " store " + location + ": " + reason, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot read the " + type + " store " + location + ": " + e.getMessage(), e);
        }
    }

    private static boolean hasKey(KeyStore store) throws GeneralSecurityException {
        for (String alias : java.util.Collections.list(store.aliases())) {
            if (store.isKeyEntry(alias)) {
                return true;
            }
        }
        return false;
    }

    /** The location and type; the passwords as {@value Secret#MASK}. */
    @Override
    public String toString() {
        return "TlsStore[location=" + location + ", type=" + type + ", password=" + Secret.MASK + "]";
    }
}
