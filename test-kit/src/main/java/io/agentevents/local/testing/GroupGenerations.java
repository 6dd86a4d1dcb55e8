package io.agentevents.local.testing;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.internals.Topic;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.utils.ByteUtils;
import org.apache.kafka.common.utils.Utils;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * The generation of a classic consumer group (a plain consumer's or a Kafka Streams application's,
 * whose group id is its application id) as its coordinator last recorded it, read from
 * {@code __consumer_offsets}. Every completed rebalance records a new generation there; a static
 * member replaced without a rebalance is recorded under the same generation. The admin API does
 * not show a classic group's generation, so this is how a test checks that something did not
 * rebalance the group. The records are Kafka's {@code GroupMetadataKey} (version 0: the group id)
 * and {@code GroupMetadataValue} (versions 0-4, flexible from 4: the protocol type, then the
 * generation); only those two leading fields are read. Stateless; each call reads the group's
 * partition with a consumer of its own.
 */
public final class GroupGenerations {
    /** The record type of a group's metadata in {@code __consumer_offsets} (offset commits are 0 and 1). */
    private static final short GROUP_METADATA = 2;

    private GroupGenerations() {
    }

    /**
     * The group's current generation, empty when the coordinator has recorded none (the group never
     * completed a rebalance) or the group was deleted.
     *
     * @param clientProperties {@code bootstrap.servers} and any security settings
     * @throws org.apache.kafka.common.errors.TimeoutException when Kafka does not answer within the timeout
     */
    public static OptionalInt current(Map<String, Object> clientProperties, String groupId, Duration timeout) {
        Objects.requireNonNull(groupId, "groupId");
        Map<String, Object> props = new HashMap<>(clientProperties);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.EXCLUDE_INTERNAL_TOPICS_CONFIG, false);
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        try (KafkaConsumer<byte[], byte[]> consumer =
                     new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<PartitionInfo> partitions = consumer.partitionsFor(Topic.GROUP_METADATA_TOPIC_NAME, timeout);
            TopicPartition partition = new TopicPartition(Topic.GROUP_METADATA_TOPIC_NAME,
                    Utils.abs(groupId.hashCode()) % partitions.size());
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition), timeout).get(partition);
            long deadline = System.nanoTime() + timeout.toNanos();
            OptionalInt generation = OptionalInt.empty();
            while (consumer.position(partition, timeout) < end) {
                if (System.nanoTime() > deadline) {
                    throw new org.apache.kafka.common.errors.TimeoutException("reading " + partition + " up to offset "
                            + end + " took longer than " + timeout);
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    ByteBuffer key = ByteBuffer.wrap(record.key());
                    if (key.getShort() != GROUP_METADATA || !readString(key, false).equals(groupId)) {
                        continue;
                    }
                    if (record.value() == null) {
                        generation = OptionalInt.empty(); // the group was deleted
                        continue;
                    }
                    ByteBuffer value = ByteBuffer.wrap(record.value());
                    boolean flexible = value.getShort() >= 4;
                    readString(value, flexible); // the protocol type
                    generation = OptionalInt.of(value.getInt());
                }
            }
            return generation;
        }
    }

    /** A Kafka protocol string: an int16 length, or in a flexible version an unsigned varint length + 1. */
    private static String readString(ByteBuffer buffer, boolean flexible) {
        int length = flexible ? ByteUtils.readUnsignedVarint(buffer) - 1 : buffer.getShort();
        if (length < 0) {
            return "";
        }
        byte[] bytes = new byte[length];
        buffer.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
