package io.agentevents.streams.client;

import io.agentevents.schemas.EventType;
import io.agentevents.schemas.connection.BasicCredentials;
import io.agentevents.schemas.connection.Durations;
import io.agentevents.schemas.connection.Secret;
import io.agentevents.schemas.connection.TlsStore;
import io.agentevents.streams.model.AuditEntry;
import io.agentevents.streams.model.AuditTrail;
import io.agentevents.streams.model.JsonSerdes;
import io.agentevents.streams.model.PlanState;
import io.agentevents.streams.model.RateWindow;
import io.agentevents.streams.topology.ProjectionErrorCounter;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;

/**
 * A client of the projections' HTTP query API ({@code docs/projections.md}): reads plans, plan trees,
 * audit trails, rates and health into the model types, each with the freshness the API reports.
 *
 * <p><b>Not ready.</b> While the API answers {@code 503} (starting, rebalancing, the key's owner
 * unreachable) the client waits as its {@code Retry-After} says (at most 5 s at a time) and asks
 * again, until its patience (given when connecting) runs out; then a typed read throws a
 * {@link QueryApiException} with {@link QueryApiException#isNotReady()}, and {@link #get} returns
 * the last {@code 503}. A {@code 429} (over the API's rate limit) is waited out the same way.
 * {@link #health()} is answered at once: a {@code 503} is its answer.
 *
 * <p><b>Errors.</b> A {@code 404} of a plan or trail is an empty {@link Optional}; any other answer
 * but {@code 200} (a {@code 400} for a malformed query, a {@code 5xx}) is a {@link QueryApiException}
 * carrying the status and the API's error; so is no answer at all (status 0).
 *
 * <p>Thread-safe. It owns its HTTP client's threads: {@link #close} stops them.
 */
public final class QueryClient implements AutoCloseable {
    /** How long a read waits out {@code 503}s unless told otherwise. */
    public static final Duration DEFAULT_PATIENCE = Duration.ofSeconds(10);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** Longer than the API's longest read-your-write wait (30 s). */
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(45);
    private static final long MAX_RETRY_AFTER_SECONDS = 5;
    private static final TypeReference<List<PlanState>> PLAN_STATES = new TypeReference<>() { };
    private static final TypeReference<List<AuditEntry>> AUDIT_ENTRIES = new TypeReference<>() { };
    private static final TypeReference<List<RateWindow>> RATE_WINDOWS = new TypeReference<>() { };
    private static final TypeReference<Map<String, Long>> OFFSETS = new TypeReference<>() { };
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() { };

    private final String baseUrl;
    private final Optional<Secret> authorization;
    private final Duration patience;
    private final ExecutorService executor;
    private final HttpClient http;
    private final ObjectMapper json = JsonSerdes.objectMapper();

