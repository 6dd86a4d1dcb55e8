package io.agentevents.platform.demo;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentevents.streams.model.PlanState;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the agents together emitted about one plan, and the check of a projected plan state against
 * it. Mutable while the agents' summaries are merged; not thread-safe.
 */
final class ExpectedPlan {
    private final String planId;
    private final Map<String, Long> types = new TreeMap<>();
    private BigDecimal allocated = BigDecimal.ZERO;
    private BigDecimal consumed = BigDecimal.ZERO;
    private String status;

    ExpectedPlan(String planId) {
        this.planId = planId;
    }

    /** Adds one agent's summary entry for this plan ({@code {"types": ..., "allocated": ..., ...}}). */
    void merge(JsonNode plan) {
        plan.path("types").properties().forEach(type -> types.merge(type.getKey(), type.getValue().asLong(), Long::sum));
        allocated = allocated.add(plan.path("allocated").decimalValue());
        consumed = consumed.add(plan.path("consumed").decimalValue());
        if (plan.hasNonNull("status")) {
            status = plan.get("status").asText();
        }
    }

    String planId() {
        return planId;
    }

    /** The final status a planner gave the plan, or null. */
    String status() {
        return status;
    }

    long events() {
        return types.values().stream().mapToLong(Long::longValue).sum();
    }

    long count(String type) {
        return types.getOrDefault(type, 0L);
    }

    /** The differences between this and the projected state (the library's fold, read from the query API); empty when they agree. */
    List<String> differences(PlanState state, String parent, List<String> children) {
        List<String> differences = new ArrayList<>();
        compare(differences, "eventCount", events(), state.eventCount());
        compare(differences, "toolCalls", count("tool.invoked"), state.toolCalls());
        compare(differences, "toolFailures", count("tool.failed"), state.toolFailures());
        for (String outcome : List.of("created", "approved", "rejected", "superseded")) {
            compare(differences, "decisions." + outcome, count("decision." + outcome),
                    state.decisionsByOutcome().getOrDefault(outcome, -1L));
        }
        compare(differences, "status", status, state.status());
        compare(differences, "budgetAllocated", allocated.doubleValue(), state.budgetAllocated());
        compare(differences, "budgetConsumed", consumed.doubleValue(), state.budgetConsumed());
        compare(differences, "parentPlanId", parent, state.parentPlanId());
        compare(differences, "childPlanIds", children, state.childPlanIds());
        return differences;
    }

    /** Whether {@code state} reflects every event emitted about this plan and its final status. */
    boolean reflectedIn(PlanState state) {
        return state.eventCount() >= events() && status != null && status.equals(state.status());
    }

    private static void compare(List<String> differences, String field, Object expected, Object actual) {
        if (expected == null ? actual != null : !expected.equals(actual)) {
            differences.add(field + ": emitted " + expected + ", projected " + actual);
        }
    }
}
