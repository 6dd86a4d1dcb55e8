package io.agentevents.streams.model;

import java.util.Objects;

/**
 * Where an event was read: its source topic, partition and offset. The folds remember, per
 * {@link #partitionKey() "topic-partition"}, the greatest offset folded in, which is how the query
 * API tells a reader whether its own event is visible yet. Immutable.
 *
 * @param topic     the source topic, e.g. {@code events.plan}
 * @param partition the source partition
 * @param offset    the offset in that partition
 */
public record SourcePosition(String topic, int partition, long offset) {

    /** Requires the topic. */
    public SourcePosition {
        Objects.requireNonNull(topic, "topic");
    }

    /** The {@code "topic-partition"} key of this position, e.g. {@code events.plan-2}. */
    public String partitionKey() {
        return JsonValues.position(topic, partition);
    }
}
