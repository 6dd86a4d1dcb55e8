package io.agentevents.schemas.headers;

import io.agentevents.schemas.DomainEvent;
import io.agentevents.schemas.EventType;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeader;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The Kafka headers every event record carries: CloudEvents' Kafka binary mode ({@code ce_*} and
 * {@code content-type}) plus W3C {@code traceparent}. Readers may route on {@link #TYPE} without
 * decoding the value. All values are UTF-8 strings. Stateless and thread-safe.
 *
 * <p>Writing is cheap enough for every emit: the headers that never change ({@code ce_specversion},
 * {@code content-type}, each type's {@code ce_type}) are made once and the same {@link Header}
 * objects are put on every record (Kafka copies header keys and values into the batch; nothing may
 * modify a header's value array), and {@code ce_time} is formatted by integer arithmetic
 * ({@link Rfc3339}) into the text {@link java.time.Instant#toString()} prints. A
 * {@link CloudEventHeaderWriter} also keeps the {@code ce_source} header of the last event, for an
 * emitter whose events share one source.
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

    /** {@code version-traceid-parentid-flags}: 2 + 1 + 32 + 1 + 16 + 1 + 2 characters. */
    private static final int TRACEPARENT_LENGTH = 55;
    /** The longest {@code traceparent} value {@link #traceId} reads, in bytes. */
    private static final int MAX_TRACEPARENT_BYTES = 256;
    /** The trace id W3C declares invalid: no trace. */
    private static final String ZERO_TRACE_ID = "0".repeat(32);
    private static final Header SPEC_VERSION_HEADER = new RecordHeader(SPEC_VERSION, utf8(SPEC_VERSION_VALUE));
    private static final Header CONTENT_TYPE_HEADER = new RecordHeader(CONTENT_TYPE, utf8(AVRO_CONTENT_TYPE));
    /** {@code ce_type} headers, by {@link EventType#ordinal()}. */
    private static final Header[] TYPE_HEADERS = typeHeaders();

    private CloudEventHeaders() {
    }

    /**
     * Adds the headers of {@code event} to {@code headers}.
     *
     * @param traceparent a W3C {@code traceparent} value, or null for none
     * @throws IllegalArgumentException if {@code traceparent} is not a W3C traceparent
     */
    public static void write(Headers headers, DomainEvent event, String traceparent) {
        write(headers, event, traceparent, sourceHeader(event.source()));
    }

    /**
     * {@link #write(Headers, DomainEvent, String)} with the {@code ce_source} header already made.
     * Checks the traceparent before adding anything, so a refused one leaves {@code headers} as they were.
     */
    static void write(Headers headers, DomainEvent event, String traceparent, Header source) {
        if (traceparent != null && !isTraceparent(traceparent)) {
            throw new IllegalArgumentException("traceparent '" + traceparent
                    + "' is not a W3C trace context (version-traceid-parentid-flags in lower-case hex)");
        }
        headers.add(SPEC_VERSION_HEADER);
        headers.add(ID, utf8(event.eventId()));
        headers.add(TYPE_HEADERS[event.type().ordinal()]);
        headers.add(source);
        headers.add(TIME, Rfc3339.utcBytes(event.timestamp()));
        if (event.planId() != null) {
            headers.add(SUBJECT, utf8(event.planId()));
        }
        headers.add(PARTITION_KEY, utf8(event.correlationId()));
        headers.add(CONTENT_TYPE_HEADER);
        if (traceparent != null) {
            headers.add(TRACEPARENT, utf8(traceparent));
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
        return value != null && value.length() == TRACEPARENT_LENGTH && startsWithTraceparent(value);
    }

    /**
     * The trace id (32 lower-case hex digits) of the last {@link #TRACEPARENT} header, when its value
     * (US-ASCII, at most 256 bytes) starts with a W3C traceparent: {@code version-traceid-parentid-flags}
     * in lower-case hex. What follows the flags (the fields of a later version) is ignored unless it
     * holds a line break. Empty without the header, for any other value, and for the all-zero trace id,
     * which W3C declares invalid. The one reader of trace ids (the audit trail, the demo's trace check).
     */
    public static Optional<String> traceId(Headers headers) {
        Header header = headers.lastHeader(TRACEPARENT);
        if (header == null || header.value() == null || header.value().length > MAX_TRACEPARENT_BYTES) {
            return Optional.empty();
        }
        String value = new String(header.value(), StandardCharsets.US_ASCII);
        if (value.length() < TRACEPARENT_LENGTH || !startsWithTraceparent(value) || hasLineBreakAfterFlags(value)) {
            return Optional.empty();
        }
        String traceId = value.substring(3, 35);
        return traceId.equals(ZERO_TRACE_ID) ? Optional.empty() : Optional.of(traceId);
    }

    /** Whether the first 55 characters of {@code value} (it has at least 55) are a W3C traceparent. */
    private static boolean startsWithTraceparent(String value) {
        for (int i = 0; i < TRACEPARENT_LENGTH; i++) {
            char c = value.charAt(i);
            boolean dash = i == 2 || i == 35 || i == 52;
            if (dash ? c != '-' : !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return false;
            }
        }
        return true;
    }

    /** Whether what follows a traceparent's flags holds a line break (in US-ASCII text: CR or LF). */
    private static boolean hasLineBreakAfterFlags(String value) {
        for (int i = TRACEPARENT_LENGTH; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\n' || c == '\r') {
                return true;
            }
        }
        return false;
    }

    /** A {@code ce_source} header. */
    static Header sourceHeader(String source) {
        return new RecordHeader(SOURCE, utf8(source));
    }

    private static byte[] utf8(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    private static Header[] typeHeaders() {
        EventType[] types = EventType.values();
        Header[] typeHeaders = new Header[types.length];
        for (EventType type : types) {
            typeHeaders[type.ordinal()] = new RecordHeader(TYPE, utf8(type.wireName()));
        }
        return typeHeaders;
    }
}
