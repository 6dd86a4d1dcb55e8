package io.agentevents.schemas.connection;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The user and password of HTTP basic authentication (RFC 7617), as the platform's HTTP clients
 * write an {@code Authorization} header ({@link #header}) and its servers read one ({@link #parse}).
 * The password is a {@link Secret}, so a value prints without it. Immutable and thread-safe.
 *
 * @param user     the name before the first {@code ':'}; may be empty
 * @param password what follows that {@code ':'}; may be empty
 */
public record BasicCredentials(String user, Secret password) {
    private static final String SCHEME = "basic ";

    public BasicCredentials {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
    }

    /**
     * The credentials an {@code Authorization} header carries: the scheme {@code Basic} in any
     * case, then base64 of UTF-8 {@code user:password}. Empty when the header is missing, not
     * basic auth, not base64, or holds no {@code ':'}; the header is taken as it is (not trimmed),
     * only the base64 part is.
     */
    public static Optional<BasicCredentials> parse(String authorization) {
        if (authorization == null || authorization.length() < SCHEME.length()
                || !authorization.substring(0, SCHEME.length()).toLowerCase(Locale.ROOT).equals(SCHEME)) {
            return Optional.empty();
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(authorization.substring(SCHEME.length()).trim()),
                    StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return Optional.empty();
        }
        return Optional.of(new BasicCredentials(decoded.substring(0, colon), Secret.of(decoded.substring(colon + 1))));
    }

    /** The {@code Authorization} header value {@code Basic <base64 of UTF-8 userInfo>} for {@code user:password}. */
    public static String header(String userInfo) {
        return "Basic " + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8));
    }
}
