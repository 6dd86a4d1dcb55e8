package io.agentevents.streams.topology;

import io.agentevents.schemas.Domain;
import io.agentevents.schemas.DomainEvent;
import io.agentevents.schemas.registry.InMemorySchemaRegistryClient;
import io.agentevents.schemas.serde.DomainEventSerde;
import io.agentevents.schemas.serde.SerdeConfig;
import io.agentevents.schemas.topics.TopicLayout;
import io.agentevents.streams.model.AuditEntry;
import io.agentevents.streams.model.AuditTrail;
import io.agentevents.streams.model.JsonSerdes;
import io.agentevents.streams.model.PlanFold;
import io.agentevents.streams.model.PlanIndex;
import io.agentevents.streams.model.PlanState;
import io.agentevents.streams.model.RateWindow;
import io.agentevents.streams.store.PlanIndexStore;
import io.agentevents.streams.store.TrailStore;

import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * The projections topology in a {@code TopologyTestDriver} under {@code exactly_once_v2}, with a
 * {@link DomainEventSerde} on an {@link InMemorySchemaRegistryClient}: typed input per domain topic,
 * typed output topics and store access.
 */
final class ProjectionsDriver implements AutoCloseable {

    static final TopicLayout TOPICS = TopicLayout.local(1);

    final InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
    final DomainEventSerde serde;
    final ProjectionErrorCounter counter = new ProjectionErrorCounter();
    final TopologyTestDriver driver;
    final TestOutputTopic<String, AuditEntry> audit;
    final TestOutputTopic<String, PlanState> planStates;
    final TestOutputTopic<String, RateWindow> rates;
    final TestOutputTopic<byte[], byte[]> deadLetters;
    private final Map<Domain, TestInputTopic<String, DomainEvent>> inputs = new EnumMap<>(Domain.class);
    private final Path stateDir;

    ProjectionsDriver() {
        this(UnaryOperator.identity(), Map.of());
    }

    /**
     * A driver whose tasks own every key in place ({@link InPlaceRouting} with one partition, as the
     * driver has): the roles for an event's record key skip the internal topic.
     */
    static ProjectionsDriver inPlace() {
        InPlaceRouting routing = new InPlaceRouting();
        routing.partitions(1);
        return new ProjectionsDriver(UnaryOperator.identity(), Map.of(InPlaceRouting.CONFIG, routing));
    }

    ProjectionsDriver(UnaryOperator<ProjectionOptions> options, Map<String, Object> extraConfig) {
        this(options, extraConfig, null);
    }

    /** With {@code eventSerde} replacing the registry-backed serde when not null. */
    ProjectionsDriver(UnaryOperator<ProjectionOptions> options, Map<String, Object> extraConfig, Serde<DomainEvent> eventSerde) {
        serde = new DomainEventSerde(registry, SerdeConfig.defaults());
        try {
            stateDir = Files.createTempDirectory("projections-test-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "projections-test-" + UUID.randomUUID());
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, ProjectionsDeserializationHandler.class.getName());
        props.put(ProjectionErrorCounter.CONFIG, counter);
        props.putAll(extraConfig);
        ProjectionOptions base = ProjectionOptions.defaults(TOPICS, eventSerde == null ? serde : eventSerde);
        driver = new TopologyTestDriver(ProjectionsTopology.topology(options.apply(base)), props);
        for (Domain domain : Domain.values()) {
            inputs.put(domain, driver.createInputTopic(TOPICS.topic(domain), new StringSerializer(), serde.serializer()));
        }
        audit = driver.createOutputTopic(ProjectionStores.AUDIT_TOPIC, new StringDeserializer(),
                JsonSerdes.of(AuditEntry.class).deserializer());
        planStates = driver.createOutputTopic(ProjectionStores.PLAN_STATE_TOPIC, new StringDeserializer(),
                JsonSerdes.of(PlanState.class).deserializer());
        rates = driver.createOutputTopic(ProjectionStores.EVENT_RATES_TOPIC, new StringDeserializer(),
                JsonSerdes.of(RateWindow.class).deserializer());
        deadLetters = driver.createOutputTopic(ProjectionStores.DEAD_LETTER_TOPIC, new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
    }

    /** Pipes the event into its domain's topic, keyed by correlation id. */
    ProjectionsDriver pipe(DomainEvent... events) {
        for (DomainEvent event : events) {
            inputs.get(event.domain()).pipeInput(event.correlationId(), event, event.timestamp());
        }
        return this;
    }

    /** Pipes the event into its domain's topic with this {@code traceparent} header. */
    void pipeTraced(DomainEvent event, String traceparent) {
        org.apache.kafka.common.header.internals.RecordHeaders headers = new org.apache.kafka.common.header.internals.RecordHeaders();
        headers.add(io.agentevents.schemas.headers.CloudEventHeaders.TRACEPARENT,
                traceparent.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        inputs.get(event.domain()).pipeInput(new org.apache.kafka.streams.test.TestRecord<>(event.correlationId(), event,
                headers, event.timestamp()));
    }

    /** Pipes the event into the given domain's topic (for UNKNOWN events, which have no domain). */
    void pipe(Domain domain, DomainEvent event) {
        inputs.get(domain).pipeInput(event.correlationId(), event, event.timestamp());
    }

    /** Pipes raw bytes into a domain topic. */
    void pipeRaw(Domain domain, byte[] value) {
        TestInputTopic<String, byte[]> raw = driver.createInputTopic(TOPICS.topic(domain), new StringSerializer(),
                new ByteArraySerializer());
        raw.pipeInput("raw-key", value);
    }

    PlanFold fold(String planId) {
        KeyValueStore<String, PlanFold> store = driver.getKeyValueStore(ProjectionStores.PLAN_STATE);
        return store.get(planId);
    }

    PlanState state(String planId) {
        PlanFold fold = fold(planId);
        return fold == null ? null : fold.state();
    }

    AuditTrail trailOfCorrelation(String correlationId) {
        return trail(ProjectionStores.AUDIT_BY_CORRELATION, TrailStore.CORRELATION_TRAILS, correlationId);
    }

    AuditTrail trailOfPlan(String planId) {
        return trail(ProjectionStores.AUDIT_BY_PLAN, TrailStore.PLAN_TRAILS, planId);
    }

    private AuditTrail trail(String storeName, byte kind, String owner) {
        KeyValueStore<Bytes, byte[]> store = driver.getKeyValueStore(storeName);
        KeyValueStore<Bytes, byte[]> heads = driver.getKeyValueStore(ProjectionStores.AUDIT_HEADS);
        return TrailStore.read(store, heads, kind, owner, serde.deserializer()::deserialize).orElse(null);
    }

    PlanIndex plansOfRoot(String rootPlanId) {
        KeyValueStore<Bytes, byte[]> store = driver.getKeyValueStore(ProjectionStores.PLANS_BY_ROOT);
        return PlanIndexStore.read(store, rootPlanId).orElse(null);
    }

    WindowStore<String, Long> rateStore() {
        return driver.getWindowStore(ProjectionStores.EVENT_RATES);
    }

    @Override
    public void close() {
        try {
            driver.close();
        } finally {
            deleteRecursively(stateDir);
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
