package io.agentevents.consumer;

import io.agentevents.schemas.DomainEvent;

/**
 * A subscriber's handler. It runs on the subscriber's handler executor, never on the thread that
 * polls Kafka. Throwing means "not handled": the record is retried with backoff, then handled
 * according to the {@link FailureStrategy}. A handler must tolerate being called again for an event
 * it has already handled (delivery is at-least-once): the event id identifies it.
 */
@FunctionalInterface
public interface EventListener {
    void onEvent(DomainEvent event, Delivery delivery) throws Exception;
}
