package io.agentevents.consumer;

/**
 * What a subscriber does with a record it gives up on: one it cannot decode, of a type it does not
 * know (with {@code strictTypes}), whose handler failed {@code maxAttempts} times (strategies
 * {@link FailureStrategy#DEAD_LETTER} and {@link FailureStrategy#HOLD}) or that is held. Either way
 * the record counts as finished: its offset may be committed and the subscriber goes on, and the
 * subscriber's {@link RejectedRecordListener} hears of it.
 */
public enum DeadLetterPolicy {
    /**
     * Send the record to {@code <topic>.dlq} with the {@link DeadLetterHeaders} and wait for Kafka to
     * take it before the record counts as finished. The default.
     */
    WRITE,
    /**
     * Write nothing to Kafka: the record is only reported to the {@link RejectedRecordListener}
     * (a WARN log line when none is set) and skipped. For readers that must not write to the
     * cluster, such as {@code eventbus tail}; nothing keeps the record for a later replay.
     */
    SKIP
}
