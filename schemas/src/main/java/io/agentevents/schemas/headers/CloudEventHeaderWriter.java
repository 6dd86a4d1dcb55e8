package io.agentevents.schemas.headers;

import io.agentevents.schemas.DomainEvent;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * Writes the {@link CloudEventHeaders} of many events, for one emitter: what
 * {@link CloudEventHeaders#write(Headers, DomainEvent, String)} writes, but the {@code ce_source}
 * header of the last event is kept and put on the next records while the source stays the same
 * (an agent's events usually share one). Thread-safe and lock-free: threads emitting events of different sources just
 * replace each other's kept value.
 */
public final class CloudEventHeaderWriter {

    /** A source and its header; never modified once made. */
    private record EncodedSource(String text, Header header) {
    }

    private volatile EncodedSource lastSource = new EncodedSource("", CloudEventHeaders.sourceHeader(""));

    /**
     * Adds the headers of {@code event} to {@code headers}; see
     * {@link CloudEventHeaders#write(Headers, DomainEvent, String)}.
     *
     * @param traceparent a W3C {@code traceparent} value, or null for none
     * @throws IllegalArgumentException if {@code traceparent} is not a W3C traceparent (nothing is added)
     */
    public void write(Headers headers, DomainEvent event, String traceparent) {
        CloudEventHeaders.write(headers, event, traceparent, sourceHeader(event.source()));
    }

    private Header sourceHeader(String source) {
        EncodedSource last = lastSource;
        if (last.text().equals(source)) {
            return last.header();
        }
        EncodedSource encoded = new EncodedSource(source, CloudEventHeaders.sourceHeader(source));
        lastSource = encoded;
        return encoded.header();
    }
}
