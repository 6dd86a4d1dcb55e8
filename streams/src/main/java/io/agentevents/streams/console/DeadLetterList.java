package io.agentevents.streams.console;

import java.util.List;
import java.util.Objects;

/**
 * One domain's dead letters as the console lists them. Immutable.
 *
 * @param domain   the domain's wire name
 * @param topic    its dead-letter topic
 * @param letters  the oldest letters not replayed through the console, oldest first
 * @param replayed how many letters of the domain the console has replayed (and so leaves out)
 */
public record DeadLetterList(String domain, String topic, List<DeadLetterView> letters, long replayed) {
    /** Checks the fields and copies the list. */
    public DeadLetterList {
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(topic, "topic");
        letters = List.copyOf(Objects.requireNonNull(letters, "letters"));
    }
}
