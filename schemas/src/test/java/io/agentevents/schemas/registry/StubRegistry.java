package io.agentevents.schemas.registry;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A canned Confluent schema registry on 127.0.0.1 (a free port): answers each
 * {@code "METHOD /raw/path?query"} with the status and JSON body it was given, 404 otherwise, and
 * records every request. A {@link #hang(String)} route never answers until the stub stops.
 */
final class StubRegistry implements AutoCloseable {

    /** One request as the server saw it. */
    record Request(String method, String path, String query, Map<String, List<String>> headers, String body) {

        /** The request line as routes name it: {@code METHOD /raw/path?query}. */
        String route() {
            return method + " " + path + (query == null ? "" : "?" + query);
        }

        String header(String name) {
            return headers.entrySet().stream()
                    .filter(entry -> entry.getKey().equalsIgnoreCase(name))
                    .map(entry -> String.join(",", entry.getValue()))
                    .findFirst().orElse(null);
        }
    }

    private record Reply(int status, String body) {
    }

    private static final Reply HANG = new Reply(-1, "");

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final Map<String, Reply> replies = new ConcurrentHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final CountDownLatch released = new CountDownLatch(1);

    StubRegistry() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    /** The base URL, e.g. {@code http://127.0.0.1:40123}. */
    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Answers {@code route} (e.g. {@code GET /schemas/ids/7}) with this status and body. */
    StubRegistry on(String route, int status, String body) {
        replies.put(route, new Reply(status, body));
        return this;
    }

    /** Never answers {@code route} (until the stub stops). */
    StubRegistry hang(String route) {
        replies.put(route, HANG);
        return this;
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    Request lastRequest() {
        return requests.get(requests.size() - 1);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Request request = new Request(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                    exchange.getRequestURI().getRawQuery(), Map.copyOf(exchange.getRequestHeaders()), body);
            requests.add(request);
            Reply reply = replies.getOrDefault(request.route(),
                    new Reply(404, "{\"error_code\":404,\"message\":\"HTTP 404 Not Found\"}"));
            if (reply == HANG) {
                released.await(30, TimeUnit.SECONDS);
                return;
            }
            byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", RegistryTransport.CONTENT_TYPE);
            exchange.sendResponseHeaders(reply.status(), bytes.length == 0 ? -1 : bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        released.countDown();
        server.stop(0);
        executor.shutdownNow();
    }
}
