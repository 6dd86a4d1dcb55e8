package io.agentevents.producer;

import java.util.Objects;

/**
 * Where an emitted event landed. For in-process buses, the topic is the one the event would have
 * on Kafka, the partition is 0 and the offset is the event's position in the bus's history.
 *
 * @param topic     the domain topic, e.g. {@code events.plan}
 * @param partition the partition (all events of one correlation id share it)
 * @param offset    the record's offset in the partition
 * @param eventId   the event's id
 */
public record EmitResult(String topic, int partition, long offset, String eventId) {
    public EmitResult {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(eventId, "eventId");
    }
}
