package io.agentevents.consumer;

/**
 * A snapshot of a subscriber's counters since it started.
 *
 * @param consumed             records read from Kafka
 * @param skipped              records not for this subscriber (other types) or of unknown type, skipped without a handler,
 *                             and records given up on under {@link DeadLetterPolicy#SKIP}
 * @param handled              records whose handlers all succeeded
 * @param failedAttempts       handler calls that threw
 * @param deadLettered         records sent to a dead-letter topic
 * @param lag                  records behind the end of the assigned partitions at the last check
 * @param inFlight             records being handled now
 * @param buffered             records read and not yet finished
 * @param meanHandlerMicros    mean time of a successful handling, microseconds
 * @param maxHandlerMicros     longest successful handling, microseconds
 */
public record SubscriberMetrics(long consumed, long skipped, long handled, long failedAttempts, long deadLettered,
                                long lag, int inFlight, int buffered, long meanHandlerMicros, long maxHandlerMicros) {
}
