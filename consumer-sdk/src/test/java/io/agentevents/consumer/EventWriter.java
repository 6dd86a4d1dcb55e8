package io.agentevents.consumer;

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
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Test helper: provisions a topic layout with a unique prefix, writes events the way the platform
 * does (Confluent-format value, CloudEvents headers), writes raw bytes, and reads topics back.
 */
final class EventWriter implements AutoCloseable {
    final TestPlatform platform;
    final TopicLayout layout;
    private final DomainEventSerializer serializer = new DomainEventSerializer();
    private final KafkaProducer<String, byte[]> producer;

    EventWriter(TestPlatform platform, String name, int partitions) {
        this.platform = platform;
        this.layout = TopicLayout.local(1).withPrefix(platform.uniqueName(name)).withPartitions(partitions);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", platform.bootstrapServers()))) {
            TopicProvisioner.provision(admin, layout, Duration.ofSeconds(60));
        }
        serializer.configure(Map.of("schema.registry.url", platform.schemaRegistryUrl()), false);
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, platform.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 5),
                new StringSerializer(), new ByteArraySerializer());
    }

    SubscriberConfig config(String group) {
        return SubscriberConfig.builder(platform.bootstrapServers(), platform.schemaRegistryUrl(), platform.uniqueName(group))
                .topicPrefix(layout.prefix()).build();
    }

    void write(DomainEvent event) {
        String topic = layout.topic(event.domain());
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, event.correlationId(),
                serializer.serialize(topic, event));
        CloudEventHeaders.write(record.headers(), event, null);
        producer.send(record);
    }

    void writeAll(List<DomainEvent> events) {
        events.forEach(this::write);
        producer.flush();
    }

    void writeRaw(String topic, String key, byte[] value) {
        producer.send(new ProducerRecord<>(topic, key, value));
    }

    void send(ProducerRecord<String, byte[]> record) {
        producer.send(record);
    }

    void flush() {
        producer.flush();
    }

    /** Every record of a topic (for dead-letter topics), waiting up to 30 s for {@code expected} of them. */
    List<ConsumerRecord<String, byte[]>> readAll(String topic, int expected) {
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                platform.bootstrapServers()), new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (records.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            consumer.poll(Duration.ofMillis(300)).forEach(records::add);
        }
        return records;
    }

    @Override
    public void close() {
        producer.close();
        serializer.close();
    }
}
