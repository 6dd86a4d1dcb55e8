package io.agentevents.streams.client;

import io.agentevents.streams.model.PlanState;

import java.util.List;
import java.util.Objects;

/**
 * {@code GET /plans?rootPlanId=}: every plan of a tree. Immutable.
 *
 * @param rootPlanId the root plan
 * @param plans      the states of the plans of the tree (the root among them), in plan id order
 */
public record PlanTree(String rootPlanId, List<PlanState> plans) {
    public PlanTree {
        Objects.requireNonNull(rootPlanId, "rootPlanId");
        plans = List.copyOf(plans);
    }
}
