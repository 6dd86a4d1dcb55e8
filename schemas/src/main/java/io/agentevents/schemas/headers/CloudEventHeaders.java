package io.agentevents.schemas.headers;

import io.agentevents.schemas.DomainEvent;
import io.agentevents.schemas.EventType;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The Kafka headers every event record carries: CloudEvents' Kafka binary mode ({@code ce_*} and
 * {@code content-type}) plus W3C {@code traceparent}. Readers may route on {@link #TYPE} without
 * decoding the value. All values are UTF-8 strings. Stateless and thread-safe.
 */
public final class CloudEventHeaders {
    /** Always {@code 1.0}. */
    public static final String SPEC_VERSION = "ce_specversion";
    /** The event id. */
    public static final String ID = "ce_id";
    /** The wire type name, e.g. {@code plan.phase_changed}. */
    public static final String TYPE = "ce_type";
    /** The event's source. */
    public static final String SOURCE = "ce_source";
    /** The event's timestamp, RFC 3339 in UTC with microseconds. */
    public static final String TIME = "ce_time";
    /** The plan id, when the event has one. */
    public static final String SUBJECT = "ce_subject";
    /** The correlation id (also the record key). */
    public static final String PARTITION_KEY = "ce_partitionkey";
    /** {@code application/avro}. */
    public static final String CONTENT_TYPE = "content-type";
    /** W3C trace context, when the emitter has one. */
    public static final String TRACEPARENT = "traceparent";

    public static final String SPEC_VERSION_VALUE = "1.0";
    public static final String AVRO_CONTENT_TYPE = "application/avro";

    private static final Pattern TRACEPARENT_FORMAT = Pattern.compile("[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}");

    private CloudEventHeaders() {
    }

    /**
     * Adds the headers of {@code event} to {@code headers}.
     *
     * @param traceparent a W3C {@code traceparent} value, or null for none
     * @throws IllegalArgumentException if {@code traceparent} is not a W3C traceparent
     */
    public static void write(Headers headers, DomainEvent event, String traceparent) {
        add(headers, SPEC_VERSION, SPEC_VERSION_VALUE);
        add(headers, ID, event.eventId());
        add(headers, TYPE, event.type().wireName());
        add(headers, SOURCE, event.source());
        add(headers, TIME, event.timestamp().toString());
        if (event.planId() != null) {
            add(headers, SUBJECT, event.planId());
        }
        add(headers, PARTITION_KEY, event.correlationId());
        add(headers, CONTENT_TYPE, AVRO_CONTENT_TYPE);
        if (traceparent != null) {
            if (!isTraceparent(traceparent)) {
                throw new IllegalArgumentException("traceparent '" + traceparent
                        + "' is not a W3C trace context (version-traceid-parentid-flags in lower-case hex)");
            }
            add(headers, TRACEPARENT, traceparent);
        }
    }

    /** The last value of a header as text, if present. */
    public static Optional<String> get(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        return header == null || header.value() == null ? Optional.empty()
                : Optional.of(new String(header.value(), StandardCharsets.UTF_8));
    }

    /** The event type named by {@link #TYPE}; {@link EventType#UNKNOWN} for a name this build does not know; empty without the header. */
    public static Optional<EventType> type(Headers headers) {
        return get(headers, TYPE).map(name -> EventType.fromWireName(name).orElse(EventType.UNKNOWN));
    }

    /** Whether {@code value} has the W3C traceparent format. */
    public static boolean isTraceparent(String value) {
        return value != null && TRACEPARENT_FORMAT.matcher(value).matches();
    }

    private static void add(Headers headers, String name, String value) {
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
