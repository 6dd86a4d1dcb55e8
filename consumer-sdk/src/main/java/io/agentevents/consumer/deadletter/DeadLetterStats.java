package io.agentevents.consumer.deadletter;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Counts of dead letters. Immutable; every map is sorted by key and holds only non-zero counts.
 * Letters without the counted attribute are counted under {@link #NONE}.
 *
 * @param total       dead letters counted
 * @param byReason    by {@link DeadLetter#reason()}
 * @param byErrorClass by {@link DeadLetter#errorClass()}
 * @param byEventType by {@link DeadLetter#eventType()} (the {@code ce_type} header), else the decoded event's type
 * @param byDomain    by {@link DeadLetter#domain()} wire name
 */
public record DeadLetterStats(long total, Map<String, Long> byReason, Map<String, Long> byErrorClass,
                              Map<String, Long> byEventType, Map<String, Long> byDomain) {

    /** The key counting letters that lack the attribute, e.g. an undecodable one without {@code ce_type}. */
    public static final String NONE = "(none)";

    public DeadLetterStats {
        if (total < 0) {
            throw new IllegalArgumentException("total must be 0 or more, was " + total);
        }
        byReason = sorted("byReason", byReason);
        byErrorClass = sorted("byErrorClass", byErrorClass);
        byEventType = sorted("byEventType", byEventType);
        byDomain = sorted("byDomain", byDomain);
    }

    /** No dead letters. */
    public static DeadLetterStats empty() {
        return new DeadLetterStats(0, Map.of(), Map.of(), Map.of(), Map.of());
    }

    /** Counts letters one by one; not thread-safe. */
    static final class Counter {
        private long total;
        private final Map<String, Long> byReason = new TreeMap<>();
        private final Map<String, Long> byErrorClass = new TreeMap<>();
        private final Map<String, Long> byEventType = new TreeMap<>();
        private final Map<String, Long> byDomain = new TreeMap<>();

        void add(DeadLetter letter) {
            total++;
            count(byReason, letter.reason());
            count(byErrorClass, letter.errorClass());
            count(byEventType, letter.eventType().or(() -> letter.event().map(event -> event.type().wireName())).orElse(NONE));
            count(byDomain, letter.domain().wireName());
        }

        DeadLetterStats stats() {
            return new DeadLetterStats(total, byReason, byErrorClass, byEventType, byDomain);
        }

        private static void count(Map<String, Long> counts, String key) {
            counts.merge(key.isEmpty() ? NONE : key, 1L, Long::sum);
        }
    }

    private static Map<String, Long> sorted(String name, Map<String, Long> counts) {
        Objects.requireNonNull(counts, name);
        TreeMap<String, Long> copy = new TreeMap<>();
        counts.forEach((key, count) -> {
            Objects.requireNonNull(key, name + " key");
            if (count == null || count < 0) {
                throw new IllegalArgumentException(name + " count of '" + key + "' must be 0 or more, was " + count);
            }
            if (count > 0) {
                copy.put(key, count);
            }
        });
        return Collections.unmodifiableSortedMap(copy);
    }
}
