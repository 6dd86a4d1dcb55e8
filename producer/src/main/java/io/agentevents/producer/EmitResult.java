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

    /**
     * This position as the projections' query API takes it in {@code waitFor} (and {@code eventbus
     * plan --wait-for}): {@code <topic>-<partition>:<offset>}, e.g. {@code events.plan-2:57}. A query
     * made with it answers once the projections have folded in this event.
     */
    public String waitFor() {
        return topic + "-" + partition + ":" + offset;
    }
}
