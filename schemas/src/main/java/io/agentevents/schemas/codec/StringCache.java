package io.agentevents.schemas.codec;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Hands out one {@code String} for short UTF-8 byte sequences met again and again (detail keys,
 * correlation and plan ids, sources, actor names), so decoding many events of the same agents does
 * not make a new copy of each for every event. Direct-mapped: a sequence hashes to one slot, which
 * holds the last one seen there; a miss decodes a new string, exactly as {@code new String(bytes,
 * UTF_8)} does, and takes the slot.
 *
 * <p>Bounded: {@value #SLOTS} slots of sequences of at most {@value #MAX_BYTES} bytes (about
 * 200 KB when full). Thread-safe without locks: a slot holds an immutable entry, written and read
 * as a whole (final fields), so a racing thread sees an older entry or none, and decodes anew.
 */
final class StringCache {
    static final int SLOTS = 1_024;
    static final int MAX_BYTES = 64;

    private record Entry(int hash, byte[] bytes, String text) {
    }

    private final Entry[] slots = new Entry[SLOTS];

    /** The text of {@code length} UTF-8 bytes at {@code data[offset]}. */
    String text(byte[] data, int offset, int length) {
        if (length == 0) {
            return "";
        }
        if (length > MAX_BYTES) {
            return new String(data, offset, length, StandardCharsets.UTF_8);
        }
        int hash = hash(data, offset, length);
        int slot = hash & (SLOTS - 1);
        Entry entry = slots[slot];
        if (entry != null && entry.hash() == hash
                && Arrays.equals(entry.bytes(), 0, entry.bytes().length, data, offset, offset + length)) {
            return entry.text();
        }
        String text = new String(data, offset, length, StandardCharsets.UTF_8);
        slots[slot] = new Entry(hash, Arrays.copyOfRange(data, offset, offset + length), text);
        return text;
    }

    private static int hash(byte[] data, int offset, int length) {
        int hash = length;
        for (int i = offset; i < offset + length; i++) {
            hash = 31 * hash + data[i];
        }
        return hash ^ (hash >>> 15);
    }
}
