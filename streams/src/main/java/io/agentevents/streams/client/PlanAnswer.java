package io.agentevents.streams.client;

import io.agentevents.streams.model.PlanState;

import java.util.Objects;

/**
 * {@code GET /plans/{planId}}: a plan's state and how fresh it is. Immutable.
 *
 * @param plan      the plan's state
 * @param freshness the input offsets it reflects and who served it
 */
public record PlanAnswer(PlanState plan, Freshness freshness) {
    public PlanAnswer {
        Objects.requireNonNull(plan, "plan");
        Objects.requireNonNull(freshness, "freshness");
    }
}
