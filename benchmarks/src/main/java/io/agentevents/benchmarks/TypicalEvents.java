package io.agentevents.benchmarks;

import io.agentevents.schemas.Domain;
import io.agentevents.schemas.DomainEvent;
import io.agentevents.schemas.EventType;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The events the benchmarks work on: what a planner emits when a plan moves on, with every id and
 * name set and six details, one of them a nested map and one a list. About 500 bytes of Avro.
 */
final class TypicalEvents {

    /** The topic plan events go to (the default {@code events} prefix). */
    static final String PLAN_TOPIC = Domain.PLAN.topic();

    /** A W3C trace context, as an emitter inside a traced request sends it. */
    static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    static final String CORRELATION_ID = "01JQ2Z8K4W7T3V5X9B6N1M0P2R";
    static final String CAUSATION_ID = "01JQ2Z8K4W7T3V5X9B6N1M0P2S";
    static final String EVENT_ID = "01JQ2Z8K5C2H7D4F6G8J0K1L3M";
    static final Instant TIMESTAMP = Instant.parse("2025-06-01T12:34:56.789123Z");

    private TypicalEvents() {
    }

    /** A builder with every field of a typical {@code plan.phase_changed} set except event id and timestamp. */
    static DomainEvent.Builder phaseChangedBuilder(String planId) {
        return DomainEvent.builder(EventType.PLAN_PHASE_CHANGED)
                .correlationId(CORRELATION_ID)
                .causationId(CAUSATION_ID)
                .planId(planId)
                .rootPlanId("plan-incident-2025-06-01-0042")
                .sessionId("session-7f3c9e21-b2d4-4a8e-9c61-3d5e7f9a1b2c")
                .actorName("planner-1")
                .projectName("incident-response")
                .source("agents/planner-1@host-a")
                .details(phaseChangedDetails());
    }

    /** A complete typical {@code plan.phase_changed}, every field given. */
    static DomainEvent phaseChanged() {
        return phaseChangedBuilder("plan-incident-2025-06-01-0042-sub-3")
                .eventId(EVENT_ID)
                .timestamp(TIMESTAMP)
                .build();
    }

    /**
     * The six details of a phase change: two phases, a free-text reason, a step count, the tools the
     * next phase may use (a list) and the budget so far (a nested map).
     */
    static Map<String, Object> phaseChangedDetails() {
        Map<String, Object> budget = new LinkedHashMap<>();
        budget.put("allocated_usd", 10.0);
        budget.put("consumed_usd", 1.25);
        budget.put("tokens_in", 48_213L);
        budget.put("tokens_out", 6_120L);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("from_phase", "planning");
        details.put("to_phase", "executing");
        details.put("reason", "plan approved by reviewer-2 after two revisions; executing the remediation steps");
        details.put("step_count", 7L);
        details.put("tools", List.of("shell.run", "http.get", "k8s.rollout_restart", "pagerduty.ack"));
        details.put("budget", budget);
        return details;
    }

    /**
     * An event of one of the plan domain's types, with the typical fields and details and a new
     * event id; {@code index} varies the plan id so no two events of a batch are alike.
     */
    static DomainEvent planEvent(EventType type, int index) {
        return phaseChangedBuilder("plan-incident-2025-06-01-0042-sub-" + index)
                .type(type)
                .timestamp(TIMESTAMP.plusMillis(index))
                .build();
    }
}
