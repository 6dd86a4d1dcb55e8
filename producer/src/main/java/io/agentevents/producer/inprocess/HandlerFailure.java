package io.agentevents.producer.inprocess;

import io.agentevents.api.Subscription;
import io.agentevents.schemas.DomainEvent;

import java.util.Objects;

/**
 * A listener of an {@link InMemoryEventBus} threw while handling an event. The other listeners still
 * received the event, and its emit still succeeded. Immutable.
 *
 * @param event        the event being handled
 * @param subscription the failing listener's subscription; its {@code toString()} names the listener
 *                     and what it subscribed to
 * @param error        what the listener threw
 */
public record HandlerFailure(DomainEvent event, Subscription subscription, Exception error) {
    public HandlerFailure {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(subscription, "subscription");
        Objects.requireNonNull(error, "error");
    }

    /** One line for logs: the subscription, the event id and type, and the error. */
    public String describe() {
        return subscription + " failed on event " + event.eventId() + " (" + event.type().wireName() + "): "
                + error.getClass().getSimpleName() + ": " + error.getMessage();
    }
}
