package io.agentevents.local.testing;

import io.agentevents.schemas.DomainEvent;
import io.agentevents.schemas.headers.CloudEventHeaders;
import io.agentevents.schemas.serde.DomainEventSerializer;
import io.agentevents.schemas.topics.TopicLayout;
import io.agentevents.schemas.topics.TopicProvisioner;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A topic layout of its own on a {@link TestPlatform}, provisioned under a unique prefix, with one
 * producer that writes events the way the platform does (Confluent-format value registered on the
 * platform's registry, CloudEvents headers, keyed by correlation id) or records as given:
 *
 * <pre>{@code
 * try (EventTopics topics = EventTopics.provision(platform, "orders", 3)) {
 *     topics.writeAll(events);
 *     List<ConsumerRecord<String, byte[]>> letters = topics.readAll(topics.layout().deadLetterTopic(Domain.TOOL), 1);
 * }
 * }</pre>
 *
 * Every write returns once Kafka acknowledged it ({@code acks=all}) and fails the test otherwise;
 * {@link #sendAll} sends a batch before waiting, for many records. Not thread-safe.
 */
public final class EventTopics implements AutoCloseable {
    private static final Duration PROVISION_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

    private final TestPlatform platform;
    private final TopicLayout layout;
    private final DomainEventSerializer serializer = new DomainEventSerializer();
    private final KafkaProducer<String, byte[]> producer;

    private EventTopics(TestPlatform platform, TopicLayout layout) {
        this.platform = platform;
        this.layout = layout;
        serializer.configure(Map.of("schema.registry.url", platform.schemaRegistryUrl()), false);
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, platform.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 5),
                new StringSerializer(), new ByteArraySerializer());
    }

    /**
     * Provisions the local topic layout (replication factor 1) with {@code partitions} partitions a
     * topic under the prefix {@code platform.uniqueName(name)}.
     */
    public static EventTopics provision(TestPlatform platform, String name, int partitions) {
        Objects.requireNonNull(platform, "platform");
        TopicLayout layout = TopicLayout.local(1).withPrefix(platform.uniqueName(name)).withPartitions(partitions);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", platform.bootstrapServers()))) {
            TopicProvisioner.provision(admin, layout, PROVISION_TIMEOUT);
        }
        return new EventTopics(platform, layout);
    }

    /** The platform the topics are on. */
    public TestPlatform platform() {
        return platform;
    }

    /** The provisioned layout (its prefix is unique to this instance). */
    public TopicLayout layout() {
        return layout;
    }

    /** The Confluent-format bytes of an event, registering its schema under the topic's subject. */
    public byte[] bytes(String topic, DomainEvent event) {
        return serializer.serialize(topic, event);
    }

    /** The record the platform writes for an event: on its domain's topic, with CloudEvents headers. */
    public ProducerRecord<String, byte[]> record(DomainEvent event) {
        String topic = layout.topic(event.domain());
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, event.correlationId(), bytes(topic, event));
        CloudEventHeaders.write(record.headers(), event, null);
        return record;
    }

    /** Writes one event as the platform does and returns where it landed. */
    public RecordMetadata write(DomainEvent event) {
        return send(record(event));
    }

    /** Writes events as the platform does, in order, and returns once all landed. */
    public List<RecordMetadata> writeAll(List<DomainEvent> events) {
        return sendAll(events.stream().map(this::record).toList());
    }

    /** Writes a record with these bytes and no header. */
    public RecordMetadata writeRaw(String topic, String key, byte[] value) {
        return send(new ProducerRecord<>(topic, key, value));
    }

    /** Sends one record as given and returns where it landed. */
    public RecordMetadata send(ProducerRecord<String, byte[]> record) {
        return sendAll(List.of(record)).get(0);
    }

    /** Sends the records in order, then waits until every one landed. */
    public List<RecordMetadata> sendAll(List<ProducerRecord<String, byte[]>> records) {
        List<Future<RecordMetadata>> sent = new ArrayList<>(records.size());
        records.forEach(record -> sent.add(producer.send(record)));
        producer.flush();
        List<RecordMetadata> landed = new ArrayList<>(sent.size());
        for (int i = 0; i < sent.size(); i++) {
            landed.add(await(sent.get(i), records.get(i).topic()));
        }
        return landed;
    }

    /** Every record of a topic from its beginning (e.g. a dead-letter topic), waiting up to 30 s for {@code expected}. */
    public List<ConsumerRecord<String, byte[]>> readAll(String topic, int expected) {
        return TopicRecords.on(platform, topic).readFromBeginning(expected, READ_TIMEOUT);
    }

    /** The record at a position of a topic, waiting up to 30 s for it. */
    public ConsumerRecord<String, byte[]> read(String topic, int partition, long offset) {
        return TopicRecords.on(platform, topic).read(partition, offset, READ_TIMEOUT);
    }

    private static RecordMetadata await(Future<RecordMetadata> landing, String topic) {
        try {
            return landing.get(SEND_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError("could not write to " + topic + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while writing to " + topic, e);
        }
    }

    @Override
    public void close() {
        producer.close();
        serializer.close();
    }
}
