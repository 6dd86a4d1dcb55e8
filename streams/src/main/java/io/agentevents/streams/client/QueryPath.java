package io.agentevents.streams.client;

import io.agentevents.schemas.EventType;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One GET of the query API: the resource's path and query, encoded as the API decodes them (a
 * space as {@code %20}, since a path keeps {@code +} literal). Immutable.
 *
 * @param value the path and query, e.g. {@code /plans/p-1} or {@code /audit?planId=p-1}
 */
public record QueryPath(String value) {

    /** Requires a path starting with {@code /}. */
    public QueryPath {
        Objects.requireNonNull(value, "value");
        if (!value.startsWith("/")) {
            throw new IllegalArgumentException("a query path starts with '/', was '" + value + "'");
        }
    }

    /** {@code GET /plans/{planId}}: one plan's state. */
    public static QueryPath plan(String planId) {
        return new QueryPath("/plans/" + encode(planId));
    }

    /** {@code GET /plans?rootPlanId=}: every plan of a tree. */
    public static QueryPath plansOfRoot(String rootPlanId) {
        return new QueryPath("/plans?rootPlanId=" + encode(rootPlanId));
    }

    /** {@code GET /audit/{correlationId}}: the trail of a correlation id. */
    public static QueryPath auditOfCorrelation(String correlationId) {
        return new QueryPath("/audit/" + encode(correlationId));
    }

    /** {@code GET /audit?planId=}: the trail of a plan's own events. */
    public static QueryPath auditOfPlan(String planId) {
        return new QueryPath("/audit?planId=" + encode(planId));
    }

    /** {@code GET /rates?type=&from=&to=}: counts per one-minute window; null bounds take the API's defaults. */
    public static QueryPath rates(EventType type, Instant from, Instant to) {
        StringBuilder path = new StringBuilder("/rates?type=").append(encode(Objects.requireNonNull(type, "type").wireName()));
        if (from != null) {
            path.append("&from=").append(encode(from.toString()));
        }
        if (to != null) {
            path.append("&to=").append(encode(to.toString()));
        }
        return new QueryPath(path.toString());
    }

    /** {@code GET /health}. */
    public static QueryPath health() {
        return new QueryPath("/health");
    }

    /**
     * This request reading its own write: the answer waits (at most {@code maxWait}, up to 30 s) until
     * {@code position} ({@code <topic>-<partition>:<offset>}, e.g. {@code events.plan-2:57}) is folded
     * in. The API checks the position (a malformed one is a 400).
     */
    public QueryPath waitingFor(String position, Duration maxWait) {
        Objects.requireNonNull(position, "position");
        return new QueryPath(value + (value.contains("?") ? "&" : "?") + "waitFor=" + encode(position)
                + "&waitMs=" + maxWait.toMillis());
    }

    /** {@code value} percent-encoded for a path segment or a query parameter. */
    static String encode(String value) {
        return URLEncoder.encode(Objects.requireNonNull(value, "id"), StandardCharsets.UTF_8).replace("+", "%20");
    }

    @Override
    public String toString() {
        return value;
    }
}
