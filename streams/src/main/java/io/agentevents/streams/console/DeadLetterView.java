package io.agentevents.streams.console;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One dead letter as the console shows it, with secrets already masked. Immutable.
 *
 * @param topic        the dead-letter topic
 * @param partition    its partition
 * @param offset       its offset
 * @param domain       the domain's wire name
 * @param eventId      the event id, or null when neither the value nor the headers tell it
 * @param eventType    the wire type named by {@code ce_type}, or null
 * @param key          the record key (the correlation id), or null
 * @param reason       why it was dead-lettered: {@code handler-failed}, {@code undecodable}, {@code unknown-type}
 *                     or {@code held}
 * @param errorClass   the handler's error class, empty when there was none
 * @param errorMessage the handler's error message, empty when there was none
 * @param attempts     handler calls made
 * @param time         when it was dead-lettered
 * @param group        the consumer group that gave up
 * @param source       where it was read from, {@code topic-partition@offset}, or null when unknown (then it
 *                     cannot be replayed)
 * @param event        the event in its JSON shape, secrets masked; null when the value cannot be decoded
 * @param headers      the record's headers as text, secrets masked
 */
public record DeadLetterView(String topic, int partition, long offset, String domain, String eventId, String eventType,
                             String key, String reason, String errorClass, String errorMessage, int attempts,
                             Instant time, String group, String source, Map<String, Object> event,
                             Map<String, String> headers) {
    /** Checks the required fields and copies the headers. */
    public DeadLetterView {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(errorClass, "errorClass");
        Objects.requireNonNull(errorMessage, "errorMessage");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(group, "group");
        headers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(headers, "headers")));
    }

    /** Whether it can be replayed: its source is known. */
    public boolean replayable() {
        return source != null;
    }

    /** The position as the console's URLs name it, {@code topic/partition/offset}. */
    public String position() {
        return topic + "/" + partition + "/" + offset;
    }
}
