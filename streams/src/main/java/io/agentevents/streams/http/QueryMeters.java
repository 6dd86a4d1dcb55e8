package io.agentevents.streams.http;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The query API's request meter: {@code eventbus.query.requests}, a timer per route and status
 * (the route is the path's shape, e.g. {@code /plans/{planId}}, so that ids never become tags).
 * Thread-safe.
 */
final class QueryMeters {
    static final String REQUESTS = "eventbus.query.requests";
    /** Meters of no registry: nothing recorded. */
    static final QueryMeters NONE = new QueryMeters(null);

    private final MeterRegistry registry;

    QueryMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Records one answered request. */
    void answered(String rawPath, int status, long startedNanos) {
        if (registry == null) {
            return;
        }
        Timer.builder(REQUESTS).description("Requests answered by the query API, by route and status")
                .tag("route", route(rawPath)).tag("status", Integer.toString(status))
                .serviceLevelObjectives(Duration.ofMillis(10), Duration.ofMillis(100), Duration.ofSeconds(1))
                .register(registry)
                .record(System.nanoTime() - startedNanos, TimeUnit.NANOSECONDS);
    }

    /** The shape of a console path: its page, its stream, or its JSON resource (ids left out). */
    private static String consoleRoute(List<String> segments) {
        if (segments.size() == 2 && !segments.get(1).equals("api")) {
            return "/console/" + (segments.get(1).equals("events") ? "events" : "assets");
        }
        if (segments.size() >= 3 && segments.get(1).equals("api")) {
            return switch (segments.get(2)) {
                case "roots", "plan-states", "audit", "rates", "health", "events" -> segments.size() == 3 ? "/console/api/" + segments.get(2) : "other";
                case "dead-letters" -> segments.size() == 3 ? "/console/api/dead-letters"
                        : segments.size() == 6 ? "/console/api/dead-letters/{position}"
                        : segments.size() == 7 ? "/console/api/dead-letters/{position}/replay" : "other";
                default -> "other";
            };
        }
        return segments.size() == 1 ? "/console" : "other";
    }

    /** The shape of a path: the API's route it asked for, {@code other} for anything else. */
    static String route(String rawPath) {
        if (rawPath == null) {
            return "other";
        }
        List<String> segments = java.util.Arrays.stream(rawPath.split("/")).filter(part -> !part.isEmpty()).toList();
        if (segments.isEmpty()) {
            return "/";
        }
        String first = segments.get(0);
        return switch (first) {
            case "plans" -> segments.size() == 1 ? "/plans" : segments.size() == 2 ? "/plans/{planId}" : "other";
            case "audit" -> segments.size() == 1 ? "/audit" : segments.size() == 2 ? "/audit/{correlationId}" : "other";
            case "rates", "health", "metrics" -> segments.size() == 1 ? "/" + first : "other";
            case "console" -> consoleRoute(segments);
            default -> "other";
        };
    }
}
