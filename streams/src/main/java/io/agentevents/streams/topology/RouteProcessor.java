package io.agentevents.streams.topology;

import io.agentevents.schemas.DomainEvent;
import io.agentevents.streams.model.PlanFact;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

import java.util.Map;

/**
 * Sends each event, through the internal topic, to the owners of the keys it concerns
 * ({@link EventRoles}), one record per distinct key with the roles it plays there, except its own
 * record key when this task owns that key ({@link InPlaceRouting}; {@link InPlaceRouteProcessor}
 * applies those roles here). Every event also sends a rate tick keyed by its wire type. One instance
 * per task, so one thread.
 */
final class RouteProcessor implements Processor<String, SourcedEvent, String, RoutedEvent> {

    private final EventRoles roles = new EventRoles();
    private ProcessorContext<String, RoutedEvent> context;
    private InPlaceRouting inPlace;

    @Override
    public void init(ProcessorContext<String, RoutedEvent> context) {
        this.context = context;
        this.inPlace = InPlaceRouting.fromConfigs(context.appConfigs());
    }

    @Override
    public void process(Record<String, SourcedEvent> record) {
        SourcedEvent sourced = record.value();
        if (sourced == null) {
            return;
        }
        DomainEvent event = sourced.event();
        String local = inPlace.owns(record.key(), context.taskId().partition()) ? record.key() : null;
        PlanFact fact = event.planId() == null || event.planId().equals(local) ? null : PlanFact.of(event);
        for (Map.Entry<String, Integer> role : roles.of(event).entrySet()) {
            if (!role.getKey().equals(local)) {
                context.forward(record.withKey(role.getKey()).withValue(EventRoles.routed(sourced, role.getValue(), fact)));
            }
        }
        context.forward(record.withKey(event.type().wireName()).withValue(RoutedEvent.tick()));
    }
}
