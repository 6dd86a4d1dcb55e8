package io.agentevents.streams.http;

import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Who may use the query API: the users of a {@link QueryUsers} file (HTTP basic) and the tokens of a
 * {@link QueryTokens} file ({@code Authorization: Bearer ...}). With neither, the API is open; with
 * either, every request must authenticate with one of them. Immutable and thread-safe (both parts are).
 *
 * @param users  the users file, if configured
 * @param tokens the tokens file, if configured
 */
public record QueryAccess(Optional<QueryUsers> users, Optional<QueryTokens> tokens) {
    /** The realm named in the challenges. */
    public static final String REALM = "eventbus query API";
    /** The Bearer challenge of {@code WWW-Authenticate}. */
    public static final String BEARER_CHALLENGE = "Bearer realm=\"" + REALM + "\"";

    /** Checks the fields. */
    public QueryAccess {
        Objects.requireNonNull(users, "users");
        Objects.requireNonNull(tokens, "tokens");
    }

    /** An open API: no users, no tokens. */
    public static QueryAccess open() {
        return new QueryAccess(Optional.empty(), Optional.empty());
    }

    /** Whether every request must authenticate. */
    public boolean required() {
        return users.isPresent() || tokens.isPresent();
    }

    /**
     * Who an {@code Authorization} header authenticates: the user's or the token's name; empty when
     * it authenticates no one (or when the API is open).
     */
    public Optional<String> principal(String authorization) {
        if (authorization == null) {
            return Optional.empty();
        }
        Optional<String> user = users.flatMap(known -> known.user(authorization));
        return user.isPresent() ? user : tokens.flatMap(known -> known.name(authorization));
    }

    /** The {@code WWW-Authenticate} value of a 401: a challenge for each scheme configured. */
    public String challenge() {
        return Stream.of(users.map(u -> QueryUsers.CHALLENGE), tokens.map(t -> BEARER_CHALLENGE))
                .flatMap(Optional::stream).collect(Collectors.joining(", "));
    }
}
