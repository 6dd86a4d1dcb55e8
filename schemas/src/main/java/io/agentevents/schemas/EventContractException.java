package io.agentevents.schemas;

/**
 * Root of the exceptions thrown by the event contract: an event that breaks the contract
 * ({@link InvalidEventException}) or bytes that cannot be read as an event
 * ({@link EventDecodingException}). Unchecked; never retriable, since the same input fails again.
 */
public class EventContractException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public EventContractException(String message) {
        super(message);
    }

    public EventContractException(String message, Throwable cause) {
        super(message, cause);
    }
}
