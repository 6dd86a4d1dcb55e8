package io.agentevents.streams.http;

import io.agentevents.schemas.connection.Secret;

import io.agentevents.schemas.EventType;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The parameters of one query-API request, decoded and checked: every malformed value is an
 * {@link IllegalArgumentException} whose message the API answers with a 400. Immutable.
 *
 * @param segments the decoded path segments ({@code /plans/p-1} is {@code [plans, p-1]})
 * @param query    the decoded query parameters, each given once
 */
record QueryParameters(List<String> segments, Map<String, String> query, Optional<Secret> authorization) {
    static final int MAX_ID_LENGTH = 256;
    static final Duration DEFAULT_WAIT = Duration.ofSeconds(5);
    static final Duration MAX_WAIT = Duration.ofSeconds(30);
    private static final int MAX_QUERY_LENGTH = 4_096;

    QueryParameters {
        segments = List.copyOf(segments);
        query = Map.copyOf(query);
        Objects.requireNonNull(authorization, "authorization");
    }

    QueryParameters(List<String> segments, Map<String, String> query) {
        this(segments, query, Optional.empty());
    }

    /** The same request with the {@code Authorization} header it came with (carried when forwarded). */
    QueryParameters withAuthorization(Optional<String> header) {
        return new QueryParameters(segments, query, header.map(Secret::of));
    }

    /** A request for another path, with no parameters, on behalf of the same caller. */
    QueryParameters forPath(List<String> otherSegments) {
        return new QueryParameters(otherSegments, Map.of(), authorization);
    }

    /** Decodes a raw (still encoded) path and query string. */
    static QueryParameters parse(String rawPath, String rawQuery) {
        List<String> segments = new ArrayList<>();
        for (String segment : rawPath.split("/")) {
            if (!segment.isEmpty()) {
                // a path keeps '+' literal (only a query string uses it for a space)
                segments.add(URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8));
            }
        }
        Map<String, String> query = new LinkedHashMap<>();
        if (rawQuery != null && !rawQuery.isEmpty()) {
            if (rawQuery.length() > MAX_QUERY_LENGTH) {
                throw new IllegalArgumentException("query string longer than " + MAX_QUERY_LENGTH + " characters");
            }
            for (String pair : rawQuery.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int equals = pair.indexOf('=');
                String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
                String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
                if (query.put(name, value) != null) {
                    throw new IllegalArgumentException("parameter '" + name + "' given twice");
                }
            }
        }
        QueryParameters parameters = new QueryParameters(segments, query);
        parameters.readWait(); // a malformed waitFor or waitMs is a 400 whatever the resource
        return parameters;
    }

    /** The same request with {@code name} set to {@code value} (e.g. the wait left, when forwarding). */
    QueryParameters with(String name, String value) {
        Map<String, String> next = new LinkedHashMap<>(query);
        next.put(name, value);
        return new QueryParameters(segments, next, authorization);
    }

    boolean has(String name) {
        return query.containsKey(name);
    }

    /** The read-your-write wait asked for with {@code waitFor} (and {@code waitMs}), if any. */
    Optional<ReadWait> readWait() {
        Duration timeout = waitTimeout(); // checked even without waitFor: a malformed parameter is a 400
        String spec = query.get("waitFor");
        if (spec == null) {
            return Optional.empty();
        }
        int colon = spec.lastIndexOf(':');
        if (colon <= 0 || !spec.substring(0, colon).matches("[a-zA-Z0-9._-]+-\\d+")) {
            throw new IllegalArgumentException("waitFor must be <topic>-<partition>:<offset>, e.g. events.plan-2:57, was '"
                    + spec + "'");
        }
        long offset;
        try {
            offset = Long.parseLong(spec.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("waitFor offset must be a number, was '" + spec.substring(colon + 1) + "'");
        }
        return Optional.of(new ReadWait(spec.substring(0, colon), offset, timeout));
    }

    private Duration waitTimeout() {
        if (!query.containsKey("waitMs")) {
            return DEFAULT_WAIT;
        }
        try {
            long millis = Long.parseLong(query.get("waitMs"));
            if (millis < 0 || millis > MAX_WAIT.toMillis()) {
                throw new NumberFormatException();
            }
            return Duration.ofMillis(millis);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("waitMs must be 0.." + MAX_WAIT.toMillis() + ", was '" + query.get("waitMs") + "'");
        }
    }

    /** A required parameter. */
    String required(String name) {
        String value = query.get(name);
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("parameter '" + name + "' is required");
        }
        return value;
    }

    /** An integer parameter within {@code min..max}; {@code fallback} when it is absent or empty. */
    int integer(String name, int fallback, int min, int max) {
        String value = query.get(name);
        if (value == null || value.isEmpty()) {
            return fallback;
        }
        try {
            int number = Integer.parseInt(value);
            if (number < min || number > max) {
                throw new NumberFormatException();
            }
            return number;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be " + min + ".." + max + ", was '" + value + "'");
        }
    }

    /** An id parameter: 1..256 characters, no control characters. */
    static String id(String name, String value) {
        if (value.isEmpty() || value.length() > MAX_ID_LENGTH) {
            throw new IllegalArgumentException(name + " must be 1.." + MAX_ID_LENGTH + " characters, was " + value.length());
        }
        if (value.chars().anyMatch(Character::isISOControl) || value.equals("..") || value.equals(".")) {
            throw new IllegalArgumentException(name + " contains characters an id cannot have");
        }
        return value;
    }

    Optional<Instant> instant(String name) {
        String value = query.get(name);
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(value));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(name + " must be an ISO-8601 instant such as 2026-01-02T03:04:05Z, was '"
                    + value + "'");
        }
    }

    /** An event type by wire name ({@code tool.invoked}) or symbol ({@code TOOL_INVOKED}), as every command takes it. */
    EventType eventType(String name) {
        return EventType.parse(required(name));
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /**
     * A request to wait until {@code partition} (a {@code topic-partition}) has been folded in up to
     * {@code offset}, for at most {@code timeout}.
     */
    record ReadWait(String partition, long offset, Duration timeout) {
        boolean satisfiedBy(Map<String, Long> offsets) {
            Long folded = offsets == null ? null : offsets.get(partition);
            return folded != null && folded >= offset;
        }
    }
}
