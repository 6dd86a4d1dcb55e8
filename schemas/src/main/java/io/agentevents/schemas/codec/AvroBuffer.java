package io.agentevents.schemas.codec;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * A growable byte buffer that writes Avro binary primitives exactly as Avro's
 * {@link org.apache.avro.io.BinaryEncoder} does (zig-zag varints, little-endian IEEE 754 raw bits,
 * length-prefixed UTF-8). Reused across writes by one thread at a time: {@link #reset()} starts
 * over, and a buffer that grew for an unusually large value shrinks back at the next reset, so a
 * reused buffer holds at most {@value #RETAINED_CAPACITY} bytes between writes. Not thread-safe.
 */
final class AvroBuffer {
    static final int INITIAL_CAPACITY = 1_024;
    static final int RETAINED_CAPACITY = 64 * 1_024;

    private byte[] buf = new byte[INITIAL_CAPACITY];
    private int pos;

    /** Starts a new write; drops an oversized array. */
    void reset() {
        if (buf.length > RETAINED_CAPACITY) {
            buf = new byte[INITIAL_CAPACITY];
        }
        pos = 0;
    }

    int size() {
        return pos;
    }

    /** A copy of what was written. */
    byte[] toByteArray() {
        return Arrays.copyOf(buf, pos);
    }

    void writeTo(OutputStream out) throws IOException {
        out.write(buf, 0, pos);
    }

    void writeBytes(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buf, pos, bytes.length);
        pos += bytes.length;
    }

    void writeBoolean(boolean value) {
        ensure(1);
        buf[pos++] = (byte) (value ? 1 : 0);
    }

    void writeInt(int value) {
        writeLong(value);
    }

    /** Avro {@code long}: zig-zag, then 7 bits a byte, least significant first. */
    void writeLong(long value) {
        ensure(10);
        long bits = (value << 1) ^ (value >> 63);
        while ((bits & ~0x7FL) != 0) {
            buf[pos++] = (byte) ((bits & 0x7F) | 0x80);
            bits >>>= 7;
        }
        buf[pos++] = (byte) bits;
    }

    /** Avro {@code double}: the raw IEEE 754 bits (NaN payloads kept), little-endian. */
    void writeDouble(double value) {
        ensure(8);
        long bits = Double.doubleToRawLongBits(value);
        for (int i = 0; i < 8; i++) {
            buf[pos++] = (byte) (bits >>> (8 * i));
        }
    }

    /**
     * Avro {@code string}: the UTF-8 length, then the UTF-8 bytes. The text must be valid Unicode
     * (no unpaired surrogates), as every string of a validated {@code DomainEvent} is.
     */
    void writeString(String text) {
        int chars = text.length();
        int utf8 = chars;
        for (int i = 0; i < chars; i++) {
            char c = text.charAt(i);
            if (c >= 0x80) {
                utf8 = utf8Length(text, i);
                break;
            }
        }
        writeLong(utf8);
        ensure(utf8);
        if (utf8 == chars) {
            for (int i = 0; i < chars; i++) {
                buf[pos++] = (byte) text.charAt(i);
            }
            return;
        }
        for (int i = 0; i < chars; i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                buf[pos++] = (byte) c;
            } else if (c < 0x800) {
                buf[pos++] = (byte) (0xC0 | (c >> 6));
                buf[pos++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isHighSurrogate(c) && i + 1 < chars && Character.isLowSurrogate(text.charAt(i + 1))) {
                int codePoint = Character.toCodePoint(c, text.charAt(++i));
                buf[pos++] = (byte) (0xF0 | (codePoint >> 18));
                buf[pos++] = (byte) (0x80 | ((codePoint >> 12) & 0x3F));
                buf[pos++] = (byte) (0x80 | ((codePoint >> 6) & 0x3F));
                buf[pos++] = (byte) (0x80 | (codePoint & 0x3F));
            } else if (Character.isSurrogate(c)) {
                throw new IllegalArgumentException("unpaired surrogate at index " + i + ": not valid Unicode text");
            } else {
                buf[pos++] = (byte) (0xE0 | (c >> 12));
                buf[pos++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                buf[pos++] = (byte) (0x80 | (c & 0x3F));
            }
        }
    }

    /** UTF-8 length of {@code text} whose first {@code asciiPrefix} characters are ASCII. */
    private static int utf8Length(String text, int asciiPrefix) {
        long length = asciiPrefix;
        for (int i = asciiPrefix; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                length += 1;
            } else if (c < 0x800) {
                length += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                length += 4;
                i++;
            } else {
                length += 3;
            }
        }
        if (length > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("string of " + length + " UTF-8 bytes is too long for one Avro value");
        }
        return (int) length;
    }

    private void ensure(int more) {
        if (more > buf.length - pos) {
            long needed = (long) pos + more;
            if (needed > Integer.MAX_VALUE - 16) {
                throw new IllegalArgumentException("encoded value would exceed " + (Integer.MAX_VALUE - 16) + " bytes");
            }
            buf = Arrays.copyOf(buf, (int) Math.min(Integer.MAX_VALUE - 16, Math.max(needed, 2L * buf.length)));
        }
    }
}
