package io.agentevents.consumer.internal;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * One record read from Kafka and not yet committed past. Its {@code done} flag is guarded by the
 * {@link WorkTracker}'s lock.
 */
public final class WorkItem {
    private final ConsumerRecord<String, byte[]> record;
    private final TopicPartition partition;
    private final String key;
    private final boolean replayed;
    private final boolean needsHandling;
    boolean done;

    WorkItem(ConsumerRecord<String, byte[]> record, boolean replayed, boolean needsHandling) {
        this.record = record;
        this.partition = new TopicPartition(record.topic(), record.partition());
        this.key = record.key() == null ? "" : record.key();
        this.replayed = replayed;
        this.needsHandling = needsHandling;
        this.done = !needsHandling;
    }

    public ConsumerRecord<String, byte[]> record() {
        return record;
    }

    public TopicPartition partition() {
        return partition;
    }

    /** The correlation id (the record key; empty for records without a key). */
    public String key() {
        return key;
    }

    public boolean replayed() {
        return replayed;
    }

    boolean needsHandling() {
        return needsHandling;
    }

    @Override
    public String toString() {
        return partition + "@" + record.offset() + " key=" + key;
    }
}
