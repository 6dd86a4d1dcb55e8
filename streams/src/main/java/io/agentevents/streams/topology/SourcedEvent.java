package io.agentevents.streams.topology;

import io.agentevents.schemas.DomainEvent;
import io.agentevents.streams.model.SourcePosition;

import java.util.Objects;

/** An event read from a domain topic, with its bytes as written and the position it was read at. */
record SourcedEvent(DomainEvent event, byte[] wireBytes, SourcePosition at) {

    SourcedEvent {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(wireBytes, "wireBytes");
        Objects.requireNonNull(at, "at");
    }
}
