package io.agentevents.streams.http;

import io.agentevents.streams.topology.ProjectionErrorCounter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentevents.schemas.EventType;
import io.agentevents.streams.model.AuditTrail;
import io.agentevents.streams.model.PlanFold;
import io.agentevents.streams.model.PlanIndex;
import io.agentevents.streams.model.PlanState;
import io.agentevents.streams.model.RateWindow;
import io.agentevents.streams.topology.ProjectionStores;
import io.agentevents.streams.store.PlanIndexStore;
import io.agentevents.streams.store.TrailStore;
import io.agentevents.schemas.DomainEvent;

import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.utils.Bytes;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;

/**
 * Answers the query API from the local state stores, or from the instance that owns the key (found
 * through the Kafka Streams metadata). Every answer about a plan or a trail carries the input
 * offsets it reflects ({@code "offsets": {"events.plan-2": 57}}); a request may add
 * {@code waitFor=events.plan-2:57} (and {@code waitMs}, at most 30 s) to wait until that offset is
 * folded in, so an emitter can read its own write. Thread-safe.
 */
public final class ProjectionQueries {
    private static final int MAX_ID_LENGTH = 256;
    private static final Duration DEFAULT_WAIT = Duration.ofSeconds(5);
    private static final Duration MAX_WAIT = Duration.ofSeconds(30);
    private static final Duration MAX_RATE_RANGE = Duration.ofDays(7);
    private static final long WAIT_STEP_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    private static final long NOT_READY_RETRY_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

    private final KafkaStreams streams;
    private final HostInfo self;
    private final Duration rateWindow;
    private final ProjectionErrorCounter skipped;
    private final java.util.function.Supplier<java.util.Set<String>> waitingForTopics;
    private final TrailStore.EventReader events;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ObjectMapper json = new ObjectMapper();

    /**
     * @param events reads the events kept in the audit stores (as written to the domain topics), e.g. the
     *               application's registry-backed event deserializer
     */
    public ProjectionQueries(KafkaStreams streams, String advertisedHost, int port, Duration rateWindow,
                             ProjectionErrorCounter skipped, java.util.function.Supplier<java.util.Set<String>> waitingForTopics,
                             Deserializer<DomainEvent> events) {
        this.streams = streams;
        this.events = events::deserialize;
        this.waitingForTopics = waitingForTopics;
        this.skipped = skipped;
        this.self = new HostInfo(advertisedHost, port);
        this.rateWindow = rateWindow;
    }

