package io.agentevents.consumer;

import io.agentevents.api.EventListener;
import io.agentevents.api.Subscription;
import io.agentevents.consumer.internal.DeadLetterWriter;
import io.agentevents.consumer.internal.DecodeStage;
import io.agentevents.consumer.internal.HandleTracing;
import io.agentevents.consumer.internal.HandlerPool;
import io.agentevents.consumer.internal.PollLoop;
import io.agentevents.consumer.internal.RecordProcessor;
import io.agentevents.consumer.internal.Routing;
import io.agentevents.consumer.internal.SubscriberMeters;
import io.agentevents.consumer.internal.SubscriberMetricsRecorder;
import io.agentevents.consumer.internal.WorkTracker;
import io.agentevents.schemas.Domain;
import io.agentevents.schemas.EventType;
import io.agentevents.schemas.registry.HttpSchemaRegistryClient;
import io.agentevents.schemas.registry.SchemaRegistryClient;
import io.agentevents.schemas.serde.DomainEventDeserializer;
import io.agentevents.schemas.serde.SerdeConfig;

import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.micrometer.core.instrument.Timer;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Subscribes a process to events by type, by domain or to all, on Kafka.
 *
 * <pre>{@code
 * try (EventSubscriber subscriber = EventSubscriber.builder(SubscriberConfig.builder(bootstrap, registry, "deciders")
 *             .maxConcurrency(32).build())
 *         .on(EventType.PLAN_PHASE_CHANGED, (event, delivery) -> decide(event))
 *         .build()) {
 *     subscriber.start();
 *     ...
 * }
 * }</pre>
 *
 * <p><b>Delivery</b>: at-least-once. An offset is committed only when its record and every record
 * before it in its partition were handled, skipped or dead-lettered; commits happen every
 * {@code commitInterval}, on a rebalance and on close. A crash, restart or rebalance never skips a
 * record; it may hand again the records that were in flight. Records of other types are skipped
 * by their {@code ce_type} header without being decoded.
 *
 * <p><b>Rebalances</b> are cooperative: only the partitions that move to another member stop, after
 * their running handlers finish and their offsets are committed; the member keeps handling the
 * others meanwhile. A member closed while its group rebalances completes the rebalance (within the
 * close's drain time) so that its final commit goes through. With
 * {@link SubscriberConfig#instanceId()} (static membership) a successor with the same id takes over
 * a killed member's partitions at once.
 *
 * <p><b>Order and concurrency</b>: up to {@code maxConcurrency} handlers run at once on the
 * executor; records of one correlation id (the key) in a partition run one at a time, in offset
 * order. With {@code maxConcurrency} 1 (the default) every record runs in order. Records are
 * decoded ahead of their handlers on a decode thread of the subscriber's own (or by the handler
 * slot that gets there first), never on the poll thread; decoding order does not affect handling
 * order. Memory is bounded: reading pauses while {@code maxBufferedRecords} records are pending,
 * and resumes as soon as half of them are done.
 *
 * <p><b>Failures</b>: a throwing handler is retried with exponential backoff up to
 * {@code maxAttempts}, then the {@link FailureStrategy} applies. Undecodable records (bad magic
 * byte, unknown schema id, truncated Avro) go straight to {@code <topic>.dlq}, with the
 * {@link DeadLetterHeaders}; while the registry is unreachable, decoding waits and retries. Under
 * {@link DeadLetterPolicy#SKIP} nothing is written: records given up on are only reported. Either
 * way each one is reported once to the {@link RejectedRecordListener} set with
 * {@link Builder#onRejected} (else logged at WARN), naming its position and the reason.
 *
 * <p><b>Metrics</b>: {@link #metrics()} at any time; with {@link Builder#meterRegistry} the same
 * counters, gauges and a handler time histogram are also meters of that Micrometer registry
 * ({@code eventbus.subscriber.*}, tagged with the group), with the Kafka consumer's client metrics,
 * from {@code start} until {@code close} (docs/observability.md). Without one, nothing is registered.
 *
 * <p><b>Tracing</b>: each handler call is a CONSUMER span (OpenTelemetry's messaging conventions)
 * whose parent is the record's W3C {@code traceparent}; the listeners run with it as the current
 * context, so events a listener emits through a {@code KafkaEventBus} continue the trace (also
 * without an OpenTelemetry SDK: then only the trace id travels). See {@link Builder#openTelemetry}.
 *
 * <p><b>Lifecycle</b>: {@code NEW -> RUNNING -> CLOSED}, or {@code FAILED} after a fatal error. One
 * named thread owns the {@code KafkaConsumer}. Thread-safe.
 *
 * <p><b>Listeners</b> are the {@link EventListener}s of module {@code api}, the same type the
 * in-process buses call, so a listener moves between them and a subscriber unchanged; the
 * {@link io.agentevents.api.Delivery} it receives carries the record's topic, partition and offset,
 * the attempt and the replay flag. A subscriber is the {@link Subscription} of its listeners:
 * {@link #isActive()} while {@code RUNNING}, {@link #close()} to stop. Its consumer group is always
 * the one named in its {@link SubscriberConfig}: nothing here makes one up.
 */
public final class EventSubscriber implements Subscription {
    private static final Logger LOG = LoggerFactory.getLogger(EventSubscriber.class);
    private static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(30);

    /** The lifecycle of a subscriber. */
    public enum State { NEW, RUNNING, CLOSING, CLOSED, FAILED }

    private final SubscriberConfig config;
    private final Routing routing;
    private final RejectedRecordListener rejected;
    private final HandlerPool handlers;
    private final MeterRegistry meterRegistry;
    private final OpenTelemetry openTelemetry;
    private final Timer handlerTimer;
    private final SubscriberMetricsRecorder metrics;
    private final WorkTracker tracker;
    private final AtomicReference<State> state = new AtomicReference<>(State.NEW);
    private final AtomicReference<RuntimeException> failure = new AtomicReference<>();
    private SchemaRegistryClient registry;
    private DeadLetterWriter deadLetters;
    private PollLoop loop;
    private DecodeStage decodeStage;
    private Thread pollThread;
    private SubscriberMeters meters;

    private EventSubscriber(SubscriberConfig config, Routing routing, Executor userExecutor,
                            RejectedRecordListener rejected, MeterRegistry meterRegistry, OpenTelemetry openTelemetry) {
        this.openTelemetry = openTelemetry;
        this.config = config;
        this.routing = routing;
        this.rejected = rejected;
        this.meterRegistry = meterRegistry;
        this.handlerTimer = meterRegistry == null ? null : SubscriberMeters.handlerTimer(meterRegistry, config.groupId());
        this.metrics = new SubscriberMetricsRecorder(handlerTimer);
        this.tracker = new WorkTracker(config.maxConcurrency());
        this.handlers = HandlerPool.of(userExecutor, config.maxConcurrency(), config.groupId());
    }

    /** A builder for a subscriber with this configuration. */
    public static Builder builder(SubscriberConfig config) {
        return new Builder(config);
    }

    /**
     * Connects and starts reading. Returns at once; handlers are called from the executor.
     *
     * @throws IllegalStateException if already started
     * @throws IllegalArgumentException naming the bootstrap servers when the clients cannot be made
     *                                  (e.g. an address without a port); the subscriber is then CLOSED
     */
    public synchronized EventSubscriber start() {
        if (state.get() != State.NEW) {
            throw new IllegalStateException("subscriber " + config.groupId() + " is " + state.get() + ", not NEW");
        }
        String clientId = "eventbus-subscriber-" + config.groupId();
        List<String> topics = routing.domains().stream().map(config::topic).toList();
        SchemaRegistryClient newRegistry = new HttpSchemaRegistryClient(config.connection().registry());
        DeadLetterWriter newDeadLetters = null;
        KafkaConsumer<String, byte[]> consumer;
        try {
            newDeadLetters = new DeadLetterWriter(config.deadLetterProducerProperties(clientId + "-dlq"), config.groupId());
            consumer = new KafkaConsumer<>(config.consumerProperties(clientId));
        } catch (RuntimeException e) {
            // a bad setting (e.g. a bootstrap address without a port): nothing was started
            if (newDeadLetters != null) {
                newDeadLetters.close();
            }
            newRegistry.close();
            handlers.shutDown(false);
            removeHandlerTimer();
            state.set(State.CLOSED);
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new IllegalArgumentException("cannot start subscriber " + config.groupId() + " on Kafka "
                    + config.connection().bootstrapServers() + ": " + e.getMessage() + " (" + cause.getMessage() + ")", e);
        }
        registry = newRegistry;
        deadLetters = newDeadLetters;
        DomainEventDeserializer deserializer = new DomainEventDeserializer(registry, SerdeConfig.defaults());
        RecordProcessor processor = new RecordProcessor(config, routing, deserializer, deadLetters, tracker, metrics,
                this::fail, rejected, new HandleTracing(openTelemetry, config.groupId()));
        decodeStage = new DecodeStage(deserializer, DecodeStage.defaultThreads(), "eventbus-decoder-" + config.groupId());
        loop = new PollLoop(config, consumer, topics, routing, handlers, processor, decodeStage, metrics);
        if (meterRegistry != null) {
            meters = SubscriberMeters.bind(meterRegistry, config.groupId(), metrics, tracker, handlerTimer, consumer);
        }
        pollThread = new Thread(() -> loop.run(this::fail), clientId);
        state.set(State.RUNNING);
        handlers.prestart();
        decodeStage.start();
        pollThread.start();
        LOG.info("subscriber {} started on {} (concurrency {}, strategy {})", config.groupId(), topics,
                config.maxConcurrency(), config.failureStrategy());
        return this;
    }

    private void fail(RuntimeException error) {
        if (failure.compareAndSet(null, error)) {
            LOG.error("{}", error.getMessage(), error);
            state.set(State.FAILED);
            loop.requestStop(false, Duration.ZERO);
        }
    }

    public State state() {
        return state.get();
    }

    /** Whether the subscriber is {@code RUNNING}: its listeners receive events. */
    @Override
    public boolean isActive() {
        return state.get() == State.RUNNING;
    }

    /** The fatal error that stopped the subscriber (state {@code FAILED}), if any. */
    public Optional<RuntimeException> failure() {
        return Optional.ofNullable(failure.get());
    }

    public SubscriberConfig config() {
        return config;
    }

    public SubscriberMetrics metrics() {
        return metrics.snapshot(tracker.running(), tracker.pending());
    }

    /**
     * Ends the hold (strategy {@link FailureStrategy#HOLD}) of a correlation id: its later records
     * are handled again. Returns whether it was held.
     */
    public boolean release(String correlationId) {
        return tracker.release(Objects.requireNonNull(correlationId, "correlationId"));
    }

    /** Closes with a drain of up to 30 s. */
    @Override
    public void close() {
        close(DEFAULT_CLOSE_TIMEOUT);
    }

    /**
     * Stops reading, lets running handlers finish for up to {@code timeout}, commits what finished
     * and closes the clients. Records read but not started are not committed: the group reads them
     * again. Returns whether everything finished in time. Idempotent.
     */
    public boolean close(Duration timeout) {
        return stop(true, timeout);
    }

    /**
     * Stops at once, as a crash would for the records in flight: handlers are interrupted, only
     * finished records are committed, the rest are read again by the group.
     */
    public boolean closeNow() {
        return stop(false, Duration.ZERO);
    }

    private synchronized boolean stop(boolean drain, Duration timeout) {
        State current = state.get();
        if (current == State.CLOSED || current == State.CLOSING) {
            return true;
        }
        if (current == State.NEW) {
            state.set(State.CLOSED);
            handlers.shutDown(false);
            removeHandlerTimer();
            return true;
        }
        if (current != State.FAILED) {
            state.set(State.CLOSING);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        loop.requestStop(drain, timeout);
        if (!drain) {
            decodeStage.close();
            handlers.shutDown(true);
        }
        boolean finished = true;
        try {
            pollThread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())) + 10_000);
            finished = !pollThread.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            finished = false;
        }
        decodeStage.close();
        handlers.shutDown(!drain);
        deadLetters.close();
        registry.close();
        if (meters != null) {
            meters.close();
        }
        if (state.get() != State.FAILED) {
            state.set(State.CLOSED);
        }
        LOG.info("subscriber {} {}: {}", config.groupId(), state.get(), metrics());
        return finished;
    }

    private void removeHandlerTimer() {
        if (handlerTimer != null) {
            meterRegistry.remove(handlerTimer);
        }
    }

    /**
     * Builds an {@link EventSubscriber}. Not thread-safe. Listeners of one record run in the order:
     * by type, by domain, for all.
     */
    public static final class Builder {
        private final SubscriberConfig config;
        private final Map<EventType, List<Routing.NamedListener>> byType = new EnumMap<>(EventType.class);
        private final Map<Domain, List<Routing.NamedListener>> byDomain = new EnumMap<>(Domain.class);
        private final List<Routing.NamedListener> all = new ArrayList<>();
        private Executor executor;
        private RejectedRecordListener rejected;
        private MeterRegistry meterRegistry;
        private OpenTelemetry openTelemetry;

        private Builder(SubscriberConfig config) {
            this.config = Objects.requireNonNull(config, "config");
        }

        /** Calls {@code listener} for every event of this type. */
        public Builder on(EventType type, EventListener listener) {
            Objects.requireNonNull(type, "type");
            if (!type.isKnown()) {
                throw new IllegalArgumentException("cannot subscribe to UNKNOWN; use strictTypes to dead-letter unknown types");
            }
            byType.computeIfAbsent(type, t -> new ArrayList<>())
                    .add(new Routing.NamedListener(type.wireName() + "#" + (byType.get(type).size() + 1),
                            Objects.requireNonNull(listener, "listener")));
            return this;
        }

        /** Calls {@code listener} for every event of this domain. */
        public Builder on(Domain domain, EventListener listener) {
            Objects.requireNonNull(domain, "domain");
            byDomain.computeIfAbsent(domain, d -> new ArrayList<>())
                    .add(new Routing.NamedListener(domain.wireName() + ".*#" + (byDomain.get(domain).size() + 1),
                            Objects.requireNonNull(listener, "listener")));
            return this;
        }

        /** Calls {@code listener} for every event of every domain. */
        public Builder onAll(EventListener listener) {
            all.add(new Routing.NamedListener("*#" + (all.size() + 1), Objects.requireNonNull(listener, "listener")));
            return this;
        }

        /**
         * Registers the subscriber's meters in this Micrometer registry while it runs (counters, gauges,
         * handler time histogram, the Kafka consumer's client metrics; docs/observability.md). Without it,
         * no meter is made.
         */
        public Builder meterRegistry(MeterRegistry registry) {
            this.meterRegistry = Objects.requireNonNull(registry, "registry");
            return this;
        }

        /**
         * Makes each handler call a CONSUMER span of this OpenTelemetry's tracer (default:
         * {@link GlobalOpenTelemetry#get()}, a no-op unless an SDK or agent registered one).
         */
        public Builder openTelemetry(OpenTelemetry telemetry) {
            this.openTelemetry = Objects.requireNonNull(telemetry, "telemetry");
            return this;
        }

        /** Runs handlers on this executor (e.g. virtual threads on newer JDKs) instead of an own pool. */
        public Builder executor(Executor handlerExecutor) {
            this.executor = Objects.requireNonNull(handlerExecutor, "handlerExecutor");
            return this;
        }

        /**
         * Tells {@code listener} of every record the subscriber gives up on (undecodable, unknown
         * type under {@code strictTypes}, handler failed, held), after it was dead-lettered or, under
         * {@link DeadLetterPolicy#SKIP}, instead. Replaces the WARN log line written for each by
         * default. See {@link RejectedRecordListener} for the threads it is called on.
         */
        public Builder onRejected(RejectedRecordListener listener) {
            this.rejected = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /** @throws IllegalStateException if no listener was added */
        public EventSubscriber build() {
            Routing routing = new Routing(byType, byDomain, all);
            if (routing.isEmpty()) {
                throw new IllegalStateException("a subscriber needs at least one listener (on(type), on(domain) or onAll)");
            }
            return new EventSubscriber(config, routing, executor, rejected, meterRegistry,
                    openTelemetry == null ? GlobalOpenTelemetry.get() : openTelemetry);
        }
    }
}
