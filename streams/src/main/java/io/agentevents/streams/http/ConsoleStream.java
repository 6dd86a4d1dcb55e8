package io.agentevents.streams.http;

import io.agentevents.streams.model.JsonSerdes;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * The web console's live stream: Server-Sent Events ({@code text/event-stream}) to every open
 * console page. A page is told, without asking:
 * <ul>
 *   <li>{@code plans}: which plans (and root plans) the projections wrote since the last message, at
 *       most every {@link #CHANGES_EVERY}; {@code {"all": true}} instead when more than
 *       {@value #MAX_CHANGED} changed (the page reads its view again either way);</li>
 *   <li>{@code health}: the projections' health, every {@link #HEALTH_EVERY};</li>
 *   <li>{@code rates}: the event rates of the last minutes, every {@link #RATES_EVERY};</li>
 *   <li>{@code events}: the events seen since the last message ({@link #eventSeen}, when the process feeds
 *       it), newest last, at most {@value #RECENT_EVENTS} per message.</li>
 * </ul>
 * The last {@value #RECENT_EVENTS} events seen are kept for a page that opens later ({@link #recentEvents()}).
 * A comment line every {@link #PING_EVERY} keeps idle connections open through proxies. At most
 * {@value #MAX_CLIENTS} pages at once (more get 503). Nothing is collected while no page is open.
 *
 * <p>{@link #planChanged} only records the plan id (the projections call it for every plan state any
 * instance writes, while a page is open). Messages are
 * written by one thread of this stream's own, so no server thread is held by an open page. A page whose
 * connection fails is dropped; the browser's {@code EventSource} reconnects by itself. Thread-safe.
 */
public final class ConsoleStream implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleStream.class);
    /** How often plan changes are sent. */
    public static final Duration CHANGES_EVERY = Duration.ofMillis(300);
    /** How often the health is sent. */
    public static final Duration HEALTH_EVERY = Duration.ofSeconds(2);
    /** How often the rates are sent. */
    public static final Duration RATES_EVERY = Duration.ofSeconds(5);
    /** How often an idle connection gets a comment line. */
    public static final Duration PING_EVERY = Duration.ofSeconds(15);
    /** The most pages served at once. */
    public static final int MAX_CLIENTS = 32;
    /** Beyond this many changed plans between two messages, the message says "all". */
    public static final int MAX_CHANGED = 2_000;
    /** How many of the latest events are kept, and sent at most per message. */
    public static final int RECENT_EVENTS = 200;

    private final ObjectMapper json = JsonSerdes.objectMapper();
    private final Set<Client> clients = ConcurrentHashMap.newKeySet();
    private final Set<String> changedPlans = ConcurrentHashMap.newKeySet();
    private final Set<String> changedRoots = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean overflow = new AtomicBoolean();
    private final java.util.ArrayDeque<Object> recent = new java.util.ArrayDeque<>();
    private final List<Object> unsent = new ArrayList<>();
    private final ScheduledExecutorService writer;
    private volatile Supplier<Object> health = () -> Map.of();
    private volatile Supplier<Object> rates = () -> Map.of();

    /** A stream with no page open yet; its writer thread starts now. */
    public ConsoleStream() {
        writer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "console-stream");
            thread.setDaemon(true);
            return thread;
        });
        writer.scheduleWithFixedDelay(this::sendChanges, CHANGES_EVERY.toMillis(), CHANGES_EVERY.toMillis(), TimeUnit.MILLISECONDS);
        writer.scheduleWithFixedDelay(() -> send("health", health), HEALTH_EVERY.toMillis(), HEALTH_EVERY.toMillis(),
                TimeUnit.MILLISECONDS);
        writer.scheduleWithFixedDelay(() -> send("rates", rates), RATES_EVERY.toMillis(), RATES_EVERY.toMillis(),
                TimeUnit.MILLISECONDS);
        writer.scheduleWithFixedDelay(() -> write(": ping\n\n"), PING_EVERY.toMillis(), PING_EVERY.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /**
     * Records that a plan's state was written (its root plan id, or null for a plan that names none); returns
     * at once. Nothing is kept while no page is open.
     */
    public void planChanged(String planId, String rootPlanId) {
        if (clients.isEmpty() || overflow.get()) {
            return;
        }
        if (changedPlans.size() >= MAX_CHANGED) {
            overflow.set(true);
            return;
        }
        changedPlans.add(planId);
        changedRoots.add(rootPlanId == null ? planId : rootPlanId);
    }

    /**
     * Records an event the process saw (a summary: its id, type, source, plan, time, position), to be sent
     * to the open pages and kept among the recent ones. Returns at once; thread-safe.
     */
    public void eventSeen(Map<String, Object> summary) {
        Map<String, Object> copy = Map.copyOf(summary);
        synchronized (recent) {
            if (recent.size() == RECENT_EVENTS) {
                recent.removeFirst();
            }
            recent.addLast(copy);
            if (!clients.isEmpty()) {
                if (unsent.size() == RECENT_EVENTS) {
                    unsent.remove(0);
                }
                unsent.add(copy);
            }
        }
    }

    /** The latest events seen ({@link #eventSeen}), oldest first. */
    public List<Object> recentEvents() {
        synchronized (recent) {
            return List.copyOf(recent);
        }
    }

    /** Where the periodic health and rates messages come from (read on the writer thread). */
    void sources(Supplier<Object> healthNow, Supplier<Object> ratesNow) {
        this.health = healthNow;
        this.rates = ratesNow;
    }

    /** How many pages are open now. */
    public int openPages() {
        return clients.size();
    }

    /**
     * Answers a GET of the stream: the response stays open, and the first messages (health, rates) are
     * sent at once. Takes no page beyond {@value #MAX_CLIENTS} open ones: answers false then, having sent
     * nothing, for the server to refuse it.
     */
    boolean open(HttpExchange exchange) throws IOException {
        if (clients.size() >= MAX_CLIENTS) {
            return false;
        }
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.getResponseHeaders().set("X-Accel-Buffering", "no");
        exchange.sendResponseHeaders(200, 0);
        Client client = new Client(exchange);
        clients.add(client);
        writer.execute(() -> {
            client.write("retry: 2000\n\n");
            client.write(message("health", health));
            client.write(message("rates", rates));
        });
        return true;
    }

    private void sendChanges() {
        List<Object> events;
        synchronized (recent) {
            events = List.copyOf(unsent);
            unsent.clear();
        }
        if (!events.isEmpty()) {
            send("events", () -> Map.of("events", events));
        }
        if (clients.isEmpty()) {
            changedPlans.clear();
            changedRoots.clear();
            overflow.set(false);
            return;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        if (overflow.getAndSet(false)) {
            changedPlans.clear();
            changedRoots.clear();
            body.put("all", true);
        } else if (!changedPlans.isEmpty()) {
            body.put("plans", drain(changedPlans));
            body.put("roots", drain(changedRoots));
        } else {
            return;
        }
        send("plans", () -> body);
    }

    private static List<String> drain(Set<String> ids) {
        List<String> drained = new ArrayList<>();
        for (String id : ids) {
            if (ids.remove(id)) {
                drained.add(id);
            }
        }
        return drained;
    }

    private void send(String event, Supplier<Object> data) {
        if (!clients.isEmpty()) {
            write(message(event, data));
        }
    }

    private String message(String event, Supplier<Object> data) {
        try {
            return "event: " + event + "\ndata: " + json.writeValueAsString(data.get()) + "\n\n";
        } catch (JsonProcessingException | RuntimeException e) {
            LOG.debug("console stream: cannot make the {} message: {}", event, e.toString());
            return ": " + event + " unavailable\n\n";
        }
    }

    private void write(String text) {
        for (Client client : clients) {
            client.write(text);
        }
    }

    /** Ends every open page's stream (their browsers will try to reconnect) and stops the writer. */
    @Override
    public void close() {
        writer.shutdownNow();
        for (Client client : clients) {
            client.close();
        }
    }

    /** One open page. */
    private final class Client {
        private final HttpExchange exchange;
        private final OutputStream out;

        Client(HttpExchange exchange) {
            this.exchange = exchange;
            this.out = exchange.getResponseBody();
        }

        void write(String text) {
            try {
                out.write(text.getBytes(StandardCharsets.UTF_8));
                out.flush();
            } catch (IOException e) {
                close();
            }
        }

        void close() {
            clients.remove(this);
            exchange.close();
        }
    }
}
