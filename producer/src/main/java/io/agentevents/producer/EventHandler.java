package io.agentevents.producer;

import io.agentevents.schemas.DomainEvent;

/**
 * Code run for each event a {@link Subscription} receives. A handler that throws does not stop
 * other handlers or later events; what happens to its failure depends on the bus (reported and
 * counted in process; retried and dead-lettered by the Kafka consumer SDK).
 */
@FunctionalInterface
public interface EventHandler {
    void handle(DomainEvent event) throws Exception;
}
