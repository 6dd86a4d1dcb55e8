package io.agentevents.producer.examples;

import io.agentevents.producer.EmitException;
import io.agentevents.producer.EventBus;
import io.agentevents.schemas.DomainEvent;
import io.agentevents.schemas.EventType;

import java.util.Objects;
import java.util.Optional;

/** Builds the services' events with the agent's identity and emits them, when there is a bus. */
final class ServiceEvents {
    private final Optional<EventBus> bus;
    private final AgentIdentity identity;

    ServiceEvents(Optional<EventBus> bus, AgentIdentity identity) {
        this.bus = Objects.requireNonNull(bus, "bus");
        this.identity = Objects.requireNonNull(identity, "identity");
    }

    DomainEvent.Builder builder(EventType type) {
        return DomainEvent.builder(type)
                .source(identity.source())
                .actorName(identity.actorName())
                .sessionId(identity.sessionId())
                .projectName(identity.projectName());
    }

    /**
     * Builds the event and, when there is a bus, emits it and waits for it to land.
     *
     * @throws EmitException if the bus could not emit it
     */
    DomainEvent emit(DomainEvent.Builder builder) {
        DomainEvent event = builder.build();
        bus.ifPresent(target -> target.emitAndWait(event));
        return event;
    }

    Optional<EventBus> bus() {
        return bus;
    }
}
