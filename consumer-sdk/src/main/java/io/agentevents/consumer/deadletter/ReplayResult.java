package io.agentevents.consumer.deadletter;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a replay re-published, in the order it was sent (dead-letter topic, partition, offset).
 * Immutable.
 *
 * @param replayed one entry per dead letter Kafka acknowledged on its source topic
 */
public record ReplayResult(List<Replayed> replayed) {

    public ReplayResult {
        replayed = List.copyOf(Objects.requireNonNull(replayed, "replayed"));
    }

    /** Nothing replayed. */
    public static ReplayResult empty() {
        return new ReplayResult(List.of());
    }

    /** How many records were re-published. */
    public int count() {
        return replayed.size();
    }

    /**
     * One re-published dead letter.
     *
     * @param deadLetter where the dead letter is (it stays there: Kafka topics are append-only)
     * @param source     where the original record was read from before it was dead-lettered
     * @param landed     where the re-published copy landed (same topic and partition as {@code source},
     *                   a new offset)
     * @param eventId    the event id, when known (decoded value or {@code ce_id}); the copy keeps it
     */
    public record Replayed(RecordPosition deadLetter, RecordPosition source, RecordPosition landed,
                           Optional<String> eventId) {
        public Replayed {
            Objects.requireNonNull(deadLetter, "deadLetter");
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(landed, "landed");
            Objects.requireNonNull(eventId, "eventId");
        }
    }
}
