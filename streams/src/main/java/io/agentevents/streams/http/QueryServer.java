package io.agentevents.streams.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

import io.agentevents.schemas.connection.TlsStore;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The HTTP side of the query API on the JDK's server: binds first (so the port can be advertised to
 * the other instances before the streams start), then serves {@link ProjectionQueries}. Every answer
 * is JSON; errors are {@code {"error": ..., "status": ...}}. Thread-safe.
 *
 * <p>Bound with a key store it speaks only HTTPS (a plain HTTP request gets its connection closed).
 * Every request is checked in this order: sizes (a URI over {@value #MAX_URI_CHARS} characters is
 * 414, request headers over {@value #MAX_HEADER_BYTES} bytes 431, a body over
 * {@value #MAX_BODY_BYTES} bytes 413), then who it is from ({@link QueryAccess}; 401 with a
 * {@code WWW-Authenticate} challenge for each scheme configured), then the rate
 * ({@link QueryLimits}; 429 with {@code Retry-After} in whole seconds), then the method (405 for
 * anything but GET, except a dead-letter replay of the web console, which is a POST).
 *
 * <p>The web console is served here too ({@link ConsoleRoutes}: {@code /} and {@code /console/*}), behind the
 * same checks, with its live stream ({@link ConsoleStream}) at {@value #CONSOLE_STREAM}.
 */
public final class QueryServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(QueryServer.class);
    private static final long MAX_DRAIN_BYTES = 1 << 20;
    /**
     * The longest request URI (path and query) answered: 16 KiB characters (ids and query strings have
     * tighter limits of their own, answered with 400).
     */
    public static final int MAX_URI_CHARS = 16 * 1024;
    /** The most request header bytes (names and values) answered: 16 KiB. */
    public static final int MAX_HEADER_BYTES = 16 * 1024;
    /** The largest request body accepted (the API reads none): 64 KiB. */
    public static final int MAX_BODY_BYTES = 64 * 1024;

    private final HttpServer server;
    private final boolean tls;
    private final ExecutorService executor;
    private volatile ProjectionQueries queries;
    private volatile QueryAccess access = QueryAccess.open();
    private volatile QueryRateLimiter limiter = new QueryRateLimiter(0, System::nanoTime);
    private volatile boolean limitPerUser;
    private volatile PrometheusMeterRegistry metrics;
    private volatile QueryMeters meters = QueryMeters.NONE;
    private volatile ConsoleStream stream;
    /** The path of the web console's live stream (Server-Sent Events). */
    public static final String CONSOLE_STREAM = "/console/events";
    /** Content type of Prometheus' text exposition format. */
    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
    private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private QueryServer(HttpServer server, boolean tls, ExecutorService executor) {
        this.server = server;
        this.tls = tls;
        this.executor = executor;
    }

    /**
     * Binds the port (0 = a free one), for plain HTTP.
     *
     * @throws IllegalStateException naming the address when it cannot bind
     */
    public static QueryServer bind(String host, int port) {
        return bind(host, port, Optional.empty());
    }

    /**
     * Binds the port (0 = a free one), for HTTPS with the key and certificate of {@code keyStore} when given.
     *
     * @throws IllegalStateException naming the address when it cannot bind
     * @throws IllegalArgumentException naming the key store when it cannot be used
     */
    public static QueryServer bind(String host, int port, Optional<TlsStore> keyStore) {
        try {
            HttpServer server;
            if (keyStore.isPresent()) {
                HttpsServer https = HttpsServer.create(new InetSocketAddress(host, port), 64);
                https.setHttpsConfigurator(new HttpsConfigurator(keyStore.get().serverContext()));
                server = https;
            } else {
                server = HttpServer.create(new InetSocketAddress(host, port), 64);
            }
            AtomicInteger count = new AtomicInteger();
            ExecutorService executor = Executors.newFixedThreadPool(8, runnable -> {
                Thread thread = new Thread(runnable, "projections-http-" + count.incrementAndGet());
                thread.setDaemon(true);
                return thread;
            });
            server.setExecutor(executor);
            return new QueryServer(server, keyStore.isPresent(), executor);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serve the query API on " + host + ":" + port + ": " + e.getMessage(), e);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Whether this server speaks HTTPS. */
    public boolean tls() {
        return tls;
    }

    /** Starts answering with these queries (closed with this server), to anyone. */
    public void start(ProjectionQueries queries) {
        start(queries, QueryAccess.open(), QueryLimits.NONE);
    }

    /**
     * Starts answering with these queries (closed with this server); with {@code users}, only
     * requests that authenticate as one of them (HTTP basic), every path included: others get 401
     * with a {@code WWW-Authenticate} challenge and nothing else.
     */
    public void start(ProjectionQueries queries, Optional<QueryUsers> users) {
        start(queries, new QueryAccess(users, Optional.empty()), QueryLimits.NONE);
    }

    /**
     * Starts answering with these queries (closed with this server), to whom {@code access} lets in
     * (every path included), within {@code limits}.
     */
    public void start(ProjectionQueries queries, QueryAccess access, QueryLimits limits) {
        start(queries, access, limits, null);
    }

    /**
     * Starts answering as {@link #start(ProjectionQueries, QueryAccess, QueryLimits)} does, and also
     * {@code GET /metrics} with {@code metrics}' meters in Prometheus text (to whom {@code access} lets
     * in), each request timed into it as {@code eventbus.query.requests}. A null registry: no
     * {@code /metrics} (404) and no request meter.
     */
    public void start(ProjectionQueries queries, QueryAccess access, QueryLimits limits, PrometheusMeterRegistry metrics) {
        start(queries, access, limits, metrics, null);
    }

    /**
     * Starts answering as {@link #start(ProjectionQueries, QueryAccess, QueryLimits, PrometheusMeterRegistry)}
     * does, and also serves the web console at {@code /} with {@code stream} as its live stream at
     * {@value #CONSOLE_STREAM} (closed with this server). A null stream: the console's pages without
     * live updates.
     */
    public void start(ProjectionQueries queries, QueryAccess access, QueryLimits limits, PrometheusMeterRegistry metrics,
                      ConsoleStream stream) {
        this.stream = stream;
        if (stream != null) {
            ConsoleRoutes console = queries.console();
            queries.consoleStream(stream);
            stream.sources(() -> console.healthWithLag().body(), console::rates);
        }
        this.metrics = metrics;
        this.meters = metrics == null ? QueryMeters.NONE : new QueryMeters(metrics);
        this.queries = queries;
        this.access = access;
        this.limiter = new QueryRateLimiter(limits.requestsPerSecond(), System::nanoTime);
        this.limitPerUser = limits.perUser();
        server.createContext("/", exchange -> handle(exchange, queries));
        server.start();
    }

    /** Takes the request and returns: the answer is sent when it is ready, by whichever thread has it. */
    private void handle(HttpExchange exchange, ProjectionQueries queries) {
        long started = System.nanoTime();
        CompletableFuture<ApiResponse> answer;
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        Optional<ApiResponse> tooLarge = tooLarge(exchange);
        if (tooLarge.isEmpty() && !"GET".equals(exchange.getRequestMethod())) {
            drain(exchange); // read what was sent before answering, so the client reads the answer instead of a reset
        }
        try {
            Optional<String> principal = tooLarge.isPresent() ? Optional.empty() : access.principal(authorization);
            Optional<Duration> wait = tooLarge.isPresent() ? Optional.empty() : limiter.acquire(
                    limitPerUser && principal.isPresent() ? "user " + principal.get()
                            : "address " + exchange.getRemoteAddress().getAddress().getHostAddress());
            if (tooLarge.isPresent()) {
                answer = CompletableFuture.completedFuture(tooLarge.get());
            } else if (access.required() && principal.isEmpty()) {
                answer = CompletableFuture.completedFuture(ApiResponse.unauthorized(access.challenge()));
            } else if (wait.isPresent()) {
                answer = CompletableFuture.completedFuture(ApiResponse.tooManyRequests(wait.get()));
            } else if (stream != null && CONSOLE_STREAM.equals(exchange.getRequestURI().getRawPath())
                    && "GET".equals(exchange.getRequestMethod())) {
                if (stream.open(exchange)) { // stays open: the stream's own thread writes to it from now on
                    meters.answered(CONSOLE_STREAM, 200, started);
                    return;
                }
                answer = CompletableFuture.completedFuture(ApiResponse.notReady("too many console pages open ("
                        + ConsoleStream.MAX_CLIENTS + "); close one", 5));
            } else if (ConsoleRoutes.handles(exchange.getRequestURI().getRawPath())) {
                URI uri = exchange.getRequestURI();
                answer = queries.console().answer(exchange.getRequestMethod(), uri.getRawPath(), uri.getRawQuery(),
                        access.required() ? Optional.ofNullable(authorization) : Optional.empty(), principal,
                        Optional.ofNullable(exchange.getRequestHeaders().getFirst(ConsoleRoutes.CONFIRM_HEADER)));
            } else if (!"GET".equals(exchange.getRequestMethod())) {
                answer = CompletableFuture.completedFuture(ApiResponse.error(405, "method " + exchange.getRequestMethod()
                        + " not allowed; the query API is read-only (GET)"));
            } else if (metrics != null && "/metrics".equals(exchange.getRequestURI().getRawPath())) {
                answer = CompletableFuture.completedFuture(ApiResponse.text(PROMETHEUS_TEXT, metrics.scrape()));
            } else {
                URI uri = exchange.getRequestURI();
                answer = queries.answer(uri.getRawPath(), uri.getRawQuery(),
                        access.required() ? Optional.ofNullable(authorization) : Optional.empty());
            }
        } catch (RuntimeException e) {
            answer = CompletableFuture.failedFuture(e);
        } catch (IOException e) {
            LOG.debug("could not open the console stream for {}: {}", exchange.getRemoteAddress(), e.toString());
            exchange.close();
            return;
        }
        answer.whenComplete((response, error) -> {
            try {
                ApiResponse sent = error == null ? response : internalError(exchange, error);
                meters.answered(exchange.getRequestURI().getRawPath(), sent.status(), started);
                respond(exchange, sent);
            } catch (IOException | RuntimeException e) {
                LOG.debug("could not answer {}: {}", exchange.getRequestURI(), e.toString());
                exchange.close();
            }
        });
    }

    /**
     * A 414, 431 or 413 when the request's URI, headers or body are over the limits; a body over the
     * limit is read and discarded up to {@value #MAX_DRAIN_BYTES} bytes first, so the client reads the answer.
     */
    private static Optional<ApiResponse> tooLarge(HttpExchange exchange) {
        if (exchange.getRequestURI().toString().length() > MAX_URI_CHARS) {
            return Optional.of(ApiResponse.error(414, "the request URI is longer than " + MAX_URI_CHARS + " characters"));
        }
        long headerBytes = 0;
        for (Map.Entry<String, List<String>> header : exchange.getRequestHeaders().entrySet()) {
            for (String value : header.getValue()) {
                headerBytes += header.getKey().length() + value.length() + 4;
            }
        }
        if (headerBytes > MAX_HEADER_BYTES) {
            return Optional.of(ApiResponse.error(431, "the request headers are larger than " + MAX_HEADER_BYTES + " bytes"));
        }
        String declared = exchange.getRequestHeaders().getFirst("Content-Length");
        long length;
        try {
            length = declared == null ? -1 : Long.parseLong(declared.trim());
        } catch (NumberFormatException e) {
            return Optional.of(ApiResponse.error(400, "malformed Content-Length"));
        }
        boolean chunked = "chunked".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Transfer-Encoding"));
        if (length > MAX_BODY_BYTES || chunked && drain(exchange) > MAX_BODY_BYTES) {
            if (length <= MAX_DRAIN_BYTES) {
                drain(exchange);
            }
            return Optional.of(ApiResponse.error(413, "the request body is larger than " + MAX_BODY_BYTES + " bytes"));
        }
        return Optional.empty();
    }

    /** Reads and discards up to {@value #MAX_DRAIN_BYTES} bytes of a request body nobody asked for; how many it read. */
    private static long drain(HttpExchange exchange) {
        long read = 0;
        try (InputStream body = exchange.getRequestBody()) {
            byte[] buffer = new byte[8192];
            int n;
            while (read < MAX_DRAIN_BYTES && (n = body.read(buffer)) > 0) {
                read += n;
            }
        } catch (IOException e) {
            LOG.debug("could not read the body of {} {}: {}", exchange.getRequestMethod(), exchange.getRequestURI(), e.toString());
        }
        return read;
    }

    private static ApiResponse internalError(HttpExchange exchange, Throwable error) {
        LOG.warn("query {} failed: {}", exchange.getRequestURI(), error.toString(), error);
        return ApiResponse.error(500, "internal error: " + error.getClass().getSimpleName());
    }

    private void respond(HttpExchange exchange, ApiResponse response) throws IOException {
        byte[] body;
        String contentType = "application/json";
        if (response.body() instanceof ApiResponse.Text text) {
            body = text.text().getBytes(java.nio.charset.StandardCharsets.UTF_8);
            contentType = text.contentType();
        } else {
            try {
                body = json.writeValueAsBytes(response.body());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        exchange.getResponseHeaders().set("Content-Type", contentType);
        response.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        exchange.sendResponseHeaders(response.status(), body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        ConsoleStream open = stream;
        if (open != null) {
            open.close();
        }
        server.stop(0);
        executor.shutdownNow();
        ProjectionQueries started = queries;
        if (started != null) {
            started.close();
        }
    }
}
