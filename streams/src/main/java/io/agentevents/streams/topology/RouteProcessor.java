package io.agentevents.streams.topology;

import io.agentevents.schemas.DomainEvent;
import io.agentevents.streams.model.PlanFact;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Sends each event to the owners of every key it concerns, one record per distinct key with the
 * roles it plays there ({@link RoutedEvent}): its plan ({@link RoutedEvent#PLAN}), its root plan
 * ({@link RoutedEvent#MEMBER}), the parent a {@code plan.created} names ({@link RoutedEvent#CHILD}),
 * its correlation id ({@link RoutedEvent#CORRELATION}), in that order, and a rate tick keyed by its
 * wire type.
 *
 * <p>A tree's index needs each (root, plan) pair once, so a pair sent recently by this task is not
 * sent again as a record of its own; the memory of pairs is bounded and lost on restart, which only
 * means a pair is sent again (the index is a set: idempotent). One instance per task, so one thread.
 */
final class RouteProcessor implements Processor<String, SourcedEvent, String, RoutedEvent> {
    private static final int REMEMBERED_MEMBERS = 10_000;

    private final Map<String, Boolean> sentMembers = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > REMEMBERED_MEMBERS;
        }
    };
    private ProcessorContext<String, RoutedEvent> context;

    @Override
    public void init(ProcessorContext<String, RoutedEvent> context) {
        this.context = context;
    }

    @Override
    public void process(Record<String, SourcedEvent> record) {
        SourcedEvent sourced = record.value();
        if (sourced == null) {
            return;
        }
        DomainEvent event = sourced.event();
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
        PlanFact fact = plan == null ? null : PlanFact.of(event);
        roles.forEach((key, keyRoles) -> {
            boolean trail = (keyRoles & (RoutedEvent.CORRELATION | RoutedEvent.PLAN)) != 0;
            context.forward(record.withKey(key).withValue(new RoutedEvent(keyRoles, sourced.at(),
                    trail ? event.eventId() : null, trail ? event.timestamp() : null, trail ? sourced.wireBytes() : null,
                    (keyRoles & RoutedEvent.PLAN) != 0 ? fact : null,
                    (keyRoles & (RoutedEvent.MEMBER | RoutedEvent.CHILD)) != 0 ? plan : null,
                    trail ? sourced.traceId() : null)));
        });
        context.forward(record.withKey(event.type().wireName()).withValue(RoutedEvent.tick()));
    }
}
