package io.agentevents.consumer.deadletter;

import io.agentevents.consumer.SubscriberConfig;
import io.agentevents.local.testing.TestPlatform;
import io.agentevents.schemas.DomainEvent;
import io.agentevents.schemas.headers.CloudEventHeaders;
import io.agentevents.schemas.serde.DomainEventSerializer;
import io.agentevents.schemas.topics.TopicLayout;
import io.agentevents.schemas.topics.TopicProvisioner;

import org.apache.kafka.clients.admin.Admin;
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

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Test helper (after the consumer-sdk's EventWriter): provisions a topic layout under a unique
 * prefix, writes events the way the platform does and raw or malformed records, each waited for,
 * and reads one record back.
 */
final class TopicWriter implements AutoCloseable {
    final TestPlatform platform;
    final TopicLayout layout;
    private final DomainEventSerializer serializer = new DomainEventSerializer();
    private final KafkaProducer<String, byte[]> producer;

    TopicWriter(TestPlatform platform, String name, int partitions) {
        this.platform = platform;
        this.layout = TopicLayout.local(1).withPrefix(platform.uniqueName(name)).withPartitions(partitions);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", platform.bootstrapServers()))) {
            TopicProvisioner.provision(admin, layout, Duration.ofSeconds(60));
        }
        serializer.configure(Map.of("schema.registry.url", platform.schemaRegistryUrl()), false);
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, platform.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer());
    }

    SubscriberConfig subscriberConfig(String group) {
        return SubscriberConfig.builder(platform.bootstrapServers(), platform.schemaRegistryUrl(), platform.uniqueName(group))
                .topicPrefix(layout.prefix())
                .retries(2, Duration.ofMillis(10), Duration.ofMillis(20))
                .commitInterval(Duration.ofMillis(200)).build();
    }

    DeadLetterConfig deadLetterConfig() {
        return DeadLetterConfig.defaults(platform.bootstrapServers(), platform.schemaRegistryUrl())
                .withTopicPrefix(layout.prefix());
    }

    /** The Confluent-format bytes of an event, registering its schema under the topic's subject. */
    byte[] bytes(String topic, DomainEvent event) {
        return serializer.serialize(topic, event);
    }

    RecordMetadata write(DomainEvent event) {
        String topic = layout.topic(event.domain());
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, event.correlationId(), bytes(topic, event));
        CloudEventHeaders.write(record.headers(), event, null);
        return send(record);
    }

    /** A record with these bytes and, when {@code ceType} is given, a {@code ce_type} header. */
    RecordMetadata writeRaw(String topic, String key, byte[] value, Optional<String> ceType) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, key, value);
        ceType.ifPresent(type -> record.headers().add(CloudEventHeaders.TYPE, type.getBytes(StandardCharsets.UTF_8)));
        return send(record);
    }

    /** The four kinds of bytes a subscriber cannot decode, made from good bytes. */
    static byte[] malformed(String kind, byte[] good) {
        return switch (kind) {
            case "garbage" -> "not avro at all, just text".getBytes(StandardCharsets.UTF_8);
            case "bad-magic" -> {
                byte[] bytes = good.clone();
                bytes[0] = 1;
                yield bytes;
            }
            case "unknown-id" -> {
                byte[] bytes = good.clone();
                ByteBuffer.wrap(bytes, 1, 4).put(new byte[] {0, 0, 0x7f, 0x7f});
                yield bytes;
            }
            case "truncated" -> Arrays.copyOf(good, 5 + (good.length - 5) / 3);
            default -> throw new IllegalArgumentException("no malformed kind " + kind);
        };
    }

    /** The record at a position, waiting up to 30 s for it. */
    ConsumerRecord<String, byte[]> read(String topic, int partition, long offset) {
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                platform.bootstrapServers()), new StringDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition tp = new TopicPartition(topic, partition);
            consumer.assign(List.of(tp));
            consumer.seek(tp, offset);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.offset() == offset) {
                        return record;
                    }
                }
            }
            throw new AssertionError("no record at " + topic + "-" + partition + "@" + offset);
        }
    }

    private RecordMetadata send(ProducerRecord<String, byte[]> record) {
        try {
            return producer.send(record).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot write to " + record.topic(), e);
        }
    }

    @Override
    public void close() {
        producer.close();
        serializer.close();
    }
}
