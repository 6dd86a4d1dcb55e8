package io.agentevents.streams.client;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * How fresh an answer about a plan or a trail is, as the API reports it. Immutable.
 *
 * @param offsets  per source {@code "topic-partition"}, the highest input offset folded in
 * @param servedBy the instance ({@code host:port}) that answered
 * @param caughtUp for a read-your-write request, whether its offset was folded in; null otherwise
 */
public record Freshness(Map<String, Long> offsets, String servedBy, Boolean caughtUp) {

    /** Copies the offsets, sorted (null becomes empty). */
    public Freshness {
        offsets = offsets == null ? Map.of() : Collections.unmodifiableSortedMap(new TreeMap<>(offsets));
    }

    /** Whether {@code topicPartition} (e.g. {@code events.plan-2}) has been folded in up to {@code offset}. */
    public boolean includes(String topicPartition, long offset) {
        Long folded = offsets.get(topicPartition);
        return folded != null && folded >= offset;
    }
}
