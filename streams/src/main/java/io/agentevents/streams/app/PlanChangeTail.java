package io.agentevents.streams.app;

import io.agentevents.streams.http.ConsoleStream;
import io.agentevents.streams.topology.ProjectionStores;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Tells the web console's live stream of every plan state any instance of the application writes: it
 * reads the compacted {@value ProjectionStores#PLAN_STATE_TOPIC} topic (committed records only, every
 * partition assigned, no consumer group, from its end), but only while a console page is open; with
 * none it holds no consumer. So a page on one instance hears of plans folded by every other instance,
 * once their transaction committed (and so once a read shows them). Owns one daemon thread; thread-safe;
 * {@link #close()} stops it.
 */
final class PlanChangeTail implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PlanChangeTail.class);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration IDLE = Duration.ofMillis(250);
    private static final Duration RETRY = Duration.ofSeconds(1);

    private final ProjectionsConfig config;
    private final ConsoleStream stream;
    private final ObjectMapper json = new ObjectMapper();
    private final Thread thread;
    private volatile boolean closed;
    private volatile KafkaConsumer<String, byte[]> consumer;

    private PlanChangeTail(ProjectionsConfig config, ConsoleStream stream) {
        this.config = config;
        this.stream = stream;
        this.thread = new Thread(this::run, "console-plan-changes");
        this.thread.setDaemon(true);
    }

    /** Starts the tail's thread; it opens a consumer only while a page is open. */
    static PlanChangeTail start(ProjectionsConfig config, ConsoleStream stream) {
        PlanChangeTail tail = new PlanChangeTail(config, stream);
        tail.thread.start();
        return tail;
    }

    private void run() {
        while (!closed) {
            try {
                if (stream.openPages() == 0) {
                    closeConsumer();
                    Thread.sleep(IDLE.toMillis());
                    continue;
                }
                if (consumer == null) {
                    consumer = open();
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                    if (record.key() != null) {
                        stream.planChanged(record.key(), rootOf(record.value()));
                    }
                }
            } catch (InterruptedException | InterruptException | WakeupException e) {
                Thread.interrupted(); // closing: the consumer must close without an interrupt pending
                break;
            } catch (RuntimeException e) {
                LOG.debug("console: reading {} failed, trying again: {}", ProjectionStores.PLAN_STATE_TOPIC, e.toString());
                closeConsumer();
                try {
                    Thread.sleep(RETRY.toMillis());
                } catch (InterruptedException interrupted) {
                    break;
                }
            }
        }
        closeConsumer();
    }

    private KafkaConsumer<String, byte[]> open() {
        Map<String, Object> props = config.connection().clientProperties();
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "eventbus-console-" + UUID.randomUUID().toString().substring(0, 8));
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        KafkaConsumer<String, byte[]> opened = new KafkaConsumer<>(props);
        try {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo partition : opened.partitionsFor(ProjectionStores.PLAN_STATE_TOPIC)) {
                partitions.add(new TopicPartition(partition.topic(), partition.partition()));
            }
            opened.assign(partitions);
            opened.seekToEnd(partitions);
            return opened;
        } catch (RuntimeException e) {
            opened.close(Duration.ZERO);
            throw e;
        }
    }

    /** The root plan id a plan state names, or null. */
    private String rootOf(byte[] value) {
        if (value == null) {
            return null;
        }
        try {
            JsonNode root = json.readTree(value).get("rootPlanId");
            return root == null || root.isNull() ? null : root.asText();
        } catch (IOException e) {
            return null;
        }
    }

    private void closeConsumer() {
        KafkaConsumer<String, byte[]> open = consumer;
        consumer = null;
        if (open != null) {
            try {
                open.close(Duration.ofSeconds(1));
            } catch (RuntimeException e) {
                LOG.debug("console: closing the reader of {} failed: {}", ProjectionStores.PLAN_STATE_TOPIC, e.toString());
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        KafkaConsumer<String, byte[]> open = consumer;
        if (open != null) {
            open.wakeup(); // ends a poll under way; the thread sleeps at most a quarter of a second otherwise
        }
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
