package io.agentevents.consumer.deadletter;

import io.agentevents.api.AgentEventsException;

/**
 * Reading or replaying dead letters failed: Kafka or the schema registry could not be reached or
 * did not answer in time, or a replay was refused. The message names the topic or record. Unchecked;
 * {@link #retriable()} says whether trying the same call again may succeed (the cause was transient:
 * a timeout, a server that could not be reached).
 */
public class DeadLetterException extends AgentEventsException {
    private static final long serialVersionUID = 1L;

    public DeadLetterException(String message, boolean retriable, Throwable cause) {
        super(message, retriable, cause);
    }
}
