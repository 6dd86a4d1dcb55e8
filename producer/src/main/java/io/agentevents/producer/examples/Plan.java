package io.agentevents.producer.examples;

import io.agentevents.schemas.DomainEvent;

import java.util.Objects;

/**
 * A plan as {@link PlanLifecycleService} knows it: its ids, goal and current phase, and the last
 * event emitted about it, whose correlation id the plan's later events share and which causes the
 * next one. Immutable.
 *
 * @param planId       the plan's id
 * @param rootPlanId   the top-level plan of its tree (itself for a top-level plan)
 * @param parentPlanId the plan it was created under, or null for a top-level plan
 * @param goal         what the plan is for
 * @param phase        its current phase, {@value #INITIAL_PHASE} when created
 * @param lastEvent    the last event emitted about it ({@code plan.created} or {@code plan.phase_changed})
 */
public record Plan(String planId, String rootPlanId, String parentPlanId, String goal, String phase, DomainEvent lastEvent) {

    /** The phase a plan starts in. */
    public static final String INITIAL_PHASE = "planning";

    public Plan {
        Objects.requireNonNull(planId, "planId");
        Objects.requireNonNull(rootPlanId, "rootPlanId");
        Objects.requireNonNull(goal, "goal");
        Objects.requireNonNull(phase, "phase");
        Objects.requireNonNull(lastEvent, "lastEvent");
    }

    /** The correlation id every event about this plan carries. */
    public String correlationId() {
        return lastEvent.correlationId();
    }

    /** Whether this is a top-level plan. */
    public boolean isRoot() {
        return parentPlanId == null;
    }

    /** This plan in another phase, reached by {@code event}. */
    Plan inPhase(String newPhase, DomainEvent event) {
        return new Plan(planId, rootPlanId, parentPlanId, goal, newPhase, event);
    }
}
