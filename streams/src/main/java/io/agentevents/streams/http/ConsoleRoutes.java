package io.agentevents.streams.http;

import io.agentevents.schemas.EventType;
import io.agentevents.schemas.Redactor;
import io.agentevents.streams.console.DeadLetterDesk;
import io.agentevents.streams.console.DeadLetterView;
import io.agentevents.streams.model.JsonSerdes;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.InvalidStateStoreException;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The web console's side of the query API's server: its page and assets at {@code /} and
 * {@code /console/*}, and the JSON the page reads under {@code /console/api/}: root-plan summaries
 * ({@link ConsolePlans}), a plan's audit trail with secrets masked ({@link Redactor#defaults()}), the
 * rates of every type, the health with the input lag, and the dead letters (list, show, replay
 * through the {@link DeadLetterDesk}, when one is plugged in). The live stream itself is
 * {@link ConsoleStream}. Only a replay changes anything: it is a POST carrying
 * {@value #CONFIRM_HEADER}{@code : replay} (a header no other site can make a browser send), by a
 * caller the desk lets replay (403 otherwise). Thread-safe.
 */
final class ConsoleRoutes {
    /** The header a replay must carry, with the value {@code replay}. */
    static final String CONFIRM_HEADER = "X-Eventbus-Confirm";
    private static final String ASSETS = "/io/agentevents/streams/console/";
    private static final Map<String, String> PAGE_HEADERS = Map.of(
            "Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self';"
                    + " connect-src 'self'; frame-ancestors 'none'",
            "X-Content-Type-Options", "nosniff",
            "Cache-Control", "no-cache");
    private static final Duration RATES_SPAN = Duration.ofMinutes(15);
    private static final int DEFAULT_LETTERS = 100;
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() { };

    private final QueryRoutes routes;
    private final ConsolePlans plans;
    private final KafkaStreams streams;
    private final Supplier<ApiResponse> health;
    private final Optional<DeadLetterDesk> desk;
    private final Supplier<List<Object>> recentEvents;
    private final ObjectMapper json = JsonSerdes.objectMapper();
    private final Map<String, ApiResponse> assets = new LinkedHashMap<>();
    private final ExecutorService deskCalls = Executors.newFixedThreadPool(2, runnable -> {
        Thread thread = new Thread(runnable, "console-dead-letters");
        thread.setDaemon(true);
        return thread;
    });

    ConsoleRoutes(QueryRoutes routes, ConsolePlans plans, KafkaStreams streams, Supplier<ApiResponse> health,
                  Optional<DeadLetterDesk> desk, Supplier<List<Object>> recentEvents) {
        this.recentEvents = recentEvents;
        this.routes = routes;
        this.plans = plans;
        this.streams = streams;
        this.health = health;
        this.desk = desk;
        assets.put("/", asset("index.html", "text/html; charset=utf-8"));
        assets.put("/console/console.js", asset("console.js", "text/javascript; charset=utf-8"));
        assets.put("/console/console.css", asset("console.css", "text/css; charset=utf-8"));
    }

    /** Whether a path is the console's. */
    static boolean handles(String rawPath) {
        return rawPath.equals("/") || rawPath.equals("/console") || rawPath.startsWith("/console/");
    }

    /**
     * The answer to one request of the console.
     *
     * @param principal who authenticated; empty when the server asks for no authentication
     * @param confirm   the {@value #CONFIRM_HEADER} header, if sent
     */
    CompletableFuture<ApiResponse> answer(String method, String rawPath, String rawQuery, Optional<String> authorization,
                                          Optional<String> principal, Optional<String> confirm) {
        QueryParameters parameters;
        try {
            parameters = QueryParameters.parse(rawPath, rawQuery).withAuthorization(authorization);
        } catch (IllegalArgumentException e) {
            return done(ApiResponse.error(400, e.getMessage()));
        }
        List<String> path = parameters.segments();
        boolean replay = path.size() == 7 && path.get(2).equals("dead-letters") && path.get(6).equals("replay");
        if (!method.equals(replay ? "POST" : "GET")) {
            return done(new ApiResponse(405, Map.of("error", "method " + method + " not allowed here; use "
                    + (replay ? "POST" : "GET"), "status", 405), Map.of("Allow", replay ? "POST" : "GET")));
        }
        try {
            ApiResponse asset = assets.get(rawPath.equals("/console") ? "/" : rawPath);
            if (asset != null) {
                return done(asset);
            }
            if (path.size() < 3 || !path.get(1).equals("api")) {
                return done(ApiResponse.error(404, "no such console page " + rawPath + "; the console is at /"));
            }
            return switch (path.get(2)) {
                case "roots" -> plans.roots(parameters);
                case "plan-states" -> done(plans.local());
                case "audit" -> routes.answer("/audit", rawQuery, authorization).thenApply(this::masked);
                case "rates" -> done(ApiResponse.ok(rates()));
                case "health" -> done(healthWithLag());
                case "events" -> done(ApiResponse.ok(Map.of("events", recentEvents.get())));
                case "dead-letters" -> CompletableFuture.supplyAsync(() -> deskAnswer(path, parameters, principal, confirm),
                        deskCalls);
                default -> done(ApiResponse.error(404, "no such console resource " + rawPath));
            };
        } catch (IllegalArgumentException e) {
            return done(ApiResponse.error(400, e.getMessage()));
        } catch (InvalidStateStoreException e) {
            return done(ApiResponse.notReady("the projections are catching up (" + streams.state() + "); retry shortly"));
        }
    }

    /** The health answer with the projections' input lag: {@code status} 200 when RUNNING, 503 otherwise. */
    ApiResponse healthWithLag() {
        ApiResponse now = health.get();
        Map<String, Object> body = new LinkedHashMap<>(json.convertValue(now.body(), MAP));
        long inputLag = 0;
        long internalLag = 0;
        for (Map.Entry<MetricName, ? extends Metric> metric : streams.metrics().entrySet()) {
            MetricName name = metric.getKey();
            String topic = name.tags().get("topic");
            String client = name.tags().getOrDefault("client-id", "");
            if (!name.name().equals("records-lag") || topic == null || client.contains("restore-consumer")
                    || !(metric.getValue().metricValue() instanceof Double lag) || lag.isNaN()) {
                continue;
            }
            if (topic.endsWith("-repartition")) {
                internalLag += lag.longValue();
            } else {
                inputLag += lag.longValue();
            }
        }
        body.put("lag", inputLag);
        body.put("internalLag", internalLag);
        body.put("httpStatus", now.status());
        return new ApiResponse(now.status(), body, now.headers());
    }

    /** Every type's counts per window over the last {@link #RATES_SPAN}, the types without any left out. */
    Map<String, Object> rates() {
        Instant to = Instant.now();
        Instant from = to.minus(RATES_SPAN);
        Map<EventType, CompletableFuture<ApiResponse>> answers = new LinkedHashMap<>();
        for (EventType type : EventType.values()) {
            if (type != EventType.UNKNOWN) {
                answers.put(type, routes.answer("/rates", "type=" + type.wireName() + "&from=" + from + "&to=" + to,
                        Optional.empty()));
            }
        }
        List<Map<String, Object>> types = new ArrayList<>();
        boolean complete = true;
        for (Map.Entry<EventType, CompletableFuture<ApiResponse>> answer : answers.entrySet()) {
            try {
                ApiResponse response = answer.getValue().get(5, TimeUnit.SECONDS);
                if (response.status() != 200) {
                    complete = false;
                    continue;
                }
                Map<String, Object> body = json.convertValue(response.body(), MAP);
                if (body.get("windows") instanceof List<?> windows && !windows.isEmpty()) {
                    types.add(Map.of("type", answer.getKey().wireName(), "windows", windows));
                }
            } catch (Exception e) {
                complete = false;
            }
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("from", from.toString());
        body.put("to", to.toString());
        body.put("complete", complete);
        body.put("types", types);
        return body;
    }

    private ApiResponse masked(ApiResponse trail) {
        if (trail.status() != 200) {
            return trail;
        }
        Map<String, Object> body = json.convertValue(trail.body(), MAP);
        if (body.get("entries") instanceof List<?> entries) {
            List<Object> masked = new ArrayList<>(entries.size());
            for (Object entry : entries) {
                Map<String, Object> copy = new LinkedHashMap<>(json.convertValue(entry, MAP));
                if (copy.get("event") instanceof Map<?, ?>) {
                    copy.put("event", Redactor.defaults().redact(json.convertValue(copy.get("event"), MAP)));
                }
                masked.add(copy);
            }
            body.put("entries", masked);
        }
        return new ApiResponse(200, body, trail.headers());
    }

    /** A dead-letter answer, made on the desk's own threads (it reads Kafka): never on a server thread. */
    private ApiResponse deskAnswer(List<String> path, QueryParameters parameters, Optional<String> principal,
                                   Optional<String> confirm) {
        try {
            return deadLetters(path, parameters, principal, confirm);
        } catch (IllegalArgumentException e) {
            return ApiResponse.error(400, e.getMessage());
        } catch (RuntimeException e) {
            return ApiResponse.error(502, "the dead letters cannot be read or replayed now: " + e.getMessage());
        }
    }

    /** Stops the desk's threads (a call under way is interrupted). */
    void close() {
        deskCalls.shutdownNow();
    }

    private ApiResponse deadLetters(List<String> path, QueryParameters parameters, Optional<String> principal,
                                    Optional<String> confirm) {
        if (desk.isEmpty()) {
            return ApiResponse.error(501, "this server shows no dead letters: the process that started the projections"
                    + " gave them no access to the dead-letter topics");
        }
        if (path.size() == 3) {
            return ApiResponse.ok(desk.get().list(parameters.required("domain"),
                    parameters.integer("limit", DEFAULT_LETTERS, 1, Integer.MAX_VALUE)));
        }
        if (path.size() != 6 && path.size() != 7) {
            return ApiResponse.error(404, "no such dead-letter resource; use /console/api/dead-letters?domain=,"
                    + " /console/api/dead-letters/{topic}/{partition}/{offset} and POST .../replay");
        }
        String topic = path.get(3);
        int partition = (int) position(path.get(4), "partition");
        long offset = position(path.get(5), "offset");
        if (path.size() == 6) {
            Optional<DeadLetterView> letter = desk.get().show(topic, partition, offset);
            return letter.map(ApiResponse::ok).orElseGet(() -> ApiResponse.error(404, "no dead letter at " + topic + "/"
                    + partition + "/" + offset));
        }
        if (!confirm.map(value -> value.equals("replay")).orElse(false)) {
            return ApiResponse.error(400, "a replay must be confirmed with the header " + CONFIRM_HEADER + ": replay");
        }
        if (!desk.get().mayReplay(principal)) {
            return ApiResponse.error(403, "'" + principal.orElse("") + "' may not replay dead letters"
                    + " (the operators are named in EVENTBUS_CONSOLE_OPERATORS)");
        }
        return desk.get().replay(topic, partition, offset, principal.orElse("anonymous"))
                .map(landed -> ApiResponse.ok(Map.of("replayed", topic + "/" + partition + "/" + offset, "landed", landed)))
                .orElseGet(() -> ApiResponse.error(404, "no dead letter at " + topic + "/" + partition + "/" + offset));
    }

    private static long position(String value, String name) {
        try {
            long number = Long.parseLong(value);
            if (number < 0 || name.equals("partition") && number > Integer.MAX_VALUE) {
                throw new NumberFormatException();
            }
            return number;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a number of 0 or more, was '" + value + "'");
        }
    }

    private static ApiResponse asset(String name, String contentType) {
        try (InputStream in = ConsoleRoutes.class.getResourceAsStream(ASSETS + name)) {
            Objects.requireNonNull(in, () -> "the console's " + name + " is missing from the jar");
            return new ApiResponse(200, new ApiResponse.Text(contentType, new String(in.readAllBytes(), StandardCharsets.UTF_8)),
                    PAGE_HEADERS);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the console's " + name, e);
        }
    }

    private static CompletableFuture<ApiResponse> done(ApiResponse response) {
        return CompletableFuture.completedFuture(response);
    }
}
