package io.agentevents.streams.model;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What is known about one plan now: the value of the compacted {@code projections.plan-state}
 * topic (key: plan id) and of the query API's {@code GET /plans/{planId}}. Derived from a
 * {@link PlanFold} by {@link PlanFold#state()}, which documents how each field is folded.
 * Immutable; the collections are unmodifiable, {@code childPlanIds} sorted and the maps sorted by key.
 *
 * @param planId             the plan
 * @param rootPlanId         the top-level plan of its tree, or null when no event named one
 * @param parentPlanId       the plan it was created under, or null
 * @param childPlanIds       the plans created under it, sorted
 * @param phase              the current phase ({@code to_phase} of the latest {@code plan.phase_changed}), or null
 * @param status             {@code created}, {@code running}, {@code paused}, {@code completed},
 *                           {@code failed} or {@code cancelled}; null before any lifecycle event
 * @param createdAt          the earliest event time of the plan, or null when only child facts are known
 * @param updatedAt          the latest event time of the plan, or null when only child facts are known
 * @param decisionsByOutcome decision events by outcome: {@code created}, {@code approved},
 *                           {@code rejected}, {@code superseded} (all four always present)
 * @param toolCalls          {@code tool.invoked} events
 * @param toolFailures       {@code tool.failed} events
 * @param budgetAllocated    sum of {@code amount} over {@code budget.allocated} events
 * @param budgetConsumed     sum of {@code amount} over {@code budget.consumed} events
 * @param lastEvent          the latest event of the plan by (timestamp, event id), or null
 * @param eventCount         distinct events of the plan folded in
 * @param inputOffsets       per source {@code "topic-partition"}, the highest offset folded in
 */
public record PlanState(
        String planId,
        String rootPlanId,
        String parentPlanId,
        List<String> childPlanIds,
        String phase,
        String status,
        Instant createdAt,
        Instant updatedAt,
        Map<String, Long> decisionsByOutcome,
        long toolCalls,
        long toolFailures,
        double budgetAllocated,
        double budgetConsumed,
        LastEvent lastEvent,
        long eventCount,
        Map<String, Long> inputOffsets) {

    /** Requires the plan id; copies the collections (null becomes empty), sorting them. */
    public PlanState {
        Objects.requireNonNull(planId, "planId");
        childPlanIds = childPlanIds == null ? List.of() : List.copyOf(new TreeSet<>(childPlanIds));
        decisionsByOutcome = decisionsByOutcome == null ? Map.of()
                : Collections.unmodifiableMap(new TreeMap<>(decisionsByOutcome));
        inputOffsets = JsonValues.offsets(inputOffsets);
    }

    /**
     * The latest event of a plan.
     *
     * @param eventId   its id
     * @param eventType its wire type name
     * @param timestamp when it happened
     */
    public record LastEvent(String eventId, String eventType, Instant timestamp) {
        /** Requires every field, naming a missing one. */
        public LastEvent {
            Objects.requireNonNull(eventId, "eventId");
            Objects.requireNonNull(eventType, "eventType");
            Objects.requireNonNull(timestamp, "timestamp");
        }
    }
}
