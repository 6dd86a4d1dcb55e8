package io.agentevents.cli;

import io.agentevents.consumer.deadletter.RecordPosition;

/**
 * Where a record is in Kafka, as the commands print it: {@code {"topic", "partition", "offset"}}
 * ({@code emit}'s landed, the positions of {@code dlq}). Immutable.
 *
 * @param topic     the topic
 * @param partition the partition
 * @param offset    the offset in the partition
 */
record JsonPosition(String topic, int partition, long offset) {

    static JsonPosition of(RecordPosition position) {
        return new JsonPosition(position.topic(), position.partition(), position.offset());
    }
}
