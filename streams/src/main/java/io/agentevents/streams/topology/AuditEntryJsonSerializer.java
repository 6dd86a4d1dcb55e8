package io.agentevents.streams.topology;

import io.agentevents.schemas.DomainEvent;
import io.agentevents.streams.model.JsonSerdes;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * Writes the {@value ProjectionStores#AUDIT_TOPIC} value of an event straight from the event: the
 * same JSON, byte for byte, as {@code JsonSerdes.of(AuditEntry.class)} writes for
 * {@code AuditEntry.of(event, topic, partition, offset)} (fields in record order; the event in
 * {@code EventJson}'s shape), without building the entry and its deep copy of the event first.
 * Thread-safe.
 */
final class AuditEntryJsonSerializer implements Serializer<SourcedEvent> {
    private final JsonFactory json = JsonSerdes.objectMapper().getFactory();

    @Override
    public byte[] serialize(String topic, SourcedEvent sourced) {
        if (sourced == null) {
            return null;
        }
        DomainEvent event = sourced.event();
        try (ByteArrayBuilder bytes = new ByteArrayBuilder(sourced.wireBytes().length * 2 + 256);
             JsonGenerator out = json.createGenerator(bytes)) {
            out.writeStartObject();
            out.writeStringField("eventId", event.eventId());
            out.writeStringField("eventType", event.type().wireName());
            String time = event.timestamp().toString();
            out.writeStringField("timestamp", time);
            out.writeStringField("correlationId", event.correlationId());
            out.writeStringField("planId", event.planId());
            out.writeStringField("source", event.source());
            out.writeStringField("topic", sourced.at().topic());
            out.writeNumberField("partition", sourced.at().partition());
            out.writeNumberField("offset", sourced.at().offset());
            out.writeStringField("traceId", sourced.traceId());
            out.writeObjectFieldStart("event");
            out.writeStringField("event_id", event.eventId());
            out.writeStringField("event_type", event.type().wireName());
            out.writeStringField("timestamp", time);
            out.writeStringField("correlation_id", event.correlationId());
            optional(out, "causation_id", event.causationId());
            optional(out, "plan_id", event.planId());
            optional(out, "root_plan_id", event.rootPlanId());
            optional(out, "session_id", event.sessionId());
            optional(out, "actor_name", event.actorName());
            optional(out, "project_name", event.projectName());
            out.writeStringField("source", event.source());
            out.writeFieldName("details");
            value(out, event.details());
            out.writeEndObject();
            out.writeEndObject();
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new SerializationException("cannot write the audit entry of event " + event.eventId() + " as JSON", e);
        }
    }

    private static void optional(JsonGenerator out, String name, String value) throws IOException {
        if (value != null) {
            out.writeStringField(name, value);
        }
    }

    /** A detail value: null, Boolean, Long, Double, String, List or Map of the same (as DomainEvent guarantees). */
    private static void value(JsonGenerator out, Object value) throws IOException {
        if (value == null) {
            out.writeNull();
        } else if (value instanceof String text) {
            out.writeString(text);
        } else if (value instanceof Long number) {
            out.writeNumber(number);
        } else if (value instanceof Double number) {
            out.writeNumber(number);
        } else if (value instanceof Boolean flag) {
            out.writeBoolean(flag);
        } else if (value instanceof Map<?, ?> map) {
            out.writeStartObject();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                out.writeFieldName((String) entry.getKey());
                value(out, entry.getValue());
            }
            out.writeEndObject();
        } else if (value instanceof List<?> list) {
            out.writeStartArray();
            for (Object item : list) {
                value(out, item);
            }
            out.writeEndArray();
        } else {
            throw new IOException("not a detail value: " + value.getClass().getName());
        }
    }
}
