package io.agentevents.producer.kafka;

import io.agentevents.producer.EmitException;
import io.agentevents.producer.EmitResult;
import io.agentevents.producer.EventBus;
import io.agentevents.producer.EventBusException;
import io.agentevents.schemas.Domain;
import io.agentevents.schemas.DomainEvent;
import io.agentevents.schemas.headers.CloudEventHeaderWriter;
import io.agentevents.schemas.registry.CompatibilityLevel;
import io.agentevents.schemas.registry.HttpSchemaRegistryClient;
import io.agentevents.schemas.registry.SchemaRegistryClient;
import io.agentevents.schemas.registry.SchemaRegistryException;
import io.agentevents.schemas.serde.DomainEventSerializer;
import io.agentevents.schemas.serde.SerdeConfig;
import io.agentevents.schemas.topics.SubjectProvisioner;
import io.agentevents.schemas.topics.TopicProvisioner;

import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Emits events to Kafka: one topic per domain ({@code <prefix>.<domain>}), the correlation id as
 * key, the value in Avro under the registry's schema id (Confluent wire format), and the
 * CloudEvents headers of the contract.
 *
 * <p><b>Guarantees.</b> One idempotent producer with {@code acks=all}: an event whose future
 * completed successfully is durably stored on every in-sync replica, exactly once (producer
 * retries never duplicate it); events of one correlation id emitted from one thread land on one
 * partition in emit order. A failed emit completes its future exceptionally within
 * {@link KafkaEventBusConfig#deliveryTimeout()} with an {@link EmitException}; retriable ones
 * (broker or registry down or slow) may be emitted again, since the event id lets readers
 * deduplicate. The record timestamp is the time of sending; the event's own time is in the value
 * and in {@code ce_time}.
 *
 * <p><b>Cost.</b> Everything that does not depend on the event is done once, at start: the topic
 * of each domain, the constant header values (see {@link CloudEventHeaderWriter}) and the registry
 * client (plain HTTP for an {@code http://} registry: no TLS set-up); the serializer asks the
 * registry for the schema id once per subject. Per emit: the record, its headers, the Avro value
 * and one future, which is also the producer's callback.
 *
 * <p><b>Tracing.</b> Each emit is a PRODUCER span (OpenTelemetry's messaging conventions, plus the
 * event type and plan id), a child of the emitting thread's current span, and the record carries its
 * W3C {@code traceparent}: an event emitted inside a subscriber's handler continues the handled
 * event's trace, also without an OpenTelemetry SDK (then no span is recorded, the trace id still
 * travels). {@code causation_id} remains the domain-level link.
 *
 * <p><b>Threads.</b> Thread-safe; share one instance per process. {@code emit} may block the
 * caller up to {@code maxBlock} while metadata is fetched or the send buffer is full, and on the
 * first emit to a subject while the registry answers (bounded by the registry client's timeouts).
 *
 * <p><b>Emitting only.</b> It reads nothing and creates no consumer group. To receive events from
 * Kafka, register the same {@code io.agentevents.api.EventListener}s with an {@code EventSubscriber}
 * (module {@code consumer-sdk}) in a consumer group you name.
 */
public final class KafkaEventBus implements EventBus {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaEventBus.class);
    private static final Duration WAIT_MARGIN = Duration.ofSeconds(5);
    /**
     * A client without {@code security.protocol} talking to a broker that requires a login is not
     * told why: the broker just closes the connection, and the client times out waiting for metadata.
     */
    private static final String NO_SECURITY_HINT = "; no security.protocol is configured: if the brokers require "
            + "authentication (SASL or TLS), set eventbus.kafka.security.protocol, sasl.mechanism and sasl.jaas.config";

    private final KafkaEventBusConfig config;
    private final EmitTracing tracing;
    private final Producer<String, DomainEvent> producer;
    private final SchemaRegistryClient registry;
    private final Map<Domain, String> topics;
    private final CloudEventHeaderWriter headers = new CloudEventHeaderWriter();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final EmitMeters meters;

    private KafkaEventBus(KafkaEventBusConfig config, EmitTracing tracing, Producer<String, DomainEvent> producer,
                          SchemaRegistryClient registry, EmitMeters meters) {
        this.config = config;
        this.tracing = tracing;
        this.producer = producer;
        this.registry = registry;
        this.meters = meters;
        Map<Domain, String> byDomain = new EnumMap<>(Domain.class);
        for (Domain domain : Domain.values()) {
            byDomain.put(domain, config.topics().topic(domain));
        }
        this.topics = byDomain;
    }

    /** Starts a bus without tracing. See {@link #start(KafkaEventBusConfig, TraceContext)}. */
    public static KafkaEventBus start(KafkaEventBusConfig config) {
        return start(config, TraceContext.NONE);
    }

    /**
     * Provisions (when configured) and starts a bus: creates missing topics, sets each domain subject
     * to {@code FULL_TRANSITIVE} and registers the contract under it (the schema every language
     * registers, see {@link SubjectProvisioner}), then opens the producer.
     *
     * @throws EventBusException naming the bootstrap servers or registry when provisioning fails
     */
    public static KafkaEventBus start(KafkaEventBusConfig config, TraceContext traceContext) {
        return builder(config).traceContext(traceContext).start();
    }

    /** A builder for a bus with this configuration: meters, tracing, then {@link Builder#start()}. */
    public static Builder builder(KafkaEventBusConfig config) {
        return new Builder(config);
    }

    private static KafkaEventBus start(KafkaEventBusConfig config, TraceContext traceContext, MeterRegistry meterRegistry,
                                       OpenTelemetry openTelemetry) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(traceContext, "traceContext");
        SchemaRegistryClient registry = new HttpSchemaRegistryClient(config.connection().registry());
        try {
            if (config.provision()) {
                provision(config, registry);
            }
            DomainEventSerializer serializer = new DomainEventSerializer(registry,
                    SerdeConfig.defaults().withAutoRegister(config.autoRegisterSchemas()));
            KafkaProducer<String, DomainEvent> producer =
                    new KafkaProducer<>(config.producerProperties(), new StringSerializer(), serializer);
            LOG.info("KafkaEventBus started: {}", config);
            EmitMeters meters = meterRegistry == null ? EmitMeters.NONE : EmitMeters.bind(meterRegistry, config.clientId(), producer);
            return new KafkaEventBus(config, new EmitTracing(openTelemetry, traceContext), producer, registry, meters);
        } catch (RuntimeException e) {
            registry.close();
            throw e instanceof EventBusException ? e : new EventBusException("cannot start the Kafka event bus ("
                    + config.connection().bootstrapServers() + ", registry " + config.connection().registryUrls() + "): "
                    + e.getMessage(), false, e);
        }
    }

    private static void provision(KafkaEventBusConfig config, SchemaRegistryClient registry) {
        try (Admin admin = Admin.create(config.adminProperties())) {
            TopicProvisioner.provision(admin, config.topics(), config.deliveryTimeout());
        } catch (IllegalStateException e) {
            throw new EventBusException("cannot provision topics on Kafka at " + config.connection().bootstrapServers() + ": "
                    + e.getMessage() + (isTimeout(e) ? securityHint(config) : ""), true, e);
        }
        try {
            for (Domain domain : Domain.values()) {
                registry.setSubjectCompatibility(config.topics().valueSubject(domain), CompatibilityLevel.FULL_TRANSITIVE);
            }
            SubjectProvisioner.register(registry, config.topics().prefix());
        } catch (SchemaRegistryException e) {
            throw new EventBusException("cannot provision subjects on the schema registry at "
                    + config.connection().registryUrls()
                    + ": " + e.getMessage(), e.retriable(), e);
        }
    }

    @Override
    public CompletableFuture<EmitResult> emit(DomainEvent event) {
        Objects.requireNonNull(event, "event");
        if (closed.get()) {
            return CompletableFuture.failedFuture(new EmitException("event " + event.eventId()
                    + " not emitted: the event bus is closed", false, null));
        }
        if (!event.type().isKnown()) {
            return CompletableFuture.failedFuture(new EmitException("event " + event.eventId()
                    + " not emitted: type UNKNOWN is only ever read, never emitted", false, null));
        }
        String topic = topics.get(event.domain());
        Span span = tracing.start(event, topic);
        PendingEmit result = new PendingEmit(this, event, topic, span);
        try {
            ProducerRecord<String, DomainEvent> record = new ProducerRecord<>(topic, null, null, event.correlationId(), event);
            headers.write(record.headers(), event, tracing.traceparent(span));
            producer.send(record, result);
        } catch (RuntimeException e) {
            EmitException failure = failed(event, e, topic);
            EmitTracing.failed(span, failure);
            result.completeExceptionally(failure);
        }
        return result;
    }

    /** The future of one emit, completed by the producer's callback: one object per emit instead of two. */
    private static final class PendingEmit extends CompletableFuture<EmitResult> implements Callback {
        private final KafkaEventBus bus;
        private final DomainEvent event;
        private final String topic;
        private final Span span;
        private final long started = System.nanoTime();

        PendingEmit(KafkaEventBus bus, DomainEvent event, String topic, Span span) {
            this.bus = bus;
            this.event = event;
            this.topic = topic;
            this.span = span;
        }

        @Override
        public void onCompletion(RecordMetadata metadata, Exception failure) {
            if (failure != null) {
                EmitException failed = bus.failed(event, failure, topic);
                EmitTracing.failed(span, failed);
                completeExceptionally(failed);
            } else {
                bus.meters.acknowledged(event.domain(), started);
                EmitTracing.acknowledged(span, metadata);
                complete(new EmitResult(metadata.topic(), metadata.partition(), metadata.offset(), event.eventId()));
            }
        }
    }

    /**
     * The failure as an {@link EmitException}: a timeout before the producer ever connected to a
     * broker says Kafka could not be reached (naming the bootstrap servers, not the registry); another
     * timeout without security settings says they may be missing.
     */
    private EmitException failed(DomainEvent event, Throwable failure, String topic) {
        EmitException failed = describe(event, failure, topic);
        meters.failed(event.domain(), failed.retriable());
        return failed;
    }

    private EmitException describe(DomainEvent event, Throwable failure, String topic) {
        if (isTimeout(failure) && !connectedToAnyBroker()) {
            return new EmitException("event " + event.eventId() + " (" + event.type().wireName() + ") not emitted: cannot reach "
                    + "Kafka at " + config.connection().bootstrapServers() + " within " + config.maxBlock().toSeconds() + " s",
                    true, failure);
        }
        EmitException wrapped = EmitException.wrap(event, failure, destination(topic));
        String hint = isTimeout(failure) ? securityHint(config) : "";
        return hint.isEmpty() || wrapped.getMessage().endsWith(hint) ? wrapped
                : new EmitException(wrapped.getMessage() + hint, wrapped.retriable(), wrapped.getCause());
    }

    /** Whether the producer ever opened a connection to a broker (its {@code connection-creation-total} metric). */
    private boolean connectedToAnyBroker() {
        for (Map.Entry<MetricName, ? extends Metric> metric : producer.metrics().entrySet()) {
            if (metric.getKey().name().equals("connection-creation-total") && metric.getKey().group().equals("producer-metrics")
                    && metric.getValue().metricValue() instanceof Double created && created > 0) {
                return true;
            }
        }
        return false;
    }

    private static boolean isTimeout(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof org.apache.kafka.common.errors.TimeoutException || t instanceof java.util.concurrent.TimeoutException) {
                return true;
            }
        }
        return false;
    }

    private static String securityHint(KafkaEventBusConfig config) {
        return config.connection().kafkaSecurity().containsKey("security.protocol") ? "" : NO_SECURITY_HINT;
    }

    private String destination(String topic) {
        return topic + " on Kafka " + config.connection().bootstrapServers() + " (delivery timeout " + config.deliveryTimeout().toMillis()
                + " ms, registry " + config.connection().registryUrls() + ")";
    }

    /** Waits up to the delivery timeout plus the time emit may block, plus a margin. */
    @Override
    public EmitResult emitAndWait(DomainEvent event) {
        return emitAndWait(event, config.deliveryTimeout().plus(config.maxBlock()).plus(WAIT_MARGIN));
    }

    /** Blocks until every event emitted so far has landed or failed. */
    public void flush() {
        producer.flush();
    }

    public KafkaEventBusConfig config() {
        return config;
    }

    /** Waits up to the delivery timeout for emitted events to land, then closes the producer and registry client. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            try {
                producer.close(config.deliveryTimeout());
            } finally {
                meters.close();
                registry.close();
            }
            LOG.info("KafkaEventBus closed");
        }
    }

    /**
     * Builds and starts a {@link KafkaEventBus}: its configuration, and optionally a Micrometer registry
     * for its meters, the OpenTelemetry whose tracer makes its PRODUCER spans (default: the global one,
     * a no-op unless an SDK or agent registered one), and a {@link TraceContext} for records emitted
     * outside any trace. Not thread-safe.
     */
    public static final class Builder {
        private final KafkaEventBusConfig config;
        private TraceContext traceContext = TraceContext.NONE;
        private MeterRegistry meterRegistry;
        private OpenTelemetry openTelemetry;

        private Builder(KafkaEventBusConfig config) {
            this.config = Objects.requireNonNull(config, "config");
        }

        /** Meters of the bus in this registry (docs/observability.md); without one, none. */
        public Builder meterRegistry(MeterRegistry registry) {
            this.meterRegistry = Objects.requireNonNull(registry, "registry");
            return this;
        }

        /** Spans of the bus through this OpenTelemetry (default: {@link GlobalOpenTelemetry#get()}). */
        public Builder openTelemetry(OpenTelemetry telemetry) {
            this.openTelemetry = Objects.requireNonNull(telemetry, "telemetry");
            return this;
        }

        /** The {@code traceparent} of records emitted outside any OpenTelemetry trace (default: none). */
        public Builder traceContext(TraceContext context) {
            this.traceContext = Objects.requireNonNull(context, "context");
            return this;
        }

        /** Provisions and starts the bus, as {@link KafkaEventBus#start(KafkaEventBusConfig, TraceContext)} describes. */
        public KafkaEventBus start() {
            return KafkaEventBus.start(config, traceContext, meterRegistry,
                    openTelemetry == null ? GlobalOpenTelemetry.get() : openTelemetry);
        }
    }
}
