package io.agentevents.schemas;

import java.util.Map;

/**
 * Validates and freezes the {@code details} of an event: accepts plain Java values (String,
 * Long, Double, Boolean, List, Map with String keys, null; also Integer, Short and Byte as Long and
 * Float as Double) and returns a deep, unmodifiable copy that keeps the map order it was given.
 * The rules themselves live in {@link DetailsBuilder}, which a streaming decoder uses directly;
 * details it built (and details of another event) are already frozen and are taken as they are.
 */
final class EventDetails {

    private EventDetails() {
    }

    /** A frozen deep copy of {@code details}, or an {@link InvalidEventException} naming the path. */
    static Map<String, Object> freeze(Map<String, ?> details) {
        if (details == null) {
            throw new InvalidEventException("details", "must not be null (use an empty map)");
        }
        if (details instanceof FrozenDetails frozen) {
            return frozen; // validated when it was built, and immutable all the way down
        }
        if (details.isEmpty()) {
            return Map.of();
        }
        DetailsBuilder builder = new DetailsBuilder(details.size());
        for (Map.Entry<String, ?> entry : details.entrySet()) {
            Object key = entry.getKey();
            if (!(key instanceof String name)) { // a raw map may hide other keys behind the generic type
                throw new InvalidEventException("details", "map keys must be strings, found "
                        + (key == null ? "null" : key.getClass().getName()));
            }
            builder.key(name).value(entry.getValue());
        }
        return builder.build();
    }

    /** UTF-8 size of {@code text}; refuses unpaired surrogates, which UTF-8 (and Avro) cannot carry. */
    static long utf8Length(String text, String path) {
        long length = utf8LengthOrBadIndex(text);
        if (length < 0) {
            int index = (int) ~length;
            throw new InvalidEventException(path, String.format(
                    "unpaired surrogate U+%04X at index %d is not valid Unicode text", (int) text.charAt(index), index));
        }
        return length;
    }

    /** UTF-8 size of {@code text}, or {@code ~index} (negative) of its first unpaired surrogate. */
    static long utf8LengthOrBadIndex(String text) {
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
                    return ~(long) i;
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
