package io.agentevents.consumer.deadletter;

import io.agentevents.consumer.DeadLetterHeaders;
import io.agentevents.schemas.Domain;
import io.agentevents.schemas.DomainEvent;
import io.agentevents.schemas.EventType;
import io.agentevents.schemas.headers.CloudEventHeaders;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One record of a dead-letter topic ({@code <prefix>.<domain>.dlq}) as a subscriber wrote it: the
 * original key, value and headers of the record it gave up on, and what the
 * {@link DeadLetterHeaders} say about why. Immutable (the byte arrays are copied in and out);
 * equality compares the bytes.
 *
 * @param position     where the dead letter is: its dead-letter topic, partition and offset
 * @param domain       the domain whose dead-letter topic holds it
 * @param key          the original key (the correlation id), if the record had one
 * @param value        the original value bytes, exactly as read from the source topic (empty for a
 *                     record without a value)
 * @param event        the value decoded as an event, when it can be (empty for the undecodable)
 * @param eventType    the wire type name of the {@code ce_type} header, as written (a type newer than
 *                     this build keeps its name); empty without the header
 * @param reason       {@link DeadLetterHeaders#REASON}: {@code handler-failed}, {@code undecodable},
 *                     {@code unknown-type} or {@code held}; empty text when absent
 * @param errorClass   {@link DeadLetterHeaders#ERROR_CLASS}; empty text when there was no error (held)
 * @param errorMessage {@link DeadLetterHeaders#ERROR_MESSAGE}; empty text when there was no error
 * @param source       where the record was read from ({@link DeadLetterHeaders#SOURCE_TOPIC},
 *                     {@code SOURCE_PARTITION}, {@code SOURCE_OFFSET}); empty when the headers are missing
 *                     or malformed, in which case the letter cannot be replayed
 * @param attempts     {@link DeadLetterHeaders#ATTEMPTS}: handler calls, 0 for records never handed to one
 * @param time         {@link DeadLetterHeaders#TIME}, when it was dead-lettered; the dead-letter record's
 *                     timestamp when the header is missing or malformed
 * @param group        {@link DeadLetterHeaders#GROUP}, the consumer group that gave up; empty text when absent
 * @param headers      every header of the dead-letter record, in order: the original ones and the
 *                     {@code eventbus.dlq.*} ones
 */
public record DeadLetter(
        RecordPosition position,
        Domain domain,
        Optional<String> key,
        byte[] value,
        Optional<DomainEvent> event,
        Optional<String> eventType,
        String reason,
        String errorClass,
        String errorMessage,
        Optional<RecordPosition> source,
        int attempts,
        Instant time,
        String group,
        List<Header> headers) {

    /** The prefix of the headers a dead-letter writer adds, {@code eventbus.dlq.}. */
    public static final String DEAD_LETTER_HEADER_PREFIX = DeadLetterHeaders.PREFIX;

    public DeadLetter {
        Objects.requireNonNull(position, "position");
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(key, "key");
        value = Objects.requireNonNull(value, "value").clone();
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(eventType, "eventType");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(errorClass, "errorClass");
        Objects.requireNonNull(errorMessage, "errorMessage");
        Objects.requireNonNull(source, "source");
        if (attempts < 0) {
            throw new IllegalArgumentException("attempts must be 0 or more, was " + attempts);
        }
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(group, "group");
        headers = List.copyOf(Objects.requireNonNull(headers, "headers"));
    }

    /** A copy of the original value bytes. */
    @Override
    public byte[] value() {
        return value.clone();
    }

    /** The event id: the decoded event's, else the {@code ce_id} header's. */
    public Optional<String> eventId() {
        return event.map(DomainEvent::eventId).or(() -> header(CloudEventHeaders.ID));
    }

    /** The {@link #eventType()} as a catalog type ({@link EventType#UNKNOWN} for a name this build does not know). */
    public Optional<EventType> knownType() {
        return eventType.map(name -> EventType.fromWireName(name).orElse(EventType.UNKNOWN));
    }

    /** Whether the value could be decoded as an event. */
    public boolean decodable() {
        return event.isPresent();
    }

    /** Whether it can be replayed: its source topic is known. */
    public boolean replayable() {
        return source.isPresent();
    }

    /** The last value of a header as UTF-8 text, if present. */
    public Optional<String> header(String name) {
        Objects.requireNonNull(name, "name");
        for (int i = headers.size() - 1; i >= 0; i--) {
            Header header = headers.get(i);
            if (header.key().equals(name)) {
                return Optional.of(header.text());
            }
        }
        return Optional.empty();
    }

    /**
     * The headers a replay re-publishes: the original ones, without the {@code eventbus.dlq.*} ones
     * and without an earlier {@link DeadLetterHeaders#REPLAYED}.
     */
    public List<Header> originalHeaders() {
        return headers.stream()
                .filter(header -> !header.key().startsWith(DEAD_LETTER_HEADER_PREFIX)
                        && !header.key().equals(DeadLetterHeaders.REPLAYED))
                .toList();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof DeadLetter that
                && position.equals(that.position) && domain == that.domain && key.equals(that.key)
                && Arrays.equals(value, that.value) && event.equals(that.event) && eventType.equals(that.eventType)
                && reason.equals(that.reason) && errorClass.equals(that.errorClass)
                && errorMessage.equals(that.errorMessage) && source.equals(that.source) && attempts == that.attempts
                && time.equals(that.time) && group.equals(that.group) && headers.equals(that.headers);
    }

    @Override
    public int hashCode() {
        return Objects.hash(position, domain, key, Arrays.hashCode(value), event, eventType, reason, errorClass,
                errorMessage, source, attempts, time, group, headers);
    }

    @Override
    public String toString() {
        return "DeadLetter[" + position + ", reason=" + reason + ", source=" + source.map(RecordPosition::toString).orElse("?")
                + ", eventId=" + eventId().orElse("?") + ", type=" + eventType.orElse("?") + ", attempts=" + attempts
                + ", error=" + errorClass + (errorMessage.isEmpty() ? "" : ": " + errorMessage) + ", " + value.length
                + " bytes]";
    }

    /**
     * One Kafka header: a name and its bytes (null for a header without a value). Immutable; equality
     * compares the bytes.
     *
     * @param key   the header name
     * @param value the header bytes, or null
     */
    public record Header(String key, byte[] value) {
        public Header {
            Objects.requireNonNull(key, "key");
            value = value == null ? null : value.clone();
        }

        /** A header with a UTF-8 text value. */
        public static Header of(String key, String text) {
            return new Header(key, Objects.requireNonNull(text, "text").getBytes(StandardCharsets.UTF_8));
        }

        /** A copy of the bytes, or null. */
        @Override
        public byte[] value() {
            return value == null ? null : value.clone();
        }

        /** The value as UTF-8 text (empty text for a header without a value). */
        public String text() {
            return value == null ? "" : new String(value, StandardCharsets.UTF_8);
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Header that && key.equals(that.key) && Arrays.equals(value, that.value);
        }

        @Override
        public int hashCode() {
            return 31 * key.hashCode() + Arrays.hashCode(value);
        }

        @Override
        public String toString() {
            return key + "=" + text();
        }
    }
}
