package io.agentevents.consumer.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * An agent's {@code /metrics} in one call: a Micrometer registry (with the JVM's memory, GC,
 * threads, CPU and uptime) served in Prometheus text on {@code GET http://host:port/metrics}, for a
 * process that runs only the SDK (no projections server). Hand {@link #registry()} to the
 * subscribers and buses of the process:
 *
 * <pre>{@code
 * try (PrometheusEndpoint metrics = PrometheusEndpoint.start(9464);
 *      KafkaEventBus bus = KafkaEventBus.builder(busConfig).meterRegistry(metrics.registry()).start();
 *      EventSubscriber subscriber = EventSubscriber.builder(config).meterRegistry(metrics.registry())
 *              .on(EventType.TOOL_INVOKED, runner).build().start()) {
 *     ...
 * }
 * }</pre>
 *
 * The endpoint answers every address it is bound to without authentication: bind it to a host
 * only the scraper reaches (the default is every interface, as Prometheus exporters do). Owns one
 * server thread; {@link #close} stops it. Thread-safe.
 */
public final class PrometheusEndpoint implements AutoCloseable {
    /** Content type of Prometheus' text exposition format. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry;
    private final JvmGcMetrics gc;
    private final HttpServer server;
    private final ExecutorService executor;

    private PrometheusEndpoint(PrometheusMeterRegistry registry, JvmGcMetrics gc, HttpServer server, ExecutorService executor) {
        this.registry = registry;
        this.gc = gc;
        this.server = server;
        this.executor = executor;
    }

    /** Serves {@code /metrics} on every interface at {@code port} (0: a free port). */
    public static PrometheusEndpoint start(int port) {
        return start("0.0.0.0", port);
    }

    /**
     * Serves {@code /metrics} on {@code host} at {@code port} (0: a free port).
     *
     * @throws UncheckedIOException naming the address when it cannot be bound
     */
    public static PrometheusEndpoint start(String host, int port) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        JvmGcMetrics gc = new JvmGcMetrics();
        gc.bindTo(registry);
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(host, port), 16);
        } catch (IOException e) {
            gc.close();
            registry.close();
            throw new UncheckedIOException("cannot serve /metrics on " + host + ":" + port + ": " + e.getMessage(), e);
        }
        ExecutorService executor = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "eventbus-metrics-endpoint");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/", exchange -> answer(exchange, registry));
        server.start();
        return new PrometheusEndpoint(registry, gc, server, executor);
    }

    private static void answer(HttpExchange exchange, PrometheusMeterRegistry registry) throws IOException {
        try (exchange) {
            if (!"/metrics".equals(exchange.getRequestURI().getPath())) {
                send(exchange, 404, "text/plain; charset=utf-8", "not found; the metrics are at /metrics\n");
            } else if (!"GET".equals(exchange.getRequestMethod())) {
                send(exchange, 405, "text/plain; charset=utf-8", "only GET\n");
            } else {
                send(exchange, 200, CONTENT_TYPE, registry.scrape());
            }
        }
    }

    private static void send(HttpExchange exchange, int status, String contentType, String text) throws IOException {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /** The registry served: give it to the process's subscribers and buses. */
    public MeterRegistry registry() {
        return registry;
    }

    /** The port it listens on (the chosen one when started with 0). */
    public int port() {
        return server.getAddress().getPort();
    }

    /** {@code http://127.0.0.1:<port>/metrics}, for a scraper on this machine. */
    public String url() {
        return "http://127.0.0.1:" + port() + "/metrics";
    }

    /** Stops serving and closes the registry. */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        gc.close();
        registry.close();
    }
}
