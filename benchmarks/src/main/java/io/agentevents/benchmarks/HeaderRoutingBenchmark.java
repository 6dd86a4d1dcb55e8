package io.agentevents.benchmarks;

import io.agentevents.consumer.internal.HeaderRouter;
import io.agentevents.consumer.internal.Routing;
import io.agentevents.schemas.Domain;
import io.agentevents.schemas.DomainEvent;
import io.agentevents.schemas.EventType;
import io.agentevents.schemas.headers.CloudEventHeaders;
import io.agentevents.schemas.registry.InMemorySchemaRegistryClient;
import io.agentevents.schemas.serde.DomainEventDeserializer;
import io.agentevents.schemas.serde.DomainEventSerializer;
import io.agentevents.schemas.serde.SerdeConfig;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * What a subscriber pays to decide whether it wants a record it polled: reading the
 * {@code ce_type} header, or decoding the value. The batch is {@value #BATCH} records of the
 * {@code events.plan} topic as the Kafka consumer hands them over (key, Confluent wire-format value
 * from {@link DomainEventSerializer}, headers from {@link CloudEventHeaders#write} with a
 * {@code traceparent}), their types cycling through the eight plan types; the subscriber wants
 * {@code plan.completed} and {@code plan.failed}, so a quarter of the records.
 *
 * <ul>
 *   <li>{@link #headerFilter}: the consumer SDK's poll-loop decision itself,
 *       {@link HeaderRouter#needsHandling} with the subscriber's own {@link Routing} (the header's
 *       bytes compared with the catalog's wire names, nothing allocated);</li>
 *   <li>{@link #headerFilterDecodingTheName}: the decision as the poll loop made it before
 *       {@link HeaderRouter}: {@link CloudEventHeaders#type} (a {@code String} of the header, a map
 *       look-up, an {@code Optional}) then {@link Routing#wants};</li>
 *   <li>{@link #fullDecode}: what a reader without the header has to do, as the SDK's record
 *       processor does after the header said yes: {@link DomainEventDeserializer#deserialize(String,
 *       org.apache.kafka.common.header.Headers, byte[])}, then the same {@link Routing#wants} on the
 *       decoded type.</li>
 * </ul>
 * Both return how many records are wanted (the same number). Scores are per record
 * ({@link OperationsPerInvocation}): ns per record, and with {@code -prof gc} bytes allocated per
 * record. Not included in either: what the Kafka consumer itself spent fetching and parsing the
 * records (the same for both), except that a real consumer's header values are still slices of the
 * fetch buffer and the first {@code value()} copies the short {@code ce_type} value into an array;
 * here the headers hold arrays already, so the header path is a few ns and about 40 bytes per record
 * cheaper here than in a live consumer.
 */
@State(Scope.Benchmark)
public class HeaderRoutingBenchmark extends PerEventBenchmark {

    static final int BATCH = 100;

    /** The subscriber's setting for types it does not know: skip them (the default). */
    private static final boolean STRICT_TYPES = false;

    private static final Set<EventType> WANTED = EnumSet.of(EventType.PLAN_COMPLETED, EventType.PLAN_FAILED);

    private Routing routing;
    private HeaderRouter router;
    private DomainEventSerializer serializer;
    private DomainEventDeserializer deserializer;
    private List<ConsumerRecord<String, byte[]>> batch;

    @Setup
    public void setUp() {
        routing = new Routing(
                Map.of(EventType.PLAN_COMPLETED, List.of(new Routing.NamedListener("plan.completed#1", (event, delivery) -> { })),
                        EventType.PLAN_FAILED, List.of(new Routing.NamedListener("plan.failed#1", (event, delivery) -> { }))),
                Map.of(), List.of());
        router = new HeaderRouter(routing, STRICT_TYPES);
        InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
        serializer = new DomainEventSerializer(registry, SerdeConfig.defaults());
        deserializer = new DomainEventDeserializer(registry, SerdeConfig.defaults());

        List<EventType> planTypes = Domain.PLAN.eventTypes();
        ConsumerRecord<String, byte[]>[] records = newArray(BATCH);
        for (int i = 0; i < BATCH; i++) {
            DomainEvent event = TypicalEvents.planEvent(planTypes.get(i % planTypes.size()), i);
            RecordHeaders headers = new RecordHeaders();
            CloudEventHeaders.write(headers, event, TypicalEvents.TRACEPARENT);
            headers.setReadOnly(); // as the consumer hands them over
            byte[] key = event.correlationId().getBytes(StandardCharsets.UTF_8);
            byte[] value = serializer.serialize(TypicalEvents.PLAN_TOPIC, event);
            records[i] = new ConsumerRecord<>(TypicalEvents.PLAN_TOPIC, 0, 1_000L + i, event.timestamp().toEpochMilli(),
                    TimestampType.CREATE_TIME, key.length, value.length, event.correlationId(), value, headers,
                    Optional.of(0));
        }
        batch = List.of(records);
        int wanted = expectedWanted();
        if (headerFilter() != wanted || headerFilterDecodingTheName() != wanted || fullDecode() != wanted) {
            throw new IllegalStateException("header filters and full decode disagree with the batch: "
                    + headerFilter() + " / " + headerFilterDecodingTheName() + " / " + fullDecode() + ", expected " + wanted);
        }
    }

    @TearDown
    public void tearDown() {
        serializer.close();
        deserializer.close();
    }

    /** Routing on {@code ce_type} without touching the value: the SDK's {@link HeaderRouter}. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int headerFilter() {
        return count(record -> router.needsHandling(record.headers()));
    }

    /** Routing on {@code ce_type} as the poll loop did before {@link HeaderRouter}: decoding the name. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int headerFilterDecodingTheName() {
        return count(this::needsHandling);
    }

    /** Decoding every value, then routing on the decoded type. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int fullDecode() {
        return count(record -> {
            DomainEvent event = deserializer.deserialize(record.topic(), record.headers(), record.value());
            return event.type().isKnown() ? routing.wants(event.type()) : STRICT_TYPES;
        });
    }

    /** How many records of the batch the decision wants (a plain loop: no stream overhead measured). */
    private int count(Predicate<ConsumerRecord<String, byte[]>> wants) {
        int wanted = 0;
        for (ConsumerRecord<String, byte[]> record : batch) {
            if (wants.test(record)) {
                wanted++;
            }
        }
        return wanted;
    }

    /** The consumer SDK's poll-loop decision before {@link HeaderRouter}, line for line. */
    private boolean needsHandling(ConsumerRecord<String, byte[]> record) {
        Optional<EventType> type = CloudEventHeaders.type(record.headers());
        if (type.isEmpty()) {
            return true; // no header: decide after decoding (or dead-letter what cannot be decoded)
        }
        if (!type.get().isKnown()) {
            return STRICT_TYPES;
        }
        return routing.wants(type.get());
    }

    /** How many records of the batch the subscriber wants, counted from the events' types directly. */
    int expectedWanted() {
        return count(record -> WANTED.contains(EventType.fromWireName(
                CloudEventHeaders.get(record.headers(), CloudEventHeaders.TYPE).orElseThrow()).orElseThrow()));
    }

    @SuppressWarnings("unchecked")
    private static ConsumerRecord<String, byte[]>[] newArray(int size) {
        return (ConsumerRecord<String, byte[]>[]) new ConsumerRecord<?, ?>[size];
    }
}
