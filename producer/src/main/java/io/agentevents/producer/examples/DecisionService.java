package io.agentevents.producer.examples;

import io.agentevents.producer.EmitException;
import io.agentevents.producer.EventBus;
import io.agentevents.schemas.DomainEvent;
import io.agentevents.schemas.EventType;

import java.util.Objects;
import java.util.Optional;

import static io.agentevents.producer.examples.PlanLifecycleService.requireText;

/**
 * Records the decisions an agent takes, emitting {@code decision.created}. An example service for
 * agents: give it the process's {@link EventBus}, or none ({@link #withoutBus}) to run with no
 * event infrastructure at all; it behaves the same, only nothing is emitted.
 *
 * <p><b>Events.</b> {@code decision.created} carries {@code plan_id} (and {@code root_plan_id} when
 * the {@link Plan} is known) and details {@code decision_id}, {@code question}, {@code outcome}
 * and, when given, {@code rationale}. A decision about a {@link Plan} shares the plan's
 * correlation id and is caused by the plan's last event; one about a bare plan id starts a new
 * correlation id.
 *
 * <p><b>Delivery.</b> Each method emits and waits for the event to land
 * ({@link EventBus#emitAndWait(DomainEvent)}); if it cannot, it throws an {@link EmitException}.
 *
 * <p>Thread-safe: it holds no mutable state.
 */
public final class DecisionService {
    private final ServiceEvents events;

    /** A service emitting through {@code bus} as {@code identity}. */
    public DecisionService(EventBus bus, AgentIdentity identity) {
        this(Optional.of(Objects.requireNonNull(bus, "bus")), identity);
    }

    private DecisionService(Optional<EventBus> bus, AgentIdentity identity) {
        this.events = new ServiceEvents(bus, identity);
    }

    /** A service that builds the same events and decisions but emits nothing. */
    public static DecisionService withoutBus(AgentIdentity identity) {
        return new DecisionService(Optional.empty(), identity);
    }

    /** The bus events go to, if any. */
    public Optional<EventBus> bus() {
        return events.bus();
    }

    /** Records a decision about a plan known only by id, under a new correlation id. */
    public Decision recordDecision(String planId, String question, String outcome) {
        requireText("planId", planId);
        return record(events.builder(EventType.DECISION_CREATED).planId(planId), planId, question, outcome, null);
    }

    /** Records a decision about {@code plan}, in its correlation, caused by its last event. */
    public Decision recordDecision(Plan plan, String question, String outcome) {
        return recordDecision(plan, question, outcome, null);
    }

    /**
     * Records a decision about {@code plan}, in its correlation, caused by its last event.
     *
     * @param rationale why, or null
     */
    public Decision recordDecision(Plan plan, String question, String outcome, String rationale) {
        Objects.requireNonNull(plan, "plan");
        DomainEvent.Builder builder = events.builder(EventType.DECISION_CREATED)
                .causedBy(plan.lastEvent())
                .planId(plan.planId())
                .rootPlanId(plan.rootPlanId());
        return record(builder, plan.planId(), question, outcome, rationale);
    }

    private Decision record(DomainEvent.Builder builder, String planId, String question, String outcome, String rationale) {
        requireText("question", question);
        requireText("outcome", outcome);
        String decisionId = DomainEvent.newId();
        builder.detail("decision_id", decisionId)
                .detail("question", question)
                .detail("outcome", outcome);
        if (rationale != null) {
            builder.detail("rationale", rationale);
        }
        DomainEvent created = events.emit(builder);
        return new Decision(decisionId, planId, question, outcome, rationale, created);
    }
}
