package io.agentevents.streams.model;

import java.util.Collections;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The plans of one plan tree: the value of the {@code plans-by-root} store (key: root plan id).
 * It holds the root itself and every plan id seen on an event whose {@code root_plan_id} is the
 * root. A set union, so order-insensitive and idempotent. Immutable; {@code planIds} is sorted.
 *
 * @param planIds the plan ids of the tree, sorted
 */
public record PlanIndex(Set<String> planIds) {

    /** Copies {@code planIds} into an unmodifiable sorted set. */
    public PlanIndex {
        Objects.requireNonNull(planIds, "planIds");
        planIds = Collections.unmodifiableSortedSet(new TreeSet<>(planIds));
    }

    /** The index of a tree of which only the root is known. */
    public static PlanIndex of(String rootPlanId) {
        return new PlanIndex(Set.of(Objects.requireNonNull(rootPlanId, "rootPlanId")));
    }

    /** This index with {@code planId} added; this one when it is already present. */
    public PlanIndex with(String planId) {
        Objects.requireNonNull(planId, "planId");
        if (planIds.contains(planId)) {
            return this;
        }
        Set<String> next = new TreeSet<>(planIds);
        next.add(planId);
        return new PlanIndex(next);
    }
}
