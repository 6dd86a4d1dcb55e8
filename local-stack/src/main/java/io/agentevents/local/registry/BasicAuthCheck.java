package io.agentevents.local.registry;

import io.agentevents.schemas.connection.BasicCredentials;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * HTTP basic authentication of registry requests against the configured users and, when given
 * {@link KafkaLogins}, the cluster's users. The configured users' passwords are kept only as
 * SHA-256 digests and compared in constant time; an unknown user costs the same comparison as a
 * known one. Credentials that match no configured user are then checked against Kafka (cached
 * there), so a configured user whose password was changed in Kafka logs in with either. Immutable
 * apart from that cache; thread-safe.
 */
final class BasicAuthCheck {
    /** The realm named in {@code WWW-Authenticate}. */
    static final String REALM = "SchemaRegistry";
    /** The challenge sent with every 401. */
    static final String CHALLENGE = "Basic realm=\"" + REALM + "\", charset=\"UTF-8\"";

    private static final byte[] NO_USER = digest("\u0000no such user\u0000");

    private final Map<String, byte[]> digests;
    private final Optional<KafkaLogins> kafkaLogins;

    /** @param users name to password; empty = every request is let through */
    BasicAuthCheck(Map<String, String> users) {
        this(users, Optional.empty());
    }

    /**
     * @param users       name to password
     * @param kafkaLogins when present, also the cluster's users, and every request must authenticate
     */
    BasicAuthCheck(Map<String, String> users, Optional<KafkaLogins> kafkaLogins) {
        Map<String, byte[]> map = new HashMap<>();
        users.forEach((user, password) -> map.put(user, digest(password)));
        this.digests = Map.copyOf(map);
        this.kafkaLogins = Objects.requireNonNull(kafkaLogins, "kafkaLogins");
    }

    /** Whether requests must authenticate at all. */
    boolean required() {
        return !digests.isEmpty() || kafkaLogins.isPresent();
    }

    /**
     * The user an {@code Authorization} header authenticates, or empty when it is missing,
     * not basic auth, malformed, or names an unknown user or a wrong password.
     *
     * @throws RegistryException (timeout, retriable) when the credentials had to be checked
     *                           against Kafka and Kafka did not answer in time
     */
    Optional<String> authenticate(String authorization) {
        if (authorization == null) {
            return Optional.empty();
        }
        Optional<BasicCredentials> credentials = BasicCredentials.parse(authorization.trim());
        if (credentials.isEmpty()) {
            return Optional.empty();
        }
        String user = credentials.get().user();
        String password = credentials.get().password().value();
        byte[] expected = digests.get(user);
        boolean matches = MessageDigest.isEqual(expected == null ? NO_USER : expected, digest(password));
        if (matches && expected != null) {
            return Optional.of(user);
        }
        boolean kafkaAccepts = !user.isEmpty() && !password.isEmpty()
                && kafkaLogins.map(kafka -> kafka.accepts(user, password)).orElse(false);
        return kafkaAccepts ? Optional.of(user) : Optional.empty();
    }

    private static byte[] digest(String password) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(password.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