    /** The answer to one GET, from its raw (still encoded) path and query. */
    ApiResponse answer(String rawPath, String rawQuery) {
        Map<String, String> query;
        try {
            query = parseQuery(rawQuery);
        } catch (IllegalArgumentException e) {
            return ApiResponse.error(400, e.getMessage());
        }
        Optional<Wait> wait;
        try {
            wait = Wait.parse(query);
        } catch (IllegalArgumentException e) {
            return ApiResponse.error(400, e.getMessage());
        }
        ApiResponse response = answerOnce(rawPath, query);
        if (wait.isEmpty() || response.status() != 503) {
            return response;
        }
        // a reader waiting for its own write waits through a start or a rebalance too
        long deadline = System.nanoTime() + wait.get().timeout().toNanos();
        while (response.status() == 503 && System.nanoTime() - deadline < 0) {
            LockSupport.parkNanos(NOT_READY_RETRY_NANOS);
            Map<String, String> remaining = new LinkedHashMap<>(query);
            remaining.put("waitMs", Long.toString(Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()))));
            response = answerOnce(rawPath, remaining);
        }
        return response;
    }

    private ApiResponse answerOnce(String rawPath, Map<String, String> query) {
        List<String> segments = new ArrayList<>();
        for (String segment : rawPath.split("/")) {
            if (!segment.isEmpty()) {
                // a path keeps '+' literal (only a query string uses it for a space)
                segments.add(URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8));
            }
        }
        try {
            if (segments.equals(List.of("health"))) {
                return health();
            }
            if (segments.size() == 2 && segments.get(0).equals("plans")) {
                return plan(id("planId", segments.get(1)), query);
            }
            if (segments.equals(List.of("plans"))) {
                return plansOfRoot(id("rootPlanId", required(query, "rootPlanId")), query);
            }
            if (segments.size() == 2 && segments.get(0).equals("audit")) {
                return trail(ProjectionStores.AUDIT_BY_CORRELATION, "correlationId", id("correlationId", segments.get(1)), query);
            }
            if (segments.equals(List.of("audit"))) {
                return trail(ProjectionStores.AUDIT_BY_PLAN, "planId", id("planId", required(query, "planId")), query);
            }
            if (segments.equals(List.of("rates"))) {
                return rates(query);
            }
            return ApiResponse.error(404, "no such resource " + rawPath
                    + "; try /plans/{planId}, /plans?rootPlanId=, /audit/{correlationId}, /audit?planId=, /rates?type=, /health");
        } catch (IllegalArgumentException e) {
            return ApiResponse.error(400, e.getMessage());
        } catch (InvalidStateStoreException e) {
            return ApiResponse.notReady("the projections are not queryable right now (" + streams.state() + "); retry shortly");
        }
    }

    private ApiResponse health() {
        KafkaStreams.State state = streams.state();
        java.util.Set<String> missing = waitingForTopics.get();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", !missing.isEmpty() ? "WAITING_FOR_TOPICS" : switch (state) {
            case RUNNING -> "RUNNING";
            case REBALANCING, CREATED -> "REBALANCING";
            case ERROR, PENDING_ERROR -> "ERROR";
            default -> state.name();
        });
        if (!missing.isEmpty()) {
            body.put("waitingForTopics", missing);
        }
        body.put("streamsState", state.name());
        body.put("instance", self.host() + ":" + self.port());
        body.put("skipped", skipped.snapshot());
        return new ApiResponse(state == KafkaStreams.State.RUNNING ? 200 : 503, body,
                state == KafkaStreams.State.RUNNING ? Map.of() : Map.of("Retry-After", "1"));
    }

    private ApiResponse plan(String planId, Map<String, String> query) {
        Optional<Wait> wait = Wait.parse(query);
        return owned(ProjectionStores.PLAN_STATE, planId, "/plans/" + encode(planId), query, () -> {
            ReadOnlyKeyValueStore<String, PlanFold> store = keyValueStore(ProjectionStores.PLAN_STATE);
            PlanState state = awaitValue(() -> Optional.ofNullable(store.get(planId)).map(PlanFold::state),
                    wait, PlanState::inputOffsets).orElse(null);
            if (state == null) {
                return ApiResponse.error(404, "no plan '" + planId + "' (no event with this plan id has been folded in)");
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("plan", state);
            body.put("offsets", state.inputOffsets());
            body.put("servedBy", self.host() + ":" + self.port());
            wait.ifPresent(w -> body.put("caughtUp", w.satisfiedBy(state.inputOffsets())));
            return ApiResponse.ok(body);
        });
    }

    private ApiResponse plansOfRoot(String rootPlanId, Map<String, String> query) {
        return owned(ProjectionStores.PLANS_BY_ROOT, rootPlanId, "/plans", query, () -> {
            PlanIndex index = PlanIndexStore.read(this.<Bytes, byte[]>keyValueStore(ProjectionStores.PLANS_BY_ROOT),
                    rootPlanId).orElse(null);
            if (index == null) {
                return ApiResponse.error(404, "no plans under root plan '" + rootPlanId + "'");
            }
            List<Object> plans = new ArrayList<>();
            for (String planId : index.planIds().stream().sorted().toList()) {
                ApiResponse one = plan(planId, Map.of());
                if (one.status() == 200) {
                    plans.add(one.body() instanceof Map<?, ?> map ? map.get("plan") : ((JsonNode) one.body()).get("plan"));
                } else if (one.status() != 404) {
                    return one;
                }
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("rootPlanId", rootPlanId);
            body.put("plans", plans);
            return ApiResponse.ok(body);
        });
    }

    private ApiResponse trail(String storeName, String keyName, String key, Map<String, String> query) {
        Optional<Wait> wait = Wait.parse(query);
        String path = storeName.equals(ProjectionStores.AUDIT_BY_CORRELATION) ? "/audit/" + encode(key) : "/audit";
        return owned(storeName, key, path, query, () -> {
            ReadOnlyKeyValueStore<Bytes, byte[]> store = keyValueStore(storeName);
            ReadOnlyKeyValueStore<Bytes, byte[]> heads = keyValueStore(ProjectionStores.AUDIT_HEADS);
            byte kind = storeName.equals(ProjectionStores.AUDIT_BY_CORRELATION) ? TrailStore.CORRELATION_TRAILS
                    : TrailStore.PLAN_TRAILS;
            awaitValue(() -> TrailStore.offsets(heads, kind, key), wait, Function.identity());
            AuditTrail trail = TrailStore.read(store, heads, kind, key, events).orElse(null);
            if (trail == null) {
                return ApiResponse.error(404, "no audit trail for " + keyName + " '" + key + "'");
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put(keyName, key);
            body.put("entries", trail.entries());
            body.put("dropped", trail.dropped());
            body.put("offsets", trail.inputOffsets());
            body.put("servedBy", self.host() + ":" + self.port());
            wait.ifPresent(w -> body.put("caughtUp", w.satisfiedBy(trail.inputOffsets())));
            return ApiResponse.ok(body);
        });
    }

    private ApiResponse rates(Map<String, String> query) {
        String typeName = required(query, "type");
        EventType type = EventType.fromWireName(typeName).filter(EventType::isKnown)
                .orElseThrow(() -> new IllegalArgumentException("unknown event type '" + typeName + "'"));
        Instant to = instant(query, "to").orElse(Instant.now());
        Instant from = instant(query, "from").orElse(to.minus(Duration.ofHours(1)));
        if (from.isAfter(to)) {
            throw new IllegalArgumentException("from (" + from + ") is after to (" + to + ")");
        }
        if (Duration.between(from, to).compareTo(MAX_RATE_RANGE) > 0) {
            throw new IllegalArgumentException("from..to spans more than " + MAX_RATE_RANGE.toDays() + " days");
        }
        return owned(ProjectionStores.EVENT_RATES, type.wireName(), "/rates", query, () -> {
            ReadOnlyWindowStore<String, Long> store = streams.store(StoreQueryParameters.fromNameAndType(
                    ProjectionStores.EVENT_RATES, QueryableStoreTypes.windowStore()));
            List<RateWindow> windows = new ArrayList<>();
            try (WindowStoreIterator<Long> iterator = store.fetch(type.wireName(), from, to)) {
                while (iterator.hasNext()) {
                    var next = iterator.next();
                    Instant start = Instant.ofEpochMilli(next.key);
                    windows.add(new RateWindow(type.wireName(), start, start.plus(rateWindow), next.value));
                }
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("type", type.wireName());
            body.put("from", from.toString());
            body.put("to", to.toString());
            body.put("windows", windows);
            return ApiResponse.ok(body);
        });
    }

    /** Answers from here when this instance owns the key, else asks the owner. */
    private ApiResponse owned(String storeName, String key, String path, Map<String, String> query,
                              java.util.function.Supplier<ApiResponse> local) {
        KeyQueryMetadata metadata = streams.queryMetadataForKey(storeName, key, Serdes.String().serializer());
        if (metadata == null || metadata.equals(KeyQueryMetadata.NOT_AVAILABLE)) {
            return ApiResponse.notReady("the owner of " + storeName + " key '" + key + "' is not known yet ("
                    + streams.state() + "); retry shortly");
        }
        HostInfo owner = metadata.activeHost();
        if (owner.equals(self)) {
            return local.get();
        }
        if (query.containsKey("forwarded")) {
            return ApiResponse.notReady("key '" + key + "' is moving between instances; retry shortly");
        }
        return forward(owner, path, query);
    }

    private ApiResponse forward(HostInfo owner, String path, Map<String, String> query) {
        StringBuilder uri = new StringBuilder("http://").append(owner.host()).append(':').append(owner.port()).append(path)
                .append("?forwarded=1");
        query.forEach((name, value) -> uri.append('&').append(encode(name)).append('=').append(encode(value)));
        try {
            HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(URI.create(uri.toString()))
                    .timeout(MAX_WAIT.plusSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
            Map<String, String> headers = new HashMap<>();
            response.headers().firstValue("Retry-After").ifPresent(value -> headers.put("Retry-After", value));
            return new ApiResponse(response.statusCode(), json.readTree(response.body()), headers);
        } catch (IOException e) {
            return ApiResponse.notReady("the owning instance " + owner.host() + ":" + owner.port()
                    + " did not answer (" + e.getMessage() + "); retry shortly");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ApiResponse.notReady("interrupted while asking " + owner.host() + ":" + owner.port());
        }
    }

    private <K, V> ReadOnlyKeyValueStore<K, V> keyValueStore(String name) {
        return streams.store(StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.keyValueStore()));
    }

    /** Reads a value, waiting (bounded) until it reflects the requested input offset when asked. */
    private static <T> Optional<T> awaitValue(java.util.function.Supplier<Optional<T>> read, Optional<Wait> wait,
                                              Function<T, Map<String, Long>> offsets) {
        Optional<T> value = read.get();
        if (wait.isEmpty()) {
            return value;
        }
        long deadline = System.nanoTime() + wait.get().timeout().toNanos();
        while (value.map(v -> !wait.get().satisfiedBy(offsets.apply(v))).orElse(true) && System.nanoTime() < deadline) {
            LockSupport.parkNanos(WAIT_STEP_NANOS);
            value = read.get();
        }
        return value;
    }

    /** A request to wait until {@code topic-partition} has been folded in up to {@code offset}. */
    private record Wait(String partition, long offset, Duration timeout) {
        static Optional<Wait> parse(Map<String, String> query) {
            Duration timeout = timeout(query); // checked even without waitFor: a malformed parameter is a 400
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
            return Optional.of(new Wait(spec.substring(0, colon), offset, timeout));
        }

        private static Duration timeout(Map<String, String> query) {
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

        boolean satisfiedBy(Map<String, Long> offsets) {
            Long folded = offsets == null ? null : offsets.get(partition);
            return folded != null && folded >= offset;
        }
    }

    private static Map<String, String> parseQuery(String rawQuery) {
        Map<String, String> query = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return query;
        }
        if (rawQuery.length() > 4_096) {
            throw new IllegalArgumentException("query string longer than 4096 characters");
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
        return query;
    }

    private static String required(Map<String, String> query, String name) {
        String value = query.get(name);
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("parameter '" + name + "' is required");
        }
        return value;
    }

    private static Optional<Instant> instant(Map<String, String> query, String name) {
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

    /** Checks an id from the path or query: 1..256 characters, no control characters. */
    private static String id(String name, String value) {
        if (value.isEmpty() || value.length() > MAX_ID_LENGTH) {
            throw new IllegalArgumentException(name + " must be 1.." + MAX_ID_LENGTH + " characters, was " + value.length());
        }
        if (value.chars().anyMatch(Character::isISOControl) || value.equals("..") || value.equals(".")) {
            throw new IllegalArgumentException(name + " contains characters an id cannot have");
        }
        return value;
    }

    private static String encode(String value) {
        return java.net.URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
