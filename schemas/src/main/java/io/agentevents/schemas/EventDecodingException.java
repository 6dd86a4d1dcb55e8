package io.agentevents.schemas;

/**
 * Bytes could not be read as a {@link DomainEvent}: truncated or corrupt Avro, or a value that
 * breaks the contract. The original bytes are left untouched by the reader, so the caller can
 * dead-letter them.
 */
public final class EventDecodingException extends EventContractException {
    private static final long serialVersionUID = 1L;

    public EventDecodingException(String message) {
        super(message);
    }

    public EventDecodingException(String message, Throwable cause) {
        super(message, cause);
    }
}
