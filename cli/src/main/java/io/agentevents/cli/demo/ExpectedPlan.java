package io.agentevents.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;

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

    String status() {
        return status;
    }

    long events() {
        return types.values().stream().mapToLong(Long::longValue).sum();
    }

    long count(String type) {
        return types.getOrDefault(type, 0L);
    }

    /** The differences between this and the projected {@code PlanState} JSON; empty when they agree. */
    List<String> differences(JsonNode state, String parent, List<String> children) {
        List<String> differences = new ArrayList<>();
        compare(differences, "eventCount", events(), state.path("eventCount").asLong(-1));
        compare(differences, "toolCalls", count("tool.invoked"), state.path("toolCalls").asLong(-1));
        compare(differences, "toolFailures", count("tool.failed"), state.path("toolFailures").asLong(-1));
        for (String outcome : List.of("created", "approved", "rejected", "superseded")) {
            compare(differences, "decisions." + outcome, count("decision." + outcome),
                    state.path("decisionsByOutcome").path(outcome).asLong(-1));
        }
        compare(differences, "status", status, state.path("status").asText(null));
        compare(differences, "budgetAllocated", allocated.doubleValue(), state.path("budgetAllocated").asDouble(-1));
        compare(differences, "budgetConsumed", consumed.doubleValue(), state.path("budgetConsumed").asDouble(-1));
        compare(differences, "parentPlanId", parent, state.path("parentPlanId").asText(null));
        List<String> projectedChildren = new ArrayList<>();
        state.path("childPlanIds").forEach(child -> projectedChildren.add(child.asText()));
        compare(differences, "childPlanIds", children, projectedChildren);
        return differences;
    }

    private static void compare(List<String> differences, String field, Object expected, Object actual) {
        if (expected == null ? actual != null : !expected.equals(actual)) {
            differences.add(field + ": emitted " + expected + ", projected " + actual);
        }
    }
}
