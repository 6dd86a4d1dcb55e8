package io.agentevents.local.registry;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * HTTP basic authentication of registry requests against the configured users. Passwords are
 * kept only as SHA-256 digests and compared in constant time; an unknown user costs the same
 * comparison as a known one. Immutable; thread-safe.
 */
final class BasicAuthCheck {
    /** The realm named in {@code WWW-Authenticate}. */
    static final String REALM = "SchemaRegistry";
    /** The challenge sent with every 401. */
    static final String CHALLENGE = "Basic realm=\"" + REALM + "\", charset=\"UTF-8\"";

    private static final byte[] NO_USER = digest("\u0000no such user\u0000");

    private final Map<String, byte[]> digests;

    /** @param users name to password; empty = every request is let through */
    BasicAuthCheck(Map<String, String> users) {
        Map<String, byte[]> map = new HashMap<>();
        users.forEach((user, password) -> map.put(user, digest(password)));
        this.digests = Map.copyOf(map);
    }

    /** Whether requests must authenticate at all. */
    boolean required() {
        return !digests.isEmpty();
    }

    /**
     * The user an {@code Authorization} header authenticates, or empty when it is missing,
     * not basic auth, malformed, or names an unknown user or a wrong password.
     */
    Optional<String> authenticate(String authorization) {
        if (authorization == null) {
            return Optional.empty();
        }
        String header = authorization.trim();
        if (header.length() < 6 || !header.substring(0, 6).toLowerCase(Locale.ROOT).equals("basic ")) {
            return Optional.empty();
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return Optional.empty();
        }
        String user = decoded.substring(0, colon);
        byte[] expected = digests.get(user);
        boolean matches = MessageDigest.isEqual(expected == null ? NO_USER : expected, digest(decoded.substring(colon + 1)));
        return matches && expected != null ? Optional.of(user) : Optional.empty();
    }

    private static byte[] digest(String password) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(password.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
