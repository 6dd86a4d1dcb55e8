package io.agentevents.benchmarks;

import io.agentevents.schemas.DomainEvent;
import io.agentevents.schemas.registry.InMemorySchemaRegistryClient;
import io.agentevents.schemas.serde.DomainEventDeserializer;
import io.agentevents.schemas.serde.DomainEventSerializer;
import io.agentevents.schemas.serde.SerdeConfig;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;


/**
 * One typical {@code plan.phase_changed} event as a Kafka record value in the Confluent wire format
 * (magic byte, schema id, Avro), through the Kafka serde the producer and the consumer use:
 * {@link #serialize} is {@link DomainEventSerializer#serialize(String, DomainEvent)} (schema id from
 * the serializer's per-subject cache, header, Avro), {@link #deserialize} is
 * {@link DomainEventDeserializer#deserialize(String, byte[])} (header checks, writer schema by id
 * from the registry client's cache, Avro resolution, contract checks). The registry is an
 * {@link InMemorySchemaRegistryClient}; after the first record neither side asks it anything the
 * HTTP client would not also answer from its cache, so no network time is hidden or added.
 *
 * <p>Time per event in ns; bytes allocated per event with {@code -prof gc}
 * ({@code gc.alloc.rate.norm}). Compare with {@link AvroCodecBenchmark} for the serde's own cost.
 */
@State(Scope.Benchmark)
public class WireSerdeBenchmark extends PerEventBenchmark {

    private DomainEventSerializer serializer;
    private DomainEventDeserializer deserializer;
    private DomainEvent event;
    private byte[] serialized;

    @Setup
    public void setUp() {
        InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
        serializer = new DomainEventSerializer(registry, SerdeConfig.defaults());
        deserializer = new DomainEventDeserializer(registry, SerdeConfig.defaults());
        event = TypicalEvents.phaseChanged();
        serialized = serializer.serialize(TypicalEvents.PLAN_TOPIC, event); // registers the schema
        if (!deserializer.deserialize(TypicalEvents.PLAN_TOPIC, serialized).equals(event)) {
            throw new IllegalStateException("the serde does not round-trip the benchmark event");
        }
    }

    @TearDown
    public void tearDown() {
        serializer.close();
        deserializer.close();
    }

    @Benchmark
    public byte[] serialize() {
        return serializer.serialize(TypicalEvents.PLAN_TOPIC, event);
    }

    @Benchmark
    public DomainEvent deserialize() {
        return deserializer.deserialize(TypicalEvents.PLAN_TOPIC, serialized);
    }
}
