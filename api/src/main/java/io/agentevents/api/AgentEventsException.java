package io.agentevents.api;

/**
 * Root of the unchecked exceptions the buses throw when a call fails (the producer's
 * {@code EventBusException}, the consumer's {@code DeadLetterException}): the message names what
 * failed, {@link #retriable()} says whether doing the same again may succeed. Immutable once thrown.
 */
public class AgentEventsException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final boolean retriable;

    /**
     * @param message   what failed, naming the event, topic or record
     * @param retriable whether the cause was transient, so trying again may succeed
     * @param cause     the underlying failure, or null
     */
    public AgentEventsException(String message, boolean retriable, Throwable cause) {
        super(message, cause);
        this.retriable = retriable;
    }

    /** Whether retrying may succeed (the cause was transient: a broker or registry down or slow). */
    public boolean retriable() {
        return retriable;
    }
}
