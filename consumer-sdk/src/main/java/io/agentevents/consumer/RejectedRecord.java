package io.agentevents.consumer;

import java.util.Objects;

/**
 * A record a subscriber gave up on, as its {@link RejectedRecordListener} hears of it. Immutable.
 *
 * @param topic         the topic it was read from
 * @param partition     its partition
 * @param offset        its offset
 * @param key           its key (the correlation id), null when it has none
 * @param reason        why: one of the {@code DeadLetterHeaders.REASON_*} values ({@code undecodable},
 *                      {@code unknown-type}, {@code handler-failed}, {@code held})
 * @param error         the last error, null when there was none (a held record)
 * @param attempts      handler calls made (0 when no handler ran)
 * @param deadLettered  whether it was written to its dead-letter topic ({@link DeadLetterPolicy#WRITE})
 */
public record RejectedRecord(String topic, int partition, long offset, String key, String reason, Throwable error,
                             int attempts, boolean deadLettered) {

    public RejectedRecord {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(reason, "reason");
    }

    /** {@code topic-partition@offset}, as the subscriber's logs and errors name records. */
    public String position() {
        return topic + "-" + partition + "@" + offset;
    }

    /** The reason and, when there was an error, its message: {@code undecodable: Unknown magic byte!}. */
    public String description() {
        return error == null ? reason : reason + ": " + error.getMessage();
    }
}
