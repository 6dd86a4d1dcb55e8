package io.agentevents.streams.http;

/**
 * The query API's rate limit: how many requests a second each client may send (a burst of one
 * second's worth, then that rate), counted per authenticated user or per client address. Immutable.
 *
 * @param requestsPerSecond requests a second per client; 0 = no limit
 * @param perUser           count per authenticated user (a user's or a token's name; unauthenticated
 *                          requests per address); false = per client address
 */
public record QueryLimits(int requestsPerSecond, boolean perUser) {
    /** No rate limit. */
    public static final QueryLimits NONE = new QueryLimits(0, false);

    /** Checks the rate. */
    public QueryLimits {
        if (requestsPerSecond < 0) {
            throw new IllegalArgumentException("requestsPerSecond must not be negative, was " + requestsPerSecond);
        }
    }
}
