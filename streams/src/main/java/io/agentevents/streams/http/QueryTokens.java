package io.agentevents.streams.http;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The bearer tokens of the query API, from a file of lines {@code name:sha256:HASH} (the base64
 * SHA-256 digest of the token; {@code #} comments and blank lines ignored), as {@link #line} makes
 * them: the tokens themselves are not stored. A token is a random secret of at least
 * {@value #MIN_TOKEN_LENGTH} characters ({@link #newToken()} makes one of 43), so a plain digest is
 * enough to keep it (unlike a password, it cannot be guessed from a dictionary). Requests send it
 * as {@code Authorization: Bearer TOKEN}; the name is who the request is from. Every presented
 * token is compared with every known digest in constant time. Immutable and thread-safe.
 */
public final class QueryTokens {
    /** The shortest token accepted. */
    public static final int MIN_TOKEN_LENGTH = 32;
    private static final String SCHEME = "sha256";

    private record Entry(String name, byte[] digest) {
    }

    private final List<Entry> entries;

    private QueryTokens(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    /**
     * The tokens in {@code file}.
     *
     * @throws IllegalArgumentException naming the file and line that is malformed, or a file without tokens
     * @throws UncheckedIOException     when the file cannot be read
     */
    public static QueryTokens load(Path file) {
        List<Entry> entries = new ArrayList<>();
        Set<String> names = new HashSet<>();
        CredentialFile.read(file, "tokens", parts -> {
            if (parts.length != 3 || parts[0].isEmpty() || !parts[1].equals(SCHEME)) {
                throw new IllegalArgumentException("expected name:" + SCHEME + ":HASH");
            }
            byte[] digest = Base64.getDecoder().decode(parts[2]);
            if (digest.length != 32) {
                throw new IllegalArgumentException("the hash must be a base64 SHA-256 digest (32 bytes)");
            }
            if (!names.add(parts[0])) {
                throw new IllegalArgumentException("a second token named '" + parts[0] + "'");
            }
            entries.add(new Entry(parts[0], digest));
        });
        return new QueryTokens(entries);
    }

    /** A new random token: 32 random bytes, base64url (43 characters). */
    public static String newToken() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /**
     * A line of the tokens file for {@code token} named {@code name}.
     *
     * @throws IllegalArgumentException when the name is empty or holds {@code :}, or the token is
     *                                  shorter than {@value #MIN_TOKEN_LENGTH} characters or holds whitespace
     */
    public static String line(String name, String token) {
        if (name == null || name.isEmpty() || name.contains(":")) {
            throw new IllegalArgumentException("a token name must be non-empty and hold no ':'");
        }
        if (token == null || token.length() < MIN_TOKEN_LENGTH || token.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("the token of '" + name + "' must be at least " + MIN_TOKEN_LENGTH
                    + " characters without whitespace (QueryTokens.newToken() makes one)");
        }
        return name + ":" + SCHEME + ":" + Base64.getEncoder().encodeToString(sha256(token));
    }

    /** The name of the token an {@code Authorization: Bearer ...} header carries, if it is one of this file. */
    public Optional<String> name(String authorization) {
        if (authorization == null || authorization.length() < 8
                || !authorization.substring(0, 7).toLowerCase(Locale.ROOT).equals("bearer ")) {
            return Optional.empty();
        }
        byte[] presented = sha256(authorization.substring(7).strip());
        String found = null;
        for (Entry entry : entries) {
            if (MessageDigest.isEqual(entry.digest(), presented) && found == null) {
                found = entry.name();
            }
        }
        return Optional.ofNullable(found);
    }

    private static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** The number of tokens, never their names' secrets. */
    @Override
    public String toString() {
        return "QueryTokens[" + entries.size() + " token(s)]";
    }
}
