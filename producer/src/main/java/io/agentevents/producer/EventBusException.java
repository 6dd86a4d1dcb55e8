package io.agentevents.producer;

/**
 * Root of the producer module's exceptions. Unchecked. {@link #retriable()} tells whether doing the
 * same thing again may succeed.
 */
public class EventBusException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final boolean retriable;

    public EventBusException(String message, boolean retriable, Throwable cause) {
        super(message, cause);
        this.retriable = retriable;
    }

    /** Whether retrying may succeed (the cause was transient: a broker or registry down or slow). */
    public boolean retriable() {
        return retriable;
    }
}