    private QueryClient(String baseUrl, Optional<Secret> authorization, Duration patience, Optional<TlsStore> trustStore) {
        this.baseUrl = baseUrl;
        this.authorization = authorization;
        this.patience = patience;
        this.executor = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "query-client");
            thread.setDaemon(true);
            return thread;
        });
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).executor(executor);
        trustStore.ifPresent(store -> builder.sslContext(store.trustingContext()));
        this.http = builder.build();
    }

    /** A client of the API at {@code baseUrl} (e.g. {@code http://127.0.0.1:8080}) waiting out 503s for 10 s. */
    public static QueryClient connect(String baseUrl) {
        return connect(baseUrl, DEFAULT_PATIENCE);
    }

    /**
     * A client of the API at {@code baseUrl} whose reads wait out {@code 503}s for up to {@code patience}.
     * User info in the URL ({@code http://user:password@host:8080}) is sent as HTTP basic auth on
     * every request (for an API with users) and kept out of {@link #baseUrl()} and messages.
     *
     * @throws IllegalArgumentException if {@code baseUrl} is not an http or https URL
     */
    public static QueryClient connect(String baseUrl, Duration patience) {
        return connect(baseUrl, patience, Optional.empty(), Optional.empty());
    }

    /**
     * A client of the API at {@code baseUrl} whose reads wait out {@code 503}s for up to {@code patience},
     * sending {@code bearerToken} as {@code Authorization: Bearer ...} on every request when given (it
     * wins over user info in the URL), and trusting the certificates of {@code trustStore} for an
     * {@code https://} URL when given (else the JVM's default trust).
     *
     * @throws IllegalArgumentException if {@code baseUrl} is not an http or https URL, or the trust store cannot be read
     */
    public static QueryClient connect(String baseUrl, Duration patience, Optional<Secret> bearerToken,
                                      Optional<TlsStore> trustStore) {
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(bearerToken, "bearerToken");
        Objects.requireNonNull(trustStore, "trustStore");
        Durations.requireNotNegative("patience", patience);
        String base = baseUrl.replaceAll("/+$", "");
        URI uri = URI.create(base);
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            throw new IllegalArgumentException("not an http(s) URL with a host: '" + baseUrl.replaceFirst("//[^/@]*@", "//")
                    + "'");
        }
        Optional<Secret> authorization = Optional.ofNullable(uri.getRawUserInfo())
                .map(info -> URLDecoder.decode(info, StandardCharsets.UTF_8))
                .map(info -> Secret.of(BasicCredentials.header(info)));
        String withoutUserInfo = uri.getRawUserInfo() == null ? base : base.replaceFirst("//[^/@]*@", "//");
        Optional<Secret> header = bearerToken.isPresent()
                ? bearerToken.map(token -> Secret.of("Bearer " + token.value())) : authorization;
        return new QueryClient(withoutUserInfo, header, patience, trustStore);
    }

    /** The API's base URL, without a trailing slash. */
    public String baseUrl() {
        return baseUrl;
    }

    /** A plan's state, or empty when no event of the plan has been folded in (404). */
    public Optional<PlanAnswer> plan(String planId) {
        return plan(QueryPath.plan(planId));
    }

    /**
     * A plan's state once {@code position} ({@code <topic>-<partition>:<offset>}, what an emit
     * returned) is folded in, or when {@code maxWait} (at most 30 s) is over: see
     * {@link Freshness#caughtUp()}. Empty when the plan is still unknown then (404).
     */
    public Optional<PlanAnswer> plan(String planId, String position, Duration maxWait) {
        return plan(QueryPath.plan(planId).waitingFor(position, maxWait));
    }

    private Optional<PlanAnswer> plan(QueryPath path) {
        return read(path).map(body -> new PlanAnswer(convert(body.get("plan"), PlanState.class, "plan"), freshness(body)));
    }

    /** Every plan of the tree under {@code rootPlanId}, or empty when there is none (404). */
    public Optional<PlanTree> plansOfRoot(String rootPlanId) {
        return read(QueryPath.plansOfRoot(rootPlanId)).map(body -> new PlanTree(body.path("rootPlanId").asText(rootPlanId),
                convert(body.get("plans"), PLAN_STATES, "plans")));
    }

    /** The trail of a correlation id, or empty when there is none (404). */
    public Optional<TrailAnswer> auditOfCorrelation(String correlationId) {
        return trail(QueryPath.auditOfCorrelation(correlationId), "correlationId", correlationId);
    }

    /** The trail of a plan's own events, or empty when there is none (404). */
    public Optional<TrailAnswer> auditOfPlan(String planId) {
        return trail(QueryPath.auditOfPlan(planId), "planId", planId);
    }

    /**
     * The trail of a correlation id once {@code position} ({@code <topic>-<partition>:<offset>}) is
     * folded in, or when {@code maxWait} (at most 30 s) is over; empty when there is none (404).
     */
    public Optional<TrailAnswer> auditOfCorrelation(String correlationId, String position, Duration maxWait) {
        return trail(QueryPath.auditOfCorrelation(correlationId).waitingFor(position, maxWait), "correlationId", correlationId);
    }

    /** The trail of a plan once {@code position} is folded in, or when {@code maxWait} is over; empty when there is none. */
    public Optional<TrailAnswer> auditOfPlan(String planId, String position, Duration maxWait) {
        return trail(QueryPath.auditOfPlan(planId).waitingFor(position, maxWait), "planId", planId);
    }

    /** The counts of {@code type} per one-minute window between {@code from} and {@code to} (null: the API's defaults). */
    public Rates rates(EventType type, Instant from, Instant to) {
        JsonNode body = read(QueryPath.rates(type, from, to)).orElseThrow(() ->
                new QueryApiException("the query API at " + baseUrl + " has no /rates", 404, null, null, null));
        return new Rates(body.path("type").asText(type.wireName()), instant(body.get("from")), instant(body.get("to")),
                convert(body.get("windows"), RATE_WINDOWS, "windows"));
    }

    /** The instance's health as it is now: 200 (RUNNING) or 503, not waited out. */
    public Health health() {
        RawAnswer answer = send(QueryPath.health());
        if (answer.status() != 200 && answer.status() != 503) {
            throw failure(QueryPath.health(), answer);
        }
        JsonNode body = parse(QueryPath.health(), answer);
        return new Health(answer.status(), body.path("status").asText(null), body.path("streamsState").asText(null),
                body.path("instance").asText(null),
                body.hasNonNull("skipped") ? convert(body.get("skipped"), ProjectionErrorCounter.Snapshot.class, "skipped") : null,
                body.hasNonNull("waitingForTopics") ? convert(body.get("waitingForTopics"), STRINGS, "waitingForTopics") : List.of());
    }

    /**
     * GETs {@code path} as it is, waiting out {@code 503}s and {@code 429}s within this client's patience:
     * the final answer, whatever its status (the last {@code 503} or {@code 429} when the patience ran out).
     *
     * @throws QueryApiException (status 0) when the API did not answer
     */
    public RawAnswer get(QueryPath path) {
        long deadline = System.nanoTime() + patience.toNanos();
        RawAnswer answer = send(path);
        while ((answer.status() == 503 || answer.status() == 429) && System.nanoTime() - deadline < 0) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            sleep(Math.max(0, Math.min(retryAfterMillis(answer), left)));
            answer = send(path);
        }
        return answer;
    }

    private Optional<TrailAnswer> trail(QueryPath path, String keyName, String key) {
        return read(path).map(body -> new TrailAnswer(body.path(keyName).asText(key),
                new AuditTrail(convert(body.get("entries"), AUDIT_ENTRIES, "entries"), offsets(body), body.path("dropped").asLong()),
                freshness(body)));
    }

    /** The parsed body of a 200, empty for a 404, else a {@link QueryApiException}. */
    private Optional<JsonNode> read(QueryPath path) {
        RawAnswer answer = get(path);
        if (answer.status() == 404 && error(answer) != null) {
            return Optional.empty();
        }
        if (answer.status() != 200) {
            throw failure(path, answer);
        }
        return Optional.of(parse(path, answer));
    }

    private RawAnswer send(QueryPath path) {
        URI target = URI.create(baseUrl + path.value());
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(target).timeout(REQUEST_TIMEOUT).GET();
            authorization.ifPresent(header -> request.header("Authorization", header.value()));
            HttpResponse<String> response = http.send(request.build(),
                    HttpResponse.BodyHandlers.ofString());
            return new RawAnswer(response.statusCode(), response.body(),
                    response.headers().firstValue("Retry-After").orElse(null));
        } catch (IOException e) {
            throw new QueryApiException("the query API at " + baseUrl + " did not answer GET " + path + ": " + e + hint(e), 0,
                    null, null, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new QueryApiException("interrupted while asking the query API at " + baseUrl, 0, null, null, e);
        }
    }

    /** What to check after an exchange failed: TLS trust, or a plain URL for an HTTPS API. */
    private String hint(IOException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SSLException) {
                return " (TLS handshake failed: give the client a trust store holding the API's certificate)";
            }
        }
        return baseUrl.regionMatches(true, 0, "http:", 0, 5) && !(e instanceof ConnectException)
                ? " (if the query API serves HTTPS, use an https:// URL)" : "";
    }

    private QueryApiException failure(QueryPath path, RawAnswer answer) {
        String error = error(answer);
        String what = answer.status() == 503 ? "is still not ready after " + patience.toMillis() + " ms" : "answered " + answer.status();
        return new QueryApiException("the query API at " + baseUrl + " " + what + " to GET " + path
                + (error == null ? "" : ": " + error), answer.status(), error, answer.body(), null);
    }

    /** The API's error text of an error answer, or null when its body is not the API's JSON error. */
    private String error(RawAnswer answer) {
        try {
            JsonNode body = json.readTree(answer.body());
            return body != null && body.hasNonNull("error") ? body.get("error").asText() : null;
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private JsonNode parse(QueryPath path, RawAnswer answer) {
        try {
            return json.readTree(answer.body());
        } catch (JsonProcessingException e) {
            throw new QueryApiException("the query API at " + baseUrl + " answered GET " + path + " with no JSON: "
                    + e.getOriginalMessage(), answer.status(), null, answer.body(), e);
        }
    }

    private <T> T convert(JsonNode node, Class<T> type, String field) {
        try {
            return json.treeToValue(require(node, field), type);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw unreadable(field, e);
        }
    }

    private <T> T convert(JsonNode node, TypeReference<T> type, String field) {
        try {
            return json.treeToValue(require(node, field), json.constructType(type));
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw unreadable(field, e);
        }
    }

    private JsonNode require(JsonNode node, String field) {
        if (node == null || node.isNull()) {
            throw unreadable(field, null);
        }
        return node;
    }

    private QueryApiException unreadable(String field, Exception cause) {
        return new QueryApiException("the query API at " + baseUrl + " answered with an unreadable '" + field + "'"
                + (cause == null ? " (missing)" : ": " + cause.getMessage()), 200, null, null, cause);
    }

    private Map<String, Long> offsets(JsonNode body) {
        return body.hasNonNull("offsets") ? convert(body.get("offsets"), OFFSETS, "offsets") : Map.of();
    }

    private Freshness freshness(JsonNode body) {
        return new Freshness(offsets(body), body.path("servedBy").asText(null),
                body.hasNonNull("caughtUp") ? body.get("caughtUp").asBoolean() : null);
    }

    private static Instant instant(JsonNode node) {
        return node == null || node.isNull() ? null : Instant.parse(node.asText());
    }

    /** {@code Retry-After} in seconds, at most 5; 1 s when absent or not a number of seconds. */
    private static long retryAfterMillis(RawAnswer answer) {
        String header = answer.retryAfter();
        long seconds = 1;
        if (header != null) {
            try {
                seconds = Math.max(0, Math.min(MAX_RETRY_AFTER_SECONDS, Long.parseLong(header.trim())));
            } catch (NumberFormatException e) {
                seconds = 1;
            }
        }
        return TimeUnit.SECONDS.toMillis(seconds);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new QueryApiException("interrupted while waiting for the query API", 0, null, null, e);
        }
    }

    /** Stops the HTTP client's threads. */
    @Override
    public void close() {
        executor.shutdownNow();
    }
}
