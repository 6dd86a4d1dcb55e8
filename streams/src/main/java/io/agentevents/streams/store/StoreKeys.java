package io.agentevents.streams.store;

import org.apache.kafka.common.utils.Bytes;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Keys of the range-scanned stores: an owner id (a correlation, plan or root plan id) as two bytes of
 * UTF-8 length and the UTF-8 bytes, then what the record is. The length prefix keeps the records of
 * different owners apart (no id is a prefix of another's key), so all records of one owner are one
 * contiguous range in the byte order the stores sort by. Stateless.
 */
final class StoreKeys {
    /** Above the first byte of any UTF-8 text, so {@code prefix + TOP} ends a range of UTF-8 suffixes. */
    static final byte TOP = (byte) 0xFF;

    private StoreKeys() {
    }

    /** The owner prefix of {@code id}, with {@code extra} bytes of room after it. */
    static BinaryOut owner(String id, int extra) {
        byte[] utf8 = id.getBytes(StandardCharsets.UTF_8);
        if (utf8.length > 0xFFFF) {
            throw new IllegalArgumentException("id longer than 65535 bytes of UTF-8: " + utf8.length);
        }
        return new BinaryOut(2 + utf8.length + extra).writeShort(utf8.length).writeRaw(utf8, 0, utf8.length);
    }

    /** Where the owner part of {@code key} ends (the index of the first byte after it). */
    static int ownerEnd(byte[] key) {
        return 2 + (((key[0] & 0xFF) << 8) | (key[1] & 0xFF));
    }

    /** {@code key} plus one byte. */
    static Bytes with(BinaryOut key, byte last) {
        return Bytes.wrap(key.writeByte(last).toByteArray());
    }

    /** The bytes of {@code key} after {@code from} as UTF-8. */
    static String utf8After(byte[] key, int from) {
        return new String(key, from, key.length - from, StandardCharsets.UTF_8);
    }

    static byte[] copy(byte[] bytes) {
        return Arrays.copyOf(bytes, bytes.length);
    }
}
