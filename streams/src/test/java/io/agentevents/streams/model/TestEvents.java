package io.agentevents.streams.model;

import io.agentevents.schemas.DomainEvent;
import io.agentevents.schemas.EventType;

import java.time.Instant;

/** Events for the projection tests: fixed times and ids so order and tie-breaks can be named. */
public final class TestEvents {

    /** The time events are placed around. */
    public static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    /** The correlation id of events that do not set one. */
    public static final String CORRELATION = "01JCORRELATION000000000000";

    private TestEvents() {
    }

    /** A deterministic event id; ids sort by {@code n} (for tie-breaks by id). */
    public static String id(int n) {
        return String.format("01JEVENT%018d", n);
    }

    /** An event of {@code type} about {@code planId}, {@code seconds} after {@link #T0}, with id {@link #id(int) id(n)}. */
    public static DomainEvent.Builder plan(EventType type, String planId, long seconds, int n) {
        return DomainEvent.builder(type)
                .eventId(id(n))
                .planId(planId)
                .correlationId(CORRELATION)
                .timestamp(T0.plusSeconds(seconds))
                .source("/test/" + type.domain().wireName());
    }

    /** {@link #plan} built. */
    public static DomainEvent event(EventType type, String planId, long seconds, int n) {
        return plan(type, planId, seconds, n).build();
    }
}
