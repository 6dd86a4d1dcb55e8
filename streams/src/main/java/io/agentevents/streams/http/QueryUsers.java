package io.agentevents.streams.http;

import io.agentevents.schemas.connection.BasicCredentials;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The users of the query API, from a file of lines {@code name:pbkdf2-sha256:ITERATIONS:SALT:HASH}
 * (salt and hash in base64; {@code #} comments and blank lines ignored), as {@link #line} makes
 * them: passwords are kept only as salted PBKDF2-HMAC-SHA256 hashes. Requests authenticate with
 * HTTP basic auth. A verified {@code Authorization} header is remembered for five minutes under an
 * HMAC with a key of this instance (never the password), so only a client's first request pays for
 * the hash; comparisons are constant-time and an unknown user costs as much as a known one.
 * Thread-safe.
 */
public final class QueryUsers {
    /** The realm named in {@code WWW-Authenticate}. */
    public static final String CHALLENGE = "Basic realm=\"eventbus query API\", charset=\"UTF-8\"";
    private static final String SCHEME = "pbkdf2-sha256";
    private static final int ITERATIONS = 100_000;
    private static final int KEY_BITS = 256;
    private static final long REMEMBER_NANOS = 5L * 60 * 1_000_000_000;
    private static final int MAX_REMEMBERED = 10_000;

    private final Map<String, Hashed> users;
    private final Hashed nobody;
    private final byte[] cacheKey = new byte[32];
    private final Map<String, Long> verified = new ConcurrentHashMap<>();

    private record Hashed(int iterations, byte[] salt, byte[] hash) {
    }

    private QueryUsers(Map<String, Hashed> users) {
        this.users = Map.copyOf(users);
        SecureRandom random = new SecureRandom();
        random.nextBytes(cacheKey);
        byte[] salt = new byte[16];
        random.nextBytes(salt);
        this.nobody = new Hashed(ITERATIONS, salt, new byte[KEY_BITS / 8]);
    }

    /**
     * The users in {@code file}.
     *
     * @throws IllegalArgumentException naming the file and line that is malformed, or a file without users
     * @throws UncheckedIOException     when the file cannot be read
     */
    public static QueryUsers load(Path file) {
        Map<String, Hashed> users = new HashMap<>();
        CredentialFile.read(file, "users", parts -> {
            if (parts.length != 5 || parts[0].isEmpty() || !parts[1].equals(SCHEME)) {
                throw new IllegalArgumentException("expected name:" + SCHEME + ":ITERATIONS:SALT:HASH");
            }
            int iterations = Integer.parseInt(parts[2]);
            if (iterations < 10_000) {
                throw new IllegalArgumentException("at least 10000 iterations, was " + iterations);
            }
            users.put(parts[0], new Hashed(iterations, Base64.getDecoder().decode(parts[3]),
                    Base64.getDecoder().decode(parts[4])));
        });
        return new QueryUsers(users);
    }

    /** A line of the users file for {@code user} with {@code password}, hashed with a new random salt. */
    public static String line(String user, String password) {
        if (user == null || user.isEmpty() || user.contains(":")) {
            throw new IllegalArgumentException("a user name must be non-empty and hold no ':'");
        }
        if (password == null || password.isEmpty()) {
            throw new IllegalArgumentException("the password of '" + user + "' must not be empty");
        }
        byte[] salt = new byte[16];
        new SecureRandom().nextBytes(salt);
        return user + ":" + SCHEME + ":" + ITERATIONS + ":" + Base64.getEncoder().encodeToString(salt) + ":"
                + Base64.getEncoder().encodeToString(pbkdf2(password, salt, ITERATIONS));
    }

    /** Whether an {@code Authorization} header names a user of the file with the right password. */
    public boolean authenticate(String authorization) {
        return user(authorization).isPresent();
    }

    /** The user an {@code Authorization: Basic ...} header names, when the password is right. */
    public Optional<String> user(String authorization) {
        Optional<BasicCredentials> credentials = BasicCredentials.parse(authorization);
        String name = credentials.map(BasicCredentials::user).orElse("");
        String password = credentials.map(given -> given.password().value()).orElse("");
        if (name.isEmpty() || password.isEmpty()) {
            return Optional.empty();
        }
        String remembered = remembered(authorization);
        Long until = verified.get(remembered);
        if (until != null && until - System.nanoTime() > 0) {
            return Optional.of(name);
        }
        Hashed known = users.get(name);
        Hashed expected = known == null ? nobody : known;
        boolean matches = MessageDigest.isEqual(expected.hash(),
                pbkdf2(password, expected.salt(), expected.iterations()));
        if (matches && known != null) {
            if (verified.size() >= MAX_REMEMBERED) {
                verified.clear();
            }
            verified.put(remembered, System.nanoTime() + REMEMBER_NANOS);
            return Optional.of(name);
        }
        return Optional.empty();
    }

    private String remembered(String authorization) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(cacheKey, "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(authorization.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has HmacSHA256", e);
        }
    }

    private static byte[] pbkdf2(String password, byte[] salt, int iterations) {
        try {
            PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, KEY_BITS);
            try {
                return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
            } finally {
                spec.clearPassword();
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has PBKDF2WithHmacSHA256", e);
        }
    }

    @Override
    public String toString() {
        return "QueryUsers[" + users.size() + " user(s)]";
    }
}
