package io.agentevents.producer.examples;

import io.agentevents.producer.EmitException;
import io.agentevents.producer.EventBus;
import io.agentevents.schemas.DomainEvent;
import io.agentevents.schemas.EventType;

import java.util.Objects;
import java.util.Optional;

/**
 * Creates plans and moves them through phases, emitting {@code plan.created} and
 * {@code plan.phase_changed}. An example service for agents: give it the process's {@link EventBus},
 * or none ({@link #withoutBus}) to run with no event infrastructure at all; it behaves the same,
 * only nothing is emitted.
 *
 * <p><b>Events.</b> {@code plan.created} carries {@code plan_id}, {@code root_plan_id} and details
 * {@code goal}, {@code phase} (always {@value Plan#INITIAL_PHASE}) and, for a sub-plan,
 * {@code parent_plan_id}. {@code plan.phase_changed} carries details {@code from_phase} and
 * {@code to_phase}. All events about a plan tree share the correlation id of the top-level plan's
 * {@code plan.created}; each is caused by ({@code causation_id}) the plan's previous event, or for
 * a sub-plan's creation, its parent's last event.
 *
 * <p><b>Delivery.</b> Each method emits and waits for the event to land
 * ({@link EventBus#emitAndWait(DomainEvent)}); if it cannot, it throws an {@link EmitException}
 * and returns no new plan state.
 *
 * <p>Thread-safe: it holds no mutable state; {@link Plan}s are immutable values.
 */
public final class PlanLifecycleService {
    private final ServiceEvents events;

    /** A service emitting through {@code bus} as {@code identity}. */
    public PlanLifecycleService(EventBus bus, AgentIdentity identity) {
        this(Optional.of(Objects.requireNonNull(bus, "bus")), identity);
    }

    private PlanLifecycleService(Optional<EventBus> bus, AgentIdentity identity) {
        this.events = new ServiceEvents(bus, identity);
    }

    /** A service that builds the same events and plans but emits nothing. */
    public static PlanLifecycleService withoutBus(AgentIdentity identity) {
        return new PlanLifecycleService(Optional.empty(), identity);
    }

    /** The bus events go to, if any. */
    public Optional<EventBus> bus() {
        return events.bus();
    }

    /** Creates a top-level plan (its own root) under a new correlation id. */
    public Plan createPlan(String planId, String goal) {
        return createPlan(planId, null, goal);
    }

    /**
     * Creates a plan under a new correlation id.
     *
     * @param rootPlanId the top-level plan of its tree, or null when the plan is top-level itself
     */
    public Plan createPlan(String planId, String rootPlanId, String goal) {
        requireText("planId", planId);
        requireText("goal", goal);
        String root = rootPlanId == null ? planId : rootPlanId;
        DomainEvent created = events.emit(events.builder(EventType.PLAN_CREATED)
                .planId(planId)
                .rootPlanId(root)
                .detail("goal", goal)
                .detail("phase", Plan.INITIAL_PHASE));
        return new Plan(planId, root, null, goal, Plan.INITIAL_PHASE, created);
    }

    /** Creates a plan under {@code parent}: same root and correlation id, caused by the parent's last event. */
    public Plan createSubPlan(Plan parent, String planId, String goal) {
        Objects.requireNonNull(parent, "parent");
        requireText("planId", planId);
        requireText("goal", goal);
        if (planId.equals(parent.planId())) {
            throw new IllegalArgumentException("a sub-plan needs its own id, not its parent's '" + planId + "'");
        }
        DomainEvent created = events.emit(events.builder(EventType.PLAN_CREATED)
                .causedBy(parent.lastEvent())
                .planId(planId)
                .rootPlanId(parent.rootPlanId())
                .detail("goal", goal)
                .detail("phase", Plan.INITIAL_PHASE)
                .detail("parent_plan_id", parent.planId()));
        return new Plan(planId, parent.rootPlanId(), parent.planId(), goal, Plan.INITIAL_PHASE, created);
    }

    /**
     * Moves a plan to another phase, emitting {@code plan.phase_changed} caused by the plan's last event.
     *
     * @return the plan in its new phase
     * @throws IllegalArgumentException if the plan is already in {@code toPhase}
     */
    public Plan changePhase(Plan plan, String toPhase) {
        Objects.requireNonNull(plan, "plan");
        requireText("toPhase", toPhase);
        if (toPhase.equals(plan.phase())) {
            throw new IllegalArgumentException("plan " + plan.planId() + " is already in phase '" + toPhase + "'");
        }
        DomainEvent changed = events.emit(events.builder(EventType.PLAN_PHASE_CHANGED)
                .causedBy(plan.lastEvent())
                .planId(plan.planId())
                .rootPlanId(plan.rootPlanId())
                .detail("from_phase", plan.phase())
                .detail("to_phase", toPhase));
        return plan.inPhase(toPhase, changed);
    }

    static void requireText(String name, String value) {
        Objects.requireNonNull(value, name);
        if (value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
    }
}
