package io.agentevents.streams.topology;

import io.agentevents.schemas.DomainEvent;
import io.agentevents.streams.model.AuditRetention;
import io.agentevents.streams.model.AuditTrail;
import io.agentevents.streams.model.PlanFold;
import io.agentevents.streams.model.PlanIndex;
import io.agentevents.streams.model.PlanState;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The plan projections after the repartition by plan: for a record keyed {@code K} it folds the
 * event into {@code K}'s {@link PlanFold} (the plan's own events, and {@code plan.created} of a
 * child whose parent is {@code K}) and forwards the new {@link PlanState} when the fold changed;
 * adds the plan's own events to {@code K}'s plan audit trail; and, when {@code K} is the event's
 * root plan, adds the event's plan (and the root) to {@code K}'s {@link PlanIndex}.
 */
final class PlanProjectionProcessor implements Processor<String, SourcedEvent, String, PlanState> {

    private final AuditRetention retention;
    private ProcessorContext<String, PlanState> context;
    private KeyValueStore<String, PlanFold> plans;
    private KeyValueStore<String, PlanIndex> roots;
    private KeyValueStore<String, AuditTrail> trails;

    PlanProjectionProcessor(AuditRetention retention) {
        this.retention = Objects.requireNonNull(retention, "retention");
    }

    /**
     * The keys an event is sent to: its plan, its root plan and, for a {@code plan.created} naming a
     * parent, the parent plan (each once).
     */
    static List<String> routes(DomainEvent event) {
        Set<String> keys = new LinkedHashSet<>(3);
        if (event.planId() != null) {
            keys.add(event.planId());
        }
        if (event.rootPlanId() != null) {
            keys.add(event.rootPlanId());
        }
        String parent = PlanFold.parentOf(event);
        if (parent != null) {
            keys.add(parent);
        }
        return List.copyOf(keys);
    }

    @Override
    public void init(ProcessorContext<String, PlanState> context) {
        this.context = context;
        this.plans = context.getStateStore(ProjectionStores.PLAN_STATE);
        this.roots = context.getStateStore(ProjectionStores.PLANS_BY_ROOT);
        this.trails = context.getStateStore(ProjectionStores.AUDIT_BY_PLAN);
    }

    @Override
    public void process(Record<String, SourcedEvent> record) {
        String key = record.key();
        SourcedEvent sourced = record.value();
        if (key == null || sourced == null) {
            return;
        }
        DomainEvent event = sourced.event();
        PlanFold fold = plans.get(key);
        PlanFold base = fold == null ? PlanFold.empty(key) : fold;
        PlanFold next = base.add(event, sourced.topic(), sourced.partition(), sourced.offset());
        if (next != base) {
            plans.put(key, next);
            context.forward(record.withValue(next.state()));
        }
        if (key.equals(event.planId())) {
            AuditTrail trail = trails.get(key);
            AuditTrail baseTrail = trail == null ? AuditTrail.empty() : trail;
            AuditTrail nextTrail = baseTrail.add(sourced.auditEntry(), retention);
            if (nextTrail != baseTrail) {
                trails.put(key, nextTrail);
            }
        }
        if (key.equals(event.rootPlanId())) {
            PlanIndex index = roots.get(key);
            PlanIndex nextIndex = index == null ? PlanIndex.of(key) : index;
            if (event.planId() != null) {
                nextIndex = nextIndex.with(event.planId());
            }
            if (nextIndex != index) {
                roots.put(key, nextIndex);
            }
        }
    }
}
