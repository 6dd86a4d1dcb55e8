package io.agentevents.streams.model;

import io.agentevents.schemas.DomainEvent;
import io.agentevents.schemas.json.EventJson;

import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.Objects;

/**
 * One event in an audit trail, with the position it was read from: the value of the
 * {@code projections.audit} topic (key: correlation id) and an element of {@link AuditTrail}.
 * Immutable; {@code event} is a deep, unmodifiable copy.
 *
 * @param eventId       the event's id
 * @param eventType     the event's wire type name, e.g. {@code plan.phase_changed}
 * @param timestamp     when the event happened
 * @param correlationId the event's correlation id
 * @param planId        the event's plan id, or null
 * @param source        who emitted the event
 * @param topic         the source topic the event was read from, e.g. {@code events.plan}
 * @param partition     the source partition
 * @param offset        the source offset
 * @param traceId       the trace id of the record's W3C {@code traceparent} header (32 hex digits), or null
 *                      when it had none
 * @param event         the whole event in its JSON shape ({@link EventJson#toMap(DomainEvent)})
 */
public record AuditEntry(
        String eventId,
        String eventType,
        Instant timestamp,
        String correlationId,
        String planId,
        String source,
        String topic,
        int partition,
        long offset,
        String traceId,
        Map<String, Object> event) {

    /** The order of a trail: by timestamp, then by event id. */
    public static final Comparator<AuditEntry> ORDER =
            Comparator.comparing(AuditEntry::timestamp).thenComparing(AuditEntry::eventId);

    /** Checks the required fields, naming a missing one, and freezes {@code event}. */
    public AuditEntry {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(eventType, "eventType");
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(correlationId, "correlationId");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(topic, "topic");
        event = JsonValues.freezeMap(Objects.requireNonNull(event, "event"));
    }

    /** The entry of an event read at {@code topic}/{@code partition}/{@code offset}. */
    public static AuditEntry of(DomainEvent event, String topic, int partition, long offset) {
        return of(event, topic, partition, offset, null);
    }

    /** The entry of an event read at {@code topic}/{@code partition}/{@code offset} in the trace {@code traceId} (or null). */
    public static AuditEntry of(DomainEvent event, String topic, int partition, long offset, String traceId) {
        Objects.requireNonNull(event, "event");
        return new AuditEntry(event.eventId(), event.type().wireName(), event.timestamp(), event.correlationId(),
                event.planId(), event.source(), topic, partition, offset, traceId, EventJson.toMap(event));
    }

    /** The {@code "topic-partition"} key of the source position, as in the trails' {@code inputOffsets}. */
    public String sourcePosition() {
        return JsonValues.position(topic, partition);
    }
}
