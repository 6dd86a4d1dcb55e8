package io.agentevents.streams.http;

import io.agentevents.schemas.DomainEvent;
import io.agentevents.streams.console.DeadLetterDesk;
import io.agentevents.streams.topology.ProjectionErrorCounter;

import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;

/**
 * The query API over one Kafka Streams instance: answers from the local state stores, or from the
 * instance that owns the key (found through the Kafka Streams metadata). Every answer about a plan
 * or a trail carries the input offsets it reflects ({@code "offsets": {"events.plan-2": 57}}); a
 * request may add {@code waitFor=events.plan-2:57} (and {@code waitMs}, at most 30 s) to wait until
 * that offset is folded in, so an emitter can read its own write. Waiting holds no thread.
 *
 * <p>Made of: {@link QueryParameters} (decoding, 400s), {@link QueryRoutes} (resources, 404s,
 * retries), {@link ProjectionReads} (the local stores), {@link OwnerForwarder} (the key's owner) and
 * {@link ReadWaiter} (waiting); the web console's side is {@link ConsoleRoutes}. Thread-safe; {@link #close} stops the
 * waits' scheduler and closes the dead-letter desk.
 */
public final class ProjectionQueries implements AutoCloseable {
    private final KafkaStreams streams;
    private final HostInfo self;
    private final ProjectionErrorCounter skipped;
    private final Supplier<Set<String>> waitingForTopics;
    private final ReadWaiter waiter = new ReadWaiter();
    private final QueryRoutes routes;
    private final ConsoleRoutes console;
    private volatile ConsoleStream stream;
    private volatile boolean started;
    private final Optional<DeadLetterDesk> deadLetters;

    /**
     * @param events reads the events kept in the audit stores (as written to the domain topics), e.g. the
     *               application's registry-backed event deserializer
     */
    public ProjectionQueries(KafkaStreams streams, String advertisedHost, int port, Duration rateWindow,
                             ProjectionErrorCounter skipped, Supplier<Set<String>> waitingForTopics,
                             Deserializer<DomainEvent> events) {
        this(streams, advertisedHost, port, rateWindow, skipped, waitingForTopics, events, Optional.empty());
    }

    /**
     * @param events        reads the events kept in the audit stores
     * @param forwardingTls when the instances serve HTTPS: the TLS context trusting their certificates,
     *                      with which a request is forwarded to the key's owner
     */
    public ProjectionQueries(KafkaStreams streams, String advertisedHost, int port, Duration rateWindow,
                             ProjectionErrorCounter skipped, Supplier<Set<String>> waitingForTopics,
                             Deserializer<DomainEvent> events, Optional<SSLContext> forwardingTls) {
        this(streams, advertisedHost, port, rateWindow, skipped, waitingForTopics, events, forwardingTls, Optional.empty());
    }

    /**
     * @param events        reads the events kept in the audit stores
     * @param forwardingTls when the instances serve HTTPS: the TLS context trusting their certificates
     * @param deadLetters   what the web console shows of the dead letters; without it the console says
     *                      it has no access to them
     */
    public ProjectionQueries(KafkaStreams streams, String advertisedHost, int port, Duration rateWindow,
                             ProjectionErrorCounter skipped, Supplier<Set<String>> waitingForTopics,
                             Deserializer<DomainEvent> events, Optional<SSLContext> forwardingTls,
                             Optional<DeadLetterDesk> deadLetters) {
        this.streams = streams;
        this.self = new HostInfo(advertisedHost, port);
        this.skipped = skipped;
        this.waitingForTopics = waitingForTopics;
        ProjectionReads reads = new ProjectionReads(streams, events::deserialize, rateWindow);
        OwnerForwarder owners = new OwnerForwarder(streams, self, forwardingTls);
        this.routes = new QueryRoutes(reads, owners, waiter, this::health, this::started);
        this.deadLetters = deadLetters;
        this.console = new ConsoleRoutes(routes, new ConsolePlans(reads, owners), streams, this::health, deadLetters,
                () -> stream == null ? List.of() : stream.recentEvents());
    }

    /** Whether Kafka Streams has been RUNNING once (every task of this instance started): latched. */
    private boolean started() {
        if (!started && streams.state() == KafkaStreams.State.RUNNING) {
            started = true;
        }
        return started;
    }

    /** The stream whose recent events the console's {@code /console/api/events} answers (set when the server starts). */
    void consoleStream(ConsoleStream live) {
        this.stream = live;
    }

    /** The web console's pages and JSON. */
    ConsoleRoutes console() {
        return console;
    }

    /** The answer to one GET, from its raw (still encoded) path and query. */
    CompletableFuture<ApiResponse> answer(String rawPath, String rawQuery) {
        return routes.answer(rawPath, rawQuery, Optional.empty());
    }

    /**
     * The answer to one GET, from its raw (still encoded) path and query, with the request's
     * {@code Authorization} header, which a request forwarded to the key's owner carries along.
     */
    CompletableFuture<ApiResponse> answer(String rawPath, String rawQuery, Optional<String> authorization) {
        return routes.answer(rawPath, rawQuery, authorization);
    }

    private ApiResponse health() {
        KafkaStreams.State state = streams.state();
        Set<String> missing = waitingForTopics.get();
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

    @Override
    public void close() {
        waiter.close();
        console.close();
        deadLetters.ifPresent(DeadLetterDesk::close);
    }
}
