package io.agentevents.consumer;

import java.time.Instant;

/**
 * Where and how an event reached a handler.
 *
 * @param topic      the topic it was read from
 * @param partition  its partition
 * @param offset     its offset
 * @param attempt    1 for the first call of the handler with this record, 2 for the first retry, ...
 * @param replayed   true when the record is delivered again on purpose (a replay from a time or an
 *                   offset, or a dead letter re-published): handlers may skip side effects such as
 *                   tool or LLM calls
 * @param recordTime the record's Kafka timestamp
 */
public record Delivery(String topic, int partition, long offset, int attempt, boolean replayed, Instant recordTime) {
}
