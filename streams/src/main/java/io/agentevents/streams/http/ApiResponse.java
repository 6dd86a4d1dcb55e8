package io.agentevents.streams.http;

import java.time.Duration;
import java.util.Map;

/**
 * One answer of the query API: a status, a JSON body (or, for {@code /metrics}, a {@link Text}) and
 * extra headers.
 *
 * @param status  HTTP status
 * @param body    object written as JSON, or a {@link Text} written as it is
 * @param headers extra response headers (e.g. {@code Retry-After})
 */
record ApiResponse(int status, Object body, Map<String, String> headers) {

    /** A body sent as it is, with its own content type (not JSON). */
    record Text(String contentType, String text) {
    }

    static ApiResponse text(String contentType, String text) {
        return new ApiResponse(200, new Text(contentType, text), Map.of());
    }

    static ApiResponse ok(Object body) {
        return new ApiResponse(200, body, Map.of());
    }

    static ApiResponse error(int status, String message) {
        return new ApiResponse(status, Map.of("error", message, "status", status), Map.of());
    }

    /** 401 with the basic-auth challenge of {@link QueryUsers}: the request did not authenticate. */
    static ApiResponse unauthorized() {
        return unauthorized(QueryUsers.CHALLENGE);
    }

    /** 401 with this {@code WWW-Authenticate} challenge: the request did not authenticate. */
    static ApiResponse unauthorized(String challenge) {
        return new ApiResponse(401, Map.of("error", "authentication required", "status", 401),
                Map.of("WWW-Authenticate", challenge));
    }

    /** 429 with a {@code Retry-After} of {@code wait} rounded up to whole seconds: the client's rate is over the limit. */
    static ApiResponse tooManyRequests(Duration wait) {
        long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
        return new ApiResponse(429, Map.of("error", "too many requests; retry in " + seconds + " s", "status", 429),
                Map.of("Retry-After", Long.toString(seconds)));
    }

    /** 503 with a {@code Retry-After} hint: the store is not queryable yet (starting, rebalancing). */
    static ApiResponse notReady(String message) {
        return notReady(message, 1);
    }

    /** 503 with {@code Retry-After: retryAfterSeconds}: this instance cannot answer now. */
    static ApiResponse notReady(String message, int retryAfterSeconds) {
        return new ApiResponse(503, Map.of("error", message, "status", 503),
                Map.of("Retry-After", Integer.toString(retryAfterSeconds)));
    }
}
