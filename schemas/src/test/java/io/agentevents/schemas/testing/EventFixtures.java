package io.agentevents.schemas.testing;

import io.agentevents.schemas.DomainEvent;
import io.agentevents.schemas.EventType;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Canonical events shared by the tests of every module (this class ships in the schemas test-jar).
 * Each factory returns a fresh, valid event with fixed ids so assertions can name them.
 */
public final class EventFixtures {

    /** A fixed instant with microsecond precision, so round trips compare equal. */
    public static final Instant T0 = Instant.parse("2026-01-02T03:04:05.123456Z");
    public static final String CORRELATION_ID = "01JGZ8K6S1Y3W5E7R9T2V4X6Z8";
    public static final String EVENT_ID = "01JGZ8K6S1Y3W5E7R9T2V4X6Z9";
    public static final String PLAN_ID = "plan-42";

    private EventFixtures() {
    }

    /** A plan.phase_changed event with every optional field set and nested details. */
    public static DomainEvent fullEvent() {
        Map<String, Object> step = new LinkedHashMap<>();
        step.put("name", "search");
        step.put("attempt", 2L);
        step.put("score", 0.75);
        step.put("done", true);
        step.put("note", null);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("from_phase", "planning");
        details.put("to_phase", "executing");
        details.put("steps", List.of(step, "free text", 7L));
        details.put("limits", Map.of("tokens", 4096L));
        return DomainEvent.builder(EventType.PLAN_PHASE_CHANGED)
                .eventId(EVENT_ID)
                .timestamp(T0)
                .correlationId(CORRELATION_ID)
                .causationId("01JGZ8K6S1Y3W5E7R9T2V4X6Z0")
                .planId(PLAN_ID)
                .rootPlanId("plan-1")
                .sessionId("session-7")
                .actorName("planner-1")
                .projectName("apollo")
                .source("/agents/planner-1")
                .details(details)
                .build();
    }

    /** The smallest valid event of a type: only type and source set, the rest filled in. */
    public static DomainEvent minimalEvent(EventType type) {
        return DomainEvent.builder(type).source("test").build();
    }
}
