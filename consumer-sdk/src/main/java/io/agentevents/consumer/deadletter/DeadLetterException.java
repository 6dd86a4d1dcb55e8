package io.agentevents.consumer.deadletter;

/**
 * Reading or replaying dead letters failed: Kafka or the schema registry could not be reached or
 * did not answer in time, or a replay was refused. The message names the topic or record. Unchecked;
 * {@link #retriable()} says whether trying the same call again may succeed.
 */
public class DeadLetterException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final boolean retriable;

    public DeadLetterException(String message, boolean retriable, Throwable cause) {
        super(message, cause);
        this.retriable = retriable;
    }

    /** Whether the cause was transient (a timeout, a server that could not be reached). */
    public boolean retriable() {
        return retriable;
    }
}
