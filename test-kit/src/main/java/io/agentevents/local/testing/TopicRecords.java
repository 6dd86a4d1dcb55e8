package io.agentevents.local.testing;

import io.agentevents.schemas.DomainEvent;
import io.agentevents.schemas.registry.HttpSchemaRegistryClient;
import io.agentevents.schemas.registry.SchemaRegistryClient;
import io.agentevents.schemas.registry.SchemaRegistryConfig;
import io.agentevents.schemas.serde.DomainEventSerde;
import io.agentevents.schemas.serde.SerdeConfig;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A fluent handle on one topic of a {@link TestPlatform}, for tests that put records there by hand
 * (bad bytes, events of another writer) or read what landed:
 *
 * <pre>{@code
 * TopicRecords plan = TopicRecords.on(platform, "events.plan");
 * plan.send("key", new byte[] {0, 0, 0, 0x7f, 1});        // a poison record
 * plan.sendEvents(event);                                  // Confluent wire format, registered on the platform
 * List<ConsumerRecord<String, byte[]>> read = plan.await(3, Duration.ofSeconds(30));
 * }</pre>
 *
 * Every send waits until Kafka acknowledged it ({@code acks=all}) and fails the test otherwise;
 * {@link #await} reads from the beginning in a group of its own, {@link #readFromBeginning} and
 * {@link #read} without a group. Not thread-safe; cheap to make.
 */
public final class TopicRecords {
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);

    private final TestPlatform platform;
    private final String topic;

    private TopicRecords(TestPlatform platform, String topic) {
        this.platform = Objects.requireNonNull(platform, "platform");
        this.topic = Objects.requireNonNull(topic, "topic");
    }

    /** The records of {@code topic} on {@code platform}. */
    public static TopicRecords on(TestPlatform platform, String topic) {
        return new TopicRecords(platform, topic);
    }

    /** Sends one record as given (key may be null) and returns where it landed. */
    public RecordMetadata send(String key, byte[] value) {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, platform.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), new ByteArraySerializer())) {
            return producer.send(new ProducerRecord<>(topic, key, value)).get(SEND_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError("could not send a record to " + topic + " on " + platform.bootstrapServers() + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while sending to " + topic, e);
        }
    }

    /**
     * Sends events in the Confluent wire format (schema registered on the platform's registry under
     * {@code <topic>-value}), keyed by correlation id, without CloudEvents headers: what a plain
     * Avro producer of another language writes.
     */
    public List<RecordMetadata> sendEvents(DomainEvent... events) {
        List<RecordMetadata> landed = new ArrayList<>();
        try (SchemaRegistryClient registry = new HttpSchemaRegistryClient(SchemaRegistryConfig.of(platform.schemaRegistryUrl()))) {
            DomainEventSerde serde = new DomainEventSerde(registry, SerdeConfig.defaults());
            for (DomainEvent event : events) {
                landed.add(send(event.correlationId(), serde.serializer().serialize(topic, event)));
            }
        }
        return landed;
    }

    /**
     * Reads the topic from its beginning until {@code count} records arrived, in a new group.
     *
     * @throws AssertionError naming the topic and how many arrived when fewer came within {@code timeout}
     */
    public List<ConsumerRecord<String, byte[]>> await(int count, Duration timeout) {
        List<ConsumerRecord<String, byte[]>> read = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, platform.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "test-kit-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (read.size() < count && System.nanoTime() - deadline < 0) {
                consumer.poll(Duration.ofMillis(200)).forEach(read::add);
            }
        }
        if (read.size() < count) {
            throw new AssertionError("expected " + count + " record(s) on " + topic + " within " + timeout + ", got " + read.size());
        }
        return read;
    }

    /**
     * Reads every partition of the topic from its beginning, without a group, until {@code expected}
     * records arrived or {@code timeout} passed, then polls once more (so a surplus shows): what came,
     * possibly fewer or more than expected, for the caller to assert on.
     */
    public List<ConsumerRecord<String, byte[]>> readFromBeginning(int expected, Duration timeout) {
        List<ConsumerRecord<String, byte[]>> read = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = groupless()) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (read.size() < expected && System.nanoTime() - deadline < 0) {
                consumer.poll(Duration.ofMillis(200)).forEach(read::add);
            }
            consumer.poll(Duration.ofMillis(300)).forEach(read::add);
        }
        return read;
    }

    /**
     * The record at one position of the topic, waiting up to {@code timeout} for it.
     *
     * @throws AssertionError naming the position when it did not come
     */
    public ConsumerRecord<String, byte[]> read(int partition, long offset, Duration timeout) {
        try (KafkaConsumer<String, byte[]> consumer = groupless()) {
            TopicPartition position = new TopicPartition(topic, partition);
            consumer.assign(List.of(position));
            consumer.seek(position, offset);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() - deadline < 0) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.offset() == offset) {
                        return record;
                    }
                }
            }
        }
        throw new AssertionError("no record at " + topic + "-" + partition + "@" + offset + " within " + timeout);
    }

    private KafkaConsumer<String, byte[]> groupless() {
        return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, platform.bootstrapServers()),
                new StringDeserializer(), new ByteArrayDeserializer());
    }
}
