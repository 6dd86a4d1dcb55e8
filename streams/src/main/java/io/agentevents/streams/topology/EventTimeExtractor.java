package io.agentevents.streams.topology;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.TimestampExtractor;

/**
 * Event time: the timestamp an event carries, so rate windows count when things happened, not when
 * they were written. Falls back to the record's timestamp (then to the partition's time) for a record
 * without an event, or an event before 1970, which Kafka Streams cannot represent.
 */
final class EventTimeExtractor implements TimestampExtractor {

    @Override
    public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
        if (record.value() instanceof ReadEvent read) {
            long millis = read.event().timestamp().toEpochMilli();
            if (millis >= 0) {
                return millis;
            }
        }
        return record.timestamp() >= 0 ? record.timestamp() : Math.max(0, partitionTime);
    }
}
