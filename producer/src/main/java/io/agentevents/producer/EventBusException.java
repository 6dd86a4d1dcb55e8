package io.agentevents.producer;

import io.agentevents.api.AgentEventsException;

/**
 * Root of the producer module's exceptions. Unchecked. {@link #retriable()} tells whether doing the
 * same thing again may succeed.
 */
public class EventBusException extends AgentEventsException {
    private static final long serialVersionUID = 1L;

    public EventBusException(String message, boolean retriable, Throwable cause) {
        super(message, retriable, cause);
    }
}
