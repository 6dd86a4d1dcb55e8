package io.agentevents.streams.store;

import io.agentevents.streams.model.SourcePosition;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

/**
 * A growable byte buffer with the primitive writes of the store layouts: fixed-width big-endian
 * integers (so keys sort by them), unsigned varints, and length-prefixed UTF-8 strings that may be
 * null. Not thread-safe; one per serialization.
 */
public final class BinaryOut {
    private byte[] buffer;
    private int size;

    /** A buffer with room for {@code capacity} bytes before it grows. */
    public BinaryOut(int capacity) {
        buffer = new byte[Math.max(16, capacity)];
    }

    public BinaryOut writeByte(int value) {
        ensure(1);
        buffer[size++] = (byte) value;
        return this;
    }

    /** Two bytes, big-endian; {@code value} must fit in 16 unsigned bits. */
    public BinaryOut writeShort(int value) {
        if (value < 0 || value > 0xFFFF) {
            throw new IllegalArgumentException("does not fit in two bytes: " + value);
        }
        ensure(2);
        buffer[size++] = (byte) (value >>> 8);
        buffer[size++] = (byte) value;
        return this;
    }

    /** Eight bytes, big-endian. */
    public BinaryOut writeLong(long value) {
        ensure(8);
        for (int shift = 56; shift >= 0; shift -= 8) {
            buffer[size++] = (byte) (value >>> shift);
        }
        return this;
    }

    /** An unsigned LEB128 varint of a non-negative value. */
    public BinaryOut writeVarLong(long value) {
        if (value < 0) {
            throw new IllegalArgumentException("varints here are not negative: " + value);
        }
        ensure(10);
        while ((value & ~0x7FL) != 0) {
            buffer[size++] = (byte) ((value & 0x7F) | 0x80);
            value >>>= 7;
        }
        buffer[size++] = (byte) value;
        return this;
    }

    /** A string as varint (UTF-8 length + 1) and its UTF-8 bytes; null as a single 0. */
    public BinaryOut writeString(String value) {
        if (value == null) {
            return writeVarLong(0);
        }
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        writeVarLong(utf8.length + 1L);
        return writeRaw(utf8, 0, utf8.length);
    }

    /** Counts by name: varint size, then each name and its count as a varint, in the map's order. */
    public BinaryOut writeCounts(Map<String, Long> counts) {
        writeVarLong(counts.size());
        counts.forEach((name, count) -> writeString(name).writeVarLong(count));
        return this;
    }

    /** A source position: its topic, then partition and offset as varints. */
    public BinaryOut writePosition(SourcePosition position) {
        return writeString(position.topic()).writeVarLong(position.partition()).writeVarLong(position.offset());
    }

    /** Bytes as varint length and the bytes. */
    public BinaryOut writeBytes(byte[] value) {
        writeVarLong(value.length);
        return writeRaw(value, 0, value.length);
    }

    /** Bytes without a length (the end of a value, or a key part of known length). */
    public BinaryOut writeRaw(byte[] value, int offset, int length) {
        ensure(length);
        System.arraycopy(value, offset, buffer, size, length);
        size += length;
        return this;
    }

    public int size() {
        return size;
    }

    /** A copy of the bytes written. */
    public byte[] toByteArray() {
        return Arrays.copyOf(buffer, size);
    }

    private void ensure(int more) {
        if (size + more > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + more));
        }
    }
}
