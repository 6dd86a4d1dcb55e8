package io.agentevents.schemas;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Validates and freezes the {@code details} of an event: accepts plain Java values (String,
 * Long, Double, Boolean, List, Map with String keys, null; also Integer, Short and Byte as Long and
 * Float as Double) and returns a deep, unmodifiable copy that keeps the map order it was given.
 */
final class EventDetails {
    private static final String ROOT = "details";

    private int values;
    private long bytes;

    private EventDetails() {
    }

    /** A frozen deep copy of {@code details}, or an {@link InvalidEventException} naming the path. */
    static Map<String, Object> freeze(Map<String, ?> details) {
        if (details == null) {
            throw new InvalidEventException(ROOT, "must not be null (use an empty map)");
        }
        if (details.isEmpty()) {
            return Map.of();
        }
        return new EventDetails().freezeMap(details, ROOT, 0);
    }

    private Map<String, Object> freezeMap(Map<?, ?> map, String path, int depth) {
        Map<String, Object> copy = new LinkedHashMap<>(Math.max(4, map.size() * 2));
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            Object key = entry.getKey();
            if (!(key instanceof String name)) {
                throw new InvalidEventException(path, "map keys must be strings, found "
                        + (key == null ? "null" : key.getClass().getName()));
            }
            if (name.length() > EventLimits.MAX_DETAIL_KEY_LENGTH) {
                throw new InvalidEventException(path, "key of " + name.length()
                        + " characters exceeds " + EventLimits.MAX_DETAIL_KEY_LENGTH);
            }
            addBytes(utf8Length(name, path), path);
            copy.put(name, freezeValue(entry.getValue(), path + "." + name, depth + 1));
        }
        return Collections.unmodifiableMap(copy);
    }

    private List<Object> freezeList(List<?> list, String path, int depth) {
        List<Object> copy = new ArrayList<>(list.size());
        int index = 0;
        for (Object element : list) {
            copy.add(freezeValue(element, path + "[" + index + "]", depth + 1));
            index++;
        }
        return Collections.unmodifiableList(copy);
    }

    private Object freezeValue(Object value, String path, int depth) {
        if (depth > EventLimits.MAX_DETAILS_DEPTH) {
            throw new InvalidEventException(path, "details nested deeper than " + EventLimits.MAX_DETAILS_DEPTH + " levels");
        }
        if (++values > EventLimits.MAX_DETAILS_VALUES) {
            throw new InvalidEventException(path, "details hold more than " + EventLimits.MAX_DETAILS_VALUES + " values");
        }
        if (value == null || value instanceof Boolean || value instanceof Long || value instanceof Double) {
            addBytes(8, path);
            return value;
        }
        if (value instanceof String text) {
            addBytes(utf8Length(text, path), path);
            return text;
        }
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            addBytes(8, path);
            return ((Number) value).longValue();
        }
        if (value instanceof Float number) {
            addBytes(8, path);
            return number.doubleValue();
        }
        if (value instanceof List<?> list) {
            return freezeList(list, path, depth);
        }
        if (value instanceof Map<?, ?> map) {
            return freezeMap(map, path, depth);
        }
        throw new InvalidEventException(path, "unsupported value type " + value.getClass().getName()
                + " (allowed: String, Long, Integer, Double, Float, Boolean, List, Map with String keys, null)");
    }

    private void addBytes(long size, String path) {
        bytes += size;
        if (bytes > EventLimits.MAX_DETAILS_BYTES) {
            throw new InvalidEventException(path, "details exceed " + EventLimits.MAX_DETAILS_BYTES + " bytes");
        }
    }

    /** UTF-8 size of {@code text}; refuses unpaired surrogates, which UTF-8 (and Avro) cannot carry. */
    static long utf8Length(String text, String path) {
        long length = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                length += 1;
            } else if (c < 0x800) {
                length += 2;
            } else if (Character.isSurrogate(c)) {
                if (!Character.isHighSurrogate(c) || i + 1 >= text.length()
                        || !Character.isLowSurrogate(text.charAt(i + 1))) {
                    throw new InvalidEventException(path, String.format(
                            "unpaired surrogate U+%04X at index %d is not valid Unicode text", (int) c, i));
                }
                length += 4;
                i++;
            } else {
                length += 3;
            }
        }
        return length;
    }
}
