package io.agentevents.schemas.testing;

import io.agentevents.schemas.DomainEvent;
import io.agentevents.schemas.EventType;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

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

    /**
     * A {@code tool.failed} event as a writer on an earlier version of the schema builds it (Avro's
     * generic record of {@code schema}, the fixed ids, source {@code python-agent}), with the given
     * Avro details.
     */
    public static GenericRecord toolFailedRecord(Schema schema, Map<String, ?> details) {
        GenericRecord record = new GenericData.Record(schema);
        record.put("event_id", EVENT_ID);
        record.put("event_type", new GenericData.EnumSymbol(schema.getField("event_type").schema(), "TOOL_FAILED"));
        record.put("timestamp", 1_767_323_045_123_456L);
        record.put("correlation_id", CORRELATION_ID);
        record.put("plan_id", "plan-9");
        record.put("source", "python-agent");
        record.put("details", details);
        return record;
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
