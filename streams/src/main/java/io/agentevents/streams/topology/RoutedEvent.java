package io.agentevents.streams.topology;

import io.agentevents.streams.model.PlanFact;
import io.agentevents.streams.model.SourcePosition;

import java.time.Instant;
import java.util.Objects;

/**
 * What the projections' one internal topic ({@code <application.id>-projection-events-repartition})
 * carries to the owner of one key: the roles the event plays for that key, and only the fields those
 * roles need. One event becomes one record per distinct key it concerns (its correlation id, its
 * plan, its root plan, its parent plan), plus a rate tick keyed by its type.
 *
 * @param roles     a set of the role bits below
 * @param at        where the event was read (null for a tick)
 * @param eventId   the event id (trail roles)
 * @param timestamp the event time (trail roles)
 * @param wireBytes the event as read (trail roles)
 * @param fact      what the event tells its own plan ({@link #PLAN})
 * @param planId    the event's plan id ({@link #MEMBER}, may be null there; {@link #CHILD})
 * @param traceId   the trace id of the event's {@code traceparent} (trail roles; null without one)
 */
record RoutedEvent(int roles, SourcePosition at, String eventId, Instant timestamp, byte[] wireBytes, PlanFact fact,
                   String planId, String traceId) {

    /** Key = correlation id: an entry of the correlation id's audit trail. */
    static final int CORRELATION = 1;
    /** Key = plan id: an entry of the plan's audit trail and a fact of its fold. */
    static final int PLAN = 2;
    /** Key = root plan id: the event's plan belongs to this tree. */
    static final int MEMBER = 4;
    /** Key = parent plan id: the event (a {@code plan.created}) creates a child of this plan. */
    static final int CHILD = 8;
    /** Key = wire type name: one event of this type, for the rates. */
    static final int TICK = 16;

    private static final RoutedEvent TICK_RECORD = new RoutedEvent(TICK, null, null, null, null, null, null, null);

    RoutedEvent {
        if (roles == 0 || (roles & ~(CORRELATION | PLAN | MEMBER | CHILD | TICK)) != 0 || (roles == TICK) != (at == null)) {
            throw new IllegalArgumentException("bad roles " + roles + " for a record " + (at == null ? "without" : "with")
                    + " a position");
        }
        if (has(roles, CORRELATION | PLAN)) {
            Objects.requireNonNull(eventId, "eventId");
            Objects.requireNonNull(timestamp, "timestamp");
            Objects.requireNonNull(wireBytes, "wireBytes");
        }
        if (has(roles, PLAN)) {
            Objects.requireNonNull(fact, "fact");
        }
        if (has(roles, CHILD)) {
            Objects.requireNonNull(planId, "planId");
        }
    }

    /** The rate tick (one shared instance; it carries nothing but its role). */
    static RoutedEvent tick() {
        return TICK_RECORD;
    }

    boolean has(int role) {
        return has(roles, role);
    }

    private static boolean has(int roles, int role) {
        return (roles & role) != 0;
    }
}
