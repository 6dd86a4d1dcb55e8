package io.agentevents.streams.topology;

import io.agentevents.schemas.DomainEvent;
import io.agentevents.streams.model.PlanFact;

import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

/**
 * Applies, where an event is read, the roles it plays for its own record key when this task owns
 * that key ({@link InPlaceRouting}): the same {@link RoutedEvent} the internal topic would have
 * carried to this task, without the trip through Kafka. {@link RouteProcessor} sends everything else.
 * The key is not changed, so no repartition follows. One instance per task, so one thread.
 */
final class InPlaceRouteProcessor implements FixedKeyProcessor<String, SourcedEvent, RoutedEvent> {

    private final EventRoles roles = new EventRoles();
    private FixedKeyProcessorContext<String, RoutedEvent> context;
    private InPlaceRouting inPlace;

    @Override
    public void init(FixedKeyProcessorContext<String, RoutedEvent> context) {
        this.context = context;
        this.inPlace = InPlaceRouting.fromConfigs(context.appConfigs());
    }

    @Override
    public void process(FixedKeyRecord<String, SourcedEvent> record) {
        SourcedEvent sourced = record.value();
        if (sourced == null || !inPlace.owns(record.key(), context.taskId().partition())) {
            return;
        }
        DomainEvent event = sourced.event();
        Integer keyRoles = roles.of(event).get(record.key());
        if (keyRoles != null) {
            context.forward(record.withValue(EventRoles.routed(sourced, keyRoles,
                    (keyRoles & RoutedEvent.PLAN) != 0 ? PlanFact.of(event) : null)));
        }
    }
}
