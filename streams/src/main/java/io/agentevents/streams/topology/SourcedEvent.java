package io.agentevents.streams.topology;

import io.agentevents.schemas.DomainEvent;
import io.agentevents.streams.model.SourcePosition;

import java.util.Objects;

/**
 * An event read from a domain topic, with its bytes as written, the position it was read at, and the
 * trace id of its W3C {@code traceparent} header (null without one).
 */
record SourcedEvent(DomainEvent event, byte[] wireBytes, SourcePosition at, String traceId) {

    SourcedEvent(DomainEvent event, byte[] wireBytes, SourcePosition at) {
        this(event, wireBytes, at, null);
    }

    SourcedEvent {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(wireBytes, "wireBytes");
        Objects.requireNonNull(at, "at");
    }
}
