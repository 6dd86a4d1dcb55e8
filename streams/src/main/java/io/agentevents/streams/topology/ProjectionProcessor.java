package io.agentevents.streams.topology;

import io.agentevents.streams.model.AuditRetention;
import io.agentevents.streams.store.PlanIndexStore;
import io.agentevents.streams.store.TrailStore;

import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

import java.util.Objects;

/**
 * The owner of a key applies the roles an event plays for it ({@link RoutedEvent}): adds it to the
 * correlation id's trail ({@value ProjectionStores#AUDIT_BY_CORRELATION}) or the plan's trail
 * ({@value ProjectionStores#AUDIT_BY_PLAN}; both with heads in {@value ProjectionStores#AUDIT_HEADS}), records tree membership
 * ({@value ProjectionStores#PLANS_BY_ROOT}), and forwards what changes a plan's fold as
 * {@link PlanUpdate}s. The plan's trail decides whether an event is new to the plan or a copy of
 * one already folded (within the trail's retention), so the fold counts each event once. One
 * instance per task, so one thread.
 */
final class ProjectionProcessor implements FixedKeyProcessor<String, RoutedEvent, PlanUpdate> {

    private final AuditRetention retention;
    private FixedKeyProcessorContext<String, PlanUpdate> context;
    private TrailStore correlationTrails;
    private TrailStore planTrails;
    private PlanIndexStore index;

    ProjectionProcessor(AuditRetention retention) {
        this.retention = Objects.requireNonNull(retention, "retention");
    }

    @Override
    public void init(FixedKeyProcessorContext<String, PlanUpdate> context) {
        this.context = context;
        this.correlationTrails = new TrailStore(context.getStateStore(ProjectionStores.AUDIT_BY_CORRELATION),
                context.getStateStore(ProjectionStores.AUDIT_HEADS), TrailStore.CORRELATION_TRAILS, retention);
        this.planTrails = new TrailStore(context.getStateStore(ProjectionStores.AUDIT_BY_PLAN),
                context.getStateStore(ProjectionStores.AUDIT_HEADS), TrailStore.PLAN_TRAILS, retention);
        this.index = new PlanIndexStore(context.getStateStore(ProjectionStores.PLANS_BY_ROOT));
    }

    @Override
    public void process(FixedKeyRecord<String, RoutedEvent> record) {
        String key = record.key();
        RoutedEvent routed = record.value();
        if (key == null || routed == null || routed.has(RoutedEvent.TICK)) {
            return;
        }
        if (routed.has(RoutedEvent.CORRELATION)) {
            correlationTrails.add(key, routed.eventId(), routed.timestamp(), routed.at(), routed.wireBytes(), routed.traceId());
        }
        if (routed.has(RoutedEvent.PLAN)) {
            switch (planTrails.add(key, routed.eventId(), routed.timestamp(), routed.at(), routed.wireBytes(), routed.traceId())) {
                case NEW -> context.forward(record.withValue(new PlanUpdate(PlanUpdate.Kind.OWN, routed.fact(), routed.at(), null)));
                case DUPLICATE_MOVED -> context.forward(record.withValue(new PlanUpdate(PlanUpdate.Kind.DUPLICATE, null,
                        routed.at(), null)));
                case DUPLICATE -> {
                    // already folded from this position or a later one: nothing changes
                }
            }
            if (key.equals(routed.fact().rootPlanId())) {
                index.add(key, key);
            }
        }
        if (routed.has(RoutedEvent.MEMBER)) {
            index.add(key, key);
            if (routed.planId() != null) {
                index.add(key, routed.planId());
            }
        }
        if (routed.has(RoutedEvent.CHILD)) {
            context.forward(record.withValue(new PlanUpdate(PlanUpdate.Kind.CHILD, null, routed.at(), routed.planId())));
        }
    }
}
