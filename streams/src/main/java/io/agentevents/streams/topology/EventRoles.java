package io.agentevents.streams.topology;

import io.agentevents.schemas.DomainEvent;
import io.agentevents.streams.model.PlanFact;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The keys an event concerns and the roles it plays for each ({@link RoutedEvent}): its plan
 * ({@link RoutedEvent#PLAN}), its root plan ({@link RoutedEvent#MEMBER}), the parent a
 * {@code plan.created} names ({@link RoutedEvent#CHILD}) and its correlation id
 * ({@link RoutedEvent#CORRELATION}), in that order, one entry per distinct key.
 *
 * <p>A tree's index needs each (root, plan) pair once, so a pair seen recently by this instance is not
 * given the member role again; the memory of pairs is bounded and lost on restart, which only means a
 * pair is sent again (the index is a set: idempotent). One instance per processor, so one thread.
 */
final class EventRoles {
    private static final int REMEMBERED_MEMBERS = 10_000;

    private final Map<String, Boolean> sentMembers = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > REMEMBERED_MEMBERS;
        }
    };

    /** Key to roles, in the order above (a new map). */
    Map<String, Integer> of(DomainEvent event) {
        String plan = event.planId();
        String root = event.rootPlanId();
        String parent = PlanFact.parentOf(event);
        Map<String, Integer> roles = new LinkedHashMap<>(8);
        if (plan != null) {
            roles.put(plan, RoutedEvent.PLAN);
        }
        if (root != null && !root.equals(plan) && sentMembers.put(root + '\u0000' + (plan == null ? "" : plan), Boolean.TRUE) == null) {
            roles.merge(root, RoutedEvent.MEMBER, (a, b) -> a | b);
        }
        if (parent != null && !parent.equals(plan)) {
            roles.merge(parent, RoutedEvent.CHILD, (a, b) -> a | b);
        }
        roles.merge(event.correlationId(), RoutedEvent.CORRELATION, (a, b) -> a | b);
        return roles;
    }

    /** What goes to the owner of a key with {@code keyRoles}: only the fields those roles need. */
    static RoutedEvent routed(SourcedEvent sourced, int keyRoles, PlanFact fact) {
        DomainEvent event = sourced.event();
        boolean trail = (keyRoles & (RoutedEvent.CORRELATION | RoutedEvent.PLAN)) != 0;
        return new RoutedEvent(keyRoles, sourced.at(),
                trail ? event.eventId() : null, trail ? event.timestamp() : null, trail ? sourced.wireBytes() : null,
                (keyRoles & RoutedEvent.PLAN) != 0 ? fact : null,
                (keyRoles & (RoutedEvent.MEMBER | RoutedEvent.CHILD)) != 0 ? event.planId() : null,
                trail ? sourced.traceId() : null);
    }
}
