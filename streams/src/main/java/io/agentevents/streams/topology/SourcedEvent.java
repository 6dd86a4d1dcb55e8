package io.agentevents.streams.topology;

import io.agentevents.schemas.DomainEvent;
import io.agentevents.streams.model.AuditEntry;

import java.util.Objects;

/**
 * An event with the position it was read from, carried through the internal topics so the folds
 * after a repartition still know the source topic, partition and offset.
 */
record SourcedEvent(DomainEvent event, String topic, int partition, long offset) {

    SourcedEvent {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(topic, "topic");
    }

    AuditEntry auditEntry() {
        return AuditEntry.of(event, topic, partition, offset);
    }
}
