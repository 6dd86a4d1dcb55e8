package io.agentevents.streams.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/** Deep, unmodifiable copies of plain JSON-like values (nulls allowed), and the offset maps of the folds. */
final class JsonValues {
    private JsonValues() {
    }

    /**
     * A deep, unmodifiable copy keeping map order and null values. Integers read back from JSON
     * become {@link Long}s and floats {@link Double}s, as in {@link io.agentevents.schemas.DomainEvent}
     * details, so a value equals itself after a JSON round trip.
     */
    static Map<String, Object> freezeMap(Map<String, ?> map) {
        Map<String, Object> copy = new LinkedHashMap<>(Math.max(4, map.size() * 2));
        map.forEach((key, value) -> copy.put(key, freeze(value)));
        return Collections.unmodifiableMap(copy);
    }

    private static Object freeze(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>(Math.max(4, map.size() * 2));
            map.forEach((key, item) -> copy.put(String.valueOf(key), freeze(item)));
            return Collections.unmodifiableMap(copy);
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            for (Object item : list) {
                copy.add(freeze(item));
            }
            return Collections.unmodifiableList(copy);
        }
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof Float number) {
            return number.doubleValue();
        }
        return value;
    }

    /** A sorted, unmodifiable copy of a {@code "topic-partition" -> offset} map (null becomes empty). */
    static Map<String, Long> offsets(Map<String, Long> offsets) {
        if (offsets == null || offsets.isEmpty()) {
            return Collections.emptySortedMap();
        }
        SortedMap<String, Long> copy = new TreeMap<>();
        offsets.forEach((key, value) -> {
            if (key == null || value == null) {
                throw new IllegalArgumentException("inputOffsets must not hold null keys or values: " + offsets);
            }
            copy.put(key, value);
        });
        return Collections.unmodifiableSortedMap(copy);
    }

    /** The {@code "topic-partition"} key of a source position, e.g. {@code events.plan-2}. */
    static String position(String topic, int partition) {
        return topic + "-" + partition;
    }

    /**
     * The offsets with {@code position} raised to at least {@code offset}; the same instance when
     * it already was, so callers can tell "nothing changed" by identity.
     */
    static Map<String, Long> advance(Map<String, Long> offsets, String position, long offset) {
        Long current = offsets.get(position);
        if (current != null && current >= offset) {
            return offsets;
        }
        SortedMap<String, Long> copy = new TreeMap<>(offsets);
        copy.put(position, offset);
        return Collections.unmodifiableSortedMap(copy);
    }
}
