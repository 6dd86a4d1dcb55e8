package io.agentevents.consumer.deadletter;

import java.util.Objects;

/**
 * Where a record is in Kafka. Immutable.
 *
 * @param topic     the topic
 * @param partition the partition, 0 or more
 * @param offset    the offset in the partition, 0 or more
 */
public record RecordPosition(String topic, int partition, long offset) {

    public RecordPosition {
        Objects.requireNonNull(topic, "topic");
        if (topic.isBlank()) {
            throw new IllegalArgumentException("topic must not be blank");
        }
        if (partition < 0) {
            throw new IllegalArgumentException("partition must be 0 or more, was " + partition);
        }
        if (offset < 0) {
            throw new IllegalArgumentException("offset must be 0 or more, was " + offset);
        }
    }

    public static RecordPosition of(String topic, int partition, long offset) {
        return new RecordPosition(topic, partition, offset);
    }

    /** {@code topic-partition@offset}, as the subscriber's logs and errors name records. */
    @Override
    public String toString() {
        return topic + "-" + partition + "@" + offset;
    }
}
