package io.agentevents.streams.store;

import io.agentevents.streams.model.SourcePosition;

import org.apache.kafka.common.errors.SerializationException;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Reads what {@link BinaryOut} wrote, checking every length against the bytes there: truncated or
 * corrupt input ends in a {@link SerializationException} naming what was being read, never in an
 * allocation larger than the input. Not thread-safe.
 */
public final class BinaryIn {
    private final byte[] data;
    private final String what;
    private int position;

    /** Reads {@code data} from its start; {@code what} names it in errors (e.g. "plan-state value"). */
    public BinaryIn(byte[] data, String what) {
        this(data, 0, what);
    }

    public BinaryIn(byte[] data, int position, String what) {
        this.data = data;
        this.position = position;
        this.what = what;
    }

    public int readByte() {
        need(1);
        return data[position++] & 0xFF;
    }

    public int readShort() {
        need(2);
        int value = ((data[position] & 0xFF) << 8) | (data[position + 1] & 0xFF);
        position += 2;
        return value;
    }

    public long readLong() {
        need(8);
        long value = 0;
        for (int i = 0; i < 8; i++) {
            value = (value << 8) | (data[position++] & 0xFF);
        }
        return value;
    }

    public long readVarLong() {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            int b = readByte();
            value |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                if (value < 0) {
                    break;
                }
                return value;
            }
        }
        throw corrupt("a malformed varint");
    }

    /** A length that must fit in the bytes left. */
    public int readLength() {
        long length = readVarLong();
        if (length > remaining()) {
            throw corrupt("a length of " + length + " with " + remaining() + " bytes left");
        }
        return (int) length;
    }

    public String readString() {
        long encoded = readVarLong();
        if (encoded == 0) {
            return null;
        }
        long length = encoded - 1;
        if (length > remaining()) {
            throw corrupt("a string of " + length + " bytes with " + remaining() + " left");
        }
        String value = new String(data, position, (int) length, StandardCharsets.UTF_8);
        position += (int) length;
        return value;
    }

    public byte[] readBytes() {
        int length = readLength();
        byte[] value = Arrays.copyOfRange(data, position, position + length);
        position += length;
        return value;
    }

    /** What {@link BinaryOut#writeCounts} wrote, as a new sorted map. */
    public SortedMap<String, Long> readCounts() {
        long size = readVarLong();
        SortedMap<String, Long> counts = new TreeMap<>();
        for (long i = 0; i < size; i++) {
            counts.put(readString(), readVarLong());
        }
        return counts;
    }

    /** What {@link BinaryOut#writePosition} wrote. */
    public SourcePosition readPosition() {
        return new SourcePosition(readString(), (int) readVarLong(), readVarLong());
    }

    /** Everything not read yet. */
    public byte[] readRest() {
        byte[] value = Arrays.copyOfRange(data, position, data.length);
        position = data.length;
        return value;
    }

    public int remaining() {
        return data.length - position;
    }

    public int position() {
        return position;
    }

    /** Fails unless every byte was read. */
    public void end() {
        if (remaining() != 0) {
            throw corrupt(remaining() + " unread bytes");
        }
    }

    /** The version byte of a layout; fails on any other than {@code expected}. */
    /** Reads the version byte and returns it, failing unless it is between {@code oldest} and {@code newest}. */
    public int versionBetween(int oldest, int newest) {
        int version = readByte();
        if (version < oldest || version > newest) {
            throw new SerializationException(what + " has layout version " + version + "; this build reads versions "
                    + oldest + " to " + newest);
        }
        return version;
    }

    public void version(int expected) {
        int version = readByte();
        if (version != expected) {
            throw new SerializationException(what + " has layout version " + version + "; this build reads version "
                    + expected);
        }
    }

    private void need(int bytes) {
        if (remaining() < bytes) {
            throw corrupt("truncated: " + bytes + " more bytes needed at " + position + " of " + data.length);
        }
    }

    private SerializationException corrupt(String detail) {
        return new SerializationException(what + " is corrupt: " + detail);
    }
}
