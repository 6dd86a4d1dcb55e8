package io.agentevents.producer.inprocess;

import io.agentevents.producer.EventBusException;

/**
 * Signalled through {@code onError} to a subscriber of {@link InMemoryEventBus#stream()} that did
 * not keep up: its buffer stayed full for longer than
 * {@link InMemoryEventBusConfig#slowSubscriberTimeout()}. The subscriber receives nothing more; it
 * missed the event that did not fit and may subscribe again to receive later ones. Not retriable:
 * the dropped subscription stays dropped.
 */
public final class SlowSubscriberException extends EventBusException {
    private static final long serialVersionUID = 1L;

    public SlowSubscriberException(String message) {
        super(message, false, null);
    }
}
