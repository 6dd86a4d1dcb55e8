package io.agentevents.consumer;

/** What a subscriber does with a record whose handler still fails after {@code maxAttempts}. */
public enum FailureStrategy {
    /**
     * Stop the subscriber (state {@code FAILED}) without committing the record, so it is read again
     * when the group next starts. For handlers that must never skip an event.
     */
    FAIL,
    /** Send the record to {@code <topic>.dlq} with error headers, commit it and go on. The default. */
    DEAD_LETTER,
    /**
     * Dead-letter the record as {@link #DEAD_LETTER} does, and also every later record of the same
     * correlation id on that partition (reason {@code held}), so that no later event of a failed
     * sequence is handled before the failed one: replaying the dead letters in order resumes the
     * sequence. {@link EventSubscriber#release(String)} ends the hold for a correlation id.
     */
    HOLD
}
