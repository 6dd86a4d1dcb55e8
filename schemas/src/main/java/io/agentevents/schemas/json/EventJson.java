package io.agentevents.schemas.json;

import io.agentevents.schemas.DomainEvent;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The JSON shape of a {@link DomainEvent} shown to people and other programs (the CLI, logs, the
 * query API): the Avro field names, the wire type name, the timestamp in RFC 3339, absent
 * optional fields left out, {@code details} as plain JSON. Stateless and thread-safe.
 */
public final class EventJson {
    private EventJson() {
    }

    /** The event as an ordered map ready for any JSON writer. */
    public static Map<String, Object> toMap(DomainEvent event) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("event_id", event.eventId());
        json.put("event_type", event.type().wireName());
        json.put("timestamp", event.timestamp().toString());
        json.put("correlation_id", event.correlationId());
        putIfPresent(json, "causation_id", event.causationId());
        putIfPresent(json, "plan_id", event.planId());
        putIfPresent(json, "root_plan_id", event.rootPlanId());
        putIfPresent(json, "session_id", event.sessionId());
        putIfPresent(json, "actor_name", event.actorName());
        putIfPresent(json, "project_name", event.projectName());
        json.put("source", event.source());
        json.put("details", event.details());
        return json;
    }

    private static void putIfPresent(Map<String, Object> json, String name, String value) {
        if (value != null) {
            json.put(name, value);
        }
    }
}
