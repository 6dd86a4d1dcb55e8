package io.agentevents.platform.console;

import io.agentevents.consumer.deadletter.DeadLetterConfig;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Which dead letters the console replayed: a compacted topic ({@code <prefix>.dlq-replays}, one
 * partition) keyed by the letter's position ({@code topic/partition/offset}), each value saying who
 * replayed it, when, and where the copy landed. Durable and shared by every instance and restart, so a
 * replayed letter stays out of every console's list. Made on the first replay. Thread-safe: each read
 * has its own consumer; writes share one producer.
 */
final class ReplayLedger implements AutoCloseable {
    private final DeadLetterConfig config;
    private final String topic;
    private final String clientId;
    private KafkaProducer<byte[], byte[]> producer;
    private boolean created;
    private final ObjectMapper json = new ObjectMapper();

    ReplayLedger(DeadLetterConfig config, String clientId) {
        this.config = config;
        this.topic = config.topicPrefix() + ".dlq-replays";
        this.clientId = clientId;
    }

    String topic() {
        return topic;
    }

    /** The positions replayed so far; none when the ledger was never written. */
    Set<String> replayed() {
        Set<String> positions = new HashSet<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config.consumerProperties(clientId + "-read"))) {
            TopicPartition partition = new TopicPartition(topic, 0);
            if (consumer.partitionsFor(topic).isEmpty()) {
                return positions;
            }
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            long deadline = System.nanoTime() + config.readTimeout().toNanos();
            while (consumer.position(partition) < end) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the replay ledger " + topic + " could not be read within "
                            + config.readTimeout().toSeconds() + " s");
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.key() != null) {
                        String position = new String(record.key(), StandardCharsets.UTF_8);
                        if (record.value() == null) {
                            positions.remove(position);
                        } else {
                            positions.add(position);
                        }
                    }
                }
            }
        }
        return positions;
    }

    /** Notes that the letter at {@code position} was replayed; returns once Kafka acknowledged it. */
    synchronized void record(String position, String by, String landed) {
        ensureTopic();
        if (producer == null) {
            producer = new KafkaProducer<>(config.producerProperties(clientId + "-ledger"));
        }
        byte[] value;
        try {
            value = json.writeValueAsBytes(Map.of("by", by, "at", Instant.now().toString(), "landed", landed));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        try {
            producer.send(new ProducerRecord<>(topic, 0, position.getBytes(StandardCharsets.UTF_8),
                    value)).get(config.replayTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the replay of " + position + " was sent, but the ledger " + topic
                    + " did not take note of it: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while noting the replay of " + position, e);
        }
    }

    private void ensureTopic() {
        if (created) {
            return;
        }
        Map<String, Object> adminProps = config.connection().clientProperties();
        adminProps.put(AdminClientConfig.CLIENT_ID_CONFIG, clientId + "-admin");
        try (Admin admin = Admin.create(adminProps)) {
            admin.createTopics(List.of(new NewTopic(topic, Optional.of(1), Optional.empty())
                    .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT))))
                    .all().get(config.readTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create the replay ledger " + topic + ": " + e.getCause().getMessage(), e);
            }
        } catch (TimeoutException e) {
            throw new IllegalStateException("cannot create the replay ledger " + topic + ": Kafka did not answer in time", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating the replay ledger " + topic, e);
        }
        created = true;
    }

    @Override
    public synchronized void close() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
    }
}
