package io.agentevents.local.testing;

import io.agentevents.schemas.DomainEvent;
import io.agentevents.schemas.codec.AvroEventCodec;
import io.agentevents.schemas.registry.HttpSchemaRegistryClient;
import io.agentevents.schemas.registry.SchemaRegistryClient;
import io.agentevents.schemas.registry.SchemaRegistryConfig;
import io.agentevents.schemas.registry.SchemaRegistryException;
import io.agentevents.schemas.serde.DomainEventDeserializer;
import io.agentevents.schemas.serde.DomainEventSerializer;
import io.agentevents.schemas.testing.EventFixtures;

import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What every platform (embedded or containers) must do for the rest of the project: carry plain
 * Kafka records, carry DomainEvents in the Confluent wire format through the registry, and refuse
 * incompatible schemas. Subclasses say which platform.
 */
abstract class PlatformContract {

    protected abstract TestPlatform platform();

    @Test
    void aPlainKafkaProducerAndConsumerRoundTrip() {
        String topic = platform().uniqueName("plain");
        try (var producer = new KafkaProducer<>(producerProps(), new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < 10; i++) {
                producer.send(new ProducerRecord<>(topic, "key-" + (i % 3), "value-" + i));
            }
            producer.flush();
        }
        List<ConsumerRecord<String, String>> records = consume(topic, 10, new StringDeserializer(), new StringDeserializer());
        assertThat(records).extracting(ConsumerRecord::value)
                .containsExactlyInAnyOrder("value-0", "value-1", "value-2", "value-3", "value-4",
                        "value-5", "value-6", "value-7", "value-8", "value-9");
    }

    @Test
    void domainEventsCrossTheBrokerInTheConfluentWireFormat() {
        String topic = platform().uniqueName("events.plan");
        DomainEvent event = EventFixtures.fullEvent();
        Map<String, Object> serdeProps = Map.of("schema.registry.url", platform().schemaRegistryUrl());

        try (var serializer = new DomainEventSerializer()) {
            serializer.configure(serdeProps, false);
            try (var producer = new KafkaProducer<>(producerProps(), new StringSerializer(), serializer)) {
                producer.send(new ProducerRecord<>(topic, event.correlationId(), event)).get();
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }

        List<ConsumerRecord<String, byte[]>> raw = consume(topic, 1, new StringDeserializer(), new ByteArrayDeserializer());
        byte[] bytes = raw.get(0).value();
        int id = ByteBuffer.wrap(bytes, 1, 4).getInt();
        try (SchemaRegistryClient client = new HttpSchemaRegistryClient(SchemaRegistryConfig.of(platform().schemaRegistryUrl()))) {
            assertThat(bytes[0]).as("magic byte").isZero();
            assertThat(client.latest(topic + "-value").id()).as("schema id in bytes 1..4").isEqualTo(id);
            assertThat(client.schemaById(id)).as("the contract as every language registers it, not the Java class's schema")
                    .isEqualTo(AvroEventCodec.CONTRACT_SCHEMA);
        }
        try (var deserializer = new DomainEventDeserializer()) {
            deserializer.configure(serdeProps, false);
            assertThat(deserializer.deserialize(topic, bytes)).isEqualTo(event);
            assertThat(raw.get(0).key()).isEqualTo(event.correlationId());
        }
    }

    @Test
    void anIncompatibleSchemaIsRefusedWith409NamingTheSubject() {
        String subject = platform().uniqueName("contract") + "-value";
        Schema v1 = SchemaBuilder.record("Thing").fields().requiredString("name").endRecord();
        Schema v2 = SchemaBuilder.record("Thing").fields().requiredString("name").requiredLong("size").endRecord();
        try (SchemaRegistryClient client = new HttpSchemaRegistryClient(SchemaRegistryConfig.of(platform().schemaRegistryUrl()))) {
            int id = client.register(subject, v1);
            assertThat(client.register(subject, v1)).as("re-registering is idempotent").isEqualTo(id);
            assertThat(client.testCompatibility(subject, v2).compatible()).isFalse();
            assertThatThrownBy(() -> client.register(subject, v2))
                    .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                        assertThat(e.httpStatus()).isEqualTo(409);
                        assertThat(e.incompatible()).as("error code %s", e.errorCode()).isTrue();
                        assertThat(e.subject()).contains(subject);
                    })
                    .hasMessageContaining(subject);
            assertThat(client.versions(subject)).containsExactly(1);
        }
    }

    private Map<String, Object> producerProps() {
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, platform().bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        return props;
    }

    private <K, V> List<ConsumerRecord<K, V>> consume(String topic, int count,
                                                      org.apache.kafka.common.serialization.Deserializer<K> keys,
                                                      org.apache.kafka.common.serialization.Deserializer<V> values) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, platform().bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, platform().uniqueName("group"));
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<ConsumerRecord<K, V>> records = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(props, keys, values)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (records.size() < count && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        assertThat(records).as("records read from %s", topic).hasSize(count);
        return records;
    }
}
