package io.agentevents.producer.examples;

import io.agentevents.schemas.DomainEvent;

import java.util.Objects;

/**
 * A decision recorded by {@link DecisionService}. Immutable.
 *
 * @param decisionId the decision's id (a ULID)
 * @param planId     the plan it was taken for
 * @param question   what was decided
 * @param outcome    the answer
 * @param rationale  why, or null
 * @param event      the {@code decision.created} event that recorded it; use it as the cause of what follows
 */
public record Decision(String decisionId, String planId, String question, String outcome, String rationale,
                       DomainEvent event) {
    public Decision {
        Objects.requireNonNull(decisionId, "decisionId");
        Objects.requireNonNull(planId, "planId");
        Objects.requireNonNull(question, "question");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(event, "event");
    }
}
