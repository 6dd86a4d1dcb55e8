package io.agentevents.consumer;

/**
 * Hears of every record a subscriber gives up on (see {@link DeadLetterPolicy}), once per record:
 * after it was written to its dead-letter topic ({@link DeadLetterPolicy#WRITE}) or instead of that
 * ({@link DeadLetterPolicy#SKIP}), before its offset can be committed. Set with
 * {@link EventSubscriber.Builder#onRejected}; without one, the subscriber logs each at WARN.
 *
 * <p>Called on a handler thread, possibly on several at once: implementations must be thread-safe
 * and quick. An exception it throws is logged and does not change what happens to the record.
 */
@FunctionalInterface
public interface RejectedRecordListener {
    void onRejected(RejectedRecord record);
}
