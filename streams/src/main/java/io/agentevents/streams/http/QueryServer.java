package io.agentevents.streams.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The HTTP side of the query API on the JDK's server: binds first (so the port can be advertised to
 * the other instances before the streams start), then serves {@link ProjectionQueries}. Every answer
 * is JSON; errors are {@code {"error": ..., "status": ...}}. Thread-safe.
 */
public final class QueryServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(QueryServer.class);
    private static final long MAX_DRAIN_BYTES = 1 << 20;

    private final HttpServer server;
    private final ExecutorService executor;
    private volatile ProjectionQueries queries;
    private volatile Optional<QueryUsers> users = Optional.empty();
    private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private QueryServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /**
     * Binds the port (0 = a free one).
     *
     * @throws IllegalStateException naming the address when it cannot bind
     */
    public static QueryServer bind(String host, int port) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 64);
            AtomicInteger count = new AtomicInteger();
            ExecutorService executor = Executors.newFixedThreadPool(8, runnable -> {
                Thread thread = new Thread(runnable, "projections-http-" + count.incrementAndGet());
                thread.setDaemon(true);
                return thread;
            });
            server.setExecutor(executor);
            return new QueryServer(server, executor);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serve the query API on " + host + ":" + port + ": " + e.getMessage(), e);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Starts answering with these queries (closed with this server), to anyone. */
    public void start(ProjectionQueries queries) {
        start(queries, Optional.empty());
    }

    /**
     * Starts answering with these queries (closed with this server); with {@code users}, only
     * requests that authenticate as one of them (HTTP basic), every path included: others get 401
     * with a {@code WWW-Authenticate} challenge and nothing else.
     */
    public void start(ProjectionQueries queries, Optional<QueryUsers> users) {
        this.queries = queries;
        this.users = users;
        server.createContext("/", exchange -> handle(exchange, queries));
        server.start();
    }

    /** Takes the request and returns: the answer is sent when it is ready, by whichever thread has it. */
    private void handle(HttpExchange exchange, ProjectionQueries queries) {
        CompletableFuture<ApiResponse> answer;
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        if (!"GET".equals(exchange.getRequestMethod())) {
            drain(exchange); // read what was sent before answering, so the client reads the answer instead of a reset
        }
        try {
            if (users.isPresent() && !users.get().authenticate(authorization)) {
                answer = CompletableFuture.completedFuture(ApiResponse.unauthorized());
            } else if (!"GET".equals(exchange.getRequestMethod())) {
                answer = CompletableFuture.completedFuture(ApiResponse.error(405, "method " + exchange.getRequestMethod()
                        + " not allowed; the query API is read-only (GET)"));
            } else {
                URI uri = exchange.getRequestURI();
                answer = queries.answer(uri.getRawPath(), uri.getRawQuery(),
                        users.isPresent() ? Optional.ofNullable(authorization) : Optional.empty());
            }
        } catch (RuntimeException e) {
            answer = CompletableFuture.failedFuture(e);
        }
        answer.whenComplete((response, error) -> {
            try {
                respond(exchange, error == null ? response : internalError(exchange, error));
            } catch (IOException | RuntimeException e) {
                LOG.debug("could not answer {}: {}", exchange.getRequestURI(), e.toString());
                exchange.close();
            }
        });
    }

    /** Reads and discards up to {@value #MAX_DRAIN_BYTES} bytes of a request body nobody asked for. */
    private static void drain(HttpExchange exchange) {
        try (InputStream body = exchange.getRequestBody()) {
            byte[] buffer = new byte[8192];
            long read = 0;
            int n;
            while (read < MAX_DRAIN_BYTES && (n = body.read(buffer)) > 0) {
                read += n;
            }
        } catch (IOException e) {
            LOG.debug("could not read the body of {} {}: {}", exchange.getRequestMethod(), exchange.getRequestURI(), e.toString());
        }
    }

    private static ApiResponse internalError(HttpExchange exchange, Throwable error) {
        LOG.warn("query {} failed: {}", exchange.getRequestURI(), error.toString(), error);
        return ApiResponse.error(500, "internal error: " + error.getClass().getSimpleName());
    }

    private void respond(HttpExchange exchange, ApiResponse response) throws IOException {
        byte[] body;
        try {
            body = json.writeValueAsBytes(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        response.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        exchange.sendResponseHeaders(response.status(), body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        ProjectionQueries started = queries;
        if (started != null) {
            started.close();
        }
    }
}
