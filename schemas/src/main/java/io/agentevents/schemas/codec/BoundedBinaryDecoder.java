package io.agentevents.schemas.codec;

import org.apache.avro.io.Decoder;
import org.apache.avro.util.Utf8;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Avro binary decoding of one record held in a byte array, where every length and count the
 * bytes claim is checked against the record itself before anything is allocated or looped over:
 * <ul>
 *   <li>a string, bytes or fixed value cannot be longer than the bytes left (else
 *       {@link EOFException}: the record is truncated or the length corrupt);</li>
 *   <li>the items of all arrays and maps of the record together cannot outnumber its bytes (every
 *       item of a real record takes at least one byte), so a corrupt count allocates and loops at
 *       most in proportion to the record's size;</li>
 *   <li>arrays and maps nest at most {@value #MAX_NESTING} deep (a valid event's details nest at
 *       most {@link io.agentevents.schemas.EventLimits#MAX_DETAILS_DEPTH} deep), so a hostile record
 *       cannot drive Avro's recursive reader into a {@link StackOverflowError}.</li>
 * </ul>
 * Avro's own {@link org.apache.avro.io.BinaryDecoder} allocates whatever a length claims (a 5-byte varint claiming
 * 2 GB is an {@link OutOfMemoryError}) and recurses as deep as the bytes say. Its limits
 * ({@code org.apache.avro.limits.*.maxLength}) are JVM-wide system properties read once, bound
 * neither the nesting nor a length against the data actually there, and would change every other
 * Avro user in the process; this bound is per record instead.
 *
 * <p>Otherwise it reads exactly what {@link org.apache.avro.io.BinaryDecoder} reads (same varint,
 * zig-zag, float and UTF-8 rules). One instance per record; not thread-safe.
 */
final class BoundedBinaryDecoder extends Decoder {

    /** Deepest nesting of arrays and maps read or skipped. */
    static final int MAX_NESTING = 64;

    /** A length, count or encoding in the bytes that no valid record holds. */
    static final class CorruptAvroException extends IOException {
        private static final long serialVersionUID = 1L;

        CorruptAvroException(String message) {
            super(message);
        }
    }

    private final byte[] buf;
    private final int start;
    private final int limit;
    private int pos;
    /** How many more collection items the record may declare: at most one per byte. */
    private long itemBudget;
    /** Arrays and maps being read or skipped. */
    private int depth;

    BoundedBinaryDecoder(byte[] data, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, data.length);
        this.buf = data;
        this.start = offset;
        this.pos = offset;
        this.limit = offset + length;
        this.itemBudget = length;
    }

    /** Whether every byte has been read. */
    boolean isEnd() {
        return pos >= limit;
    }

    @Override
    public void readNull() {
        // null takes no bytes
    }

    @Override
    public boolean readBoolean() throws IOException {
        require(1, "a boolean");
        return (buf[pos++] & 0xFF) == 1;
    }

    @Override
    public int readInt() throws IOException {
        int raw = (int) readVarint(5, "an int");
        return (raw >>> 1) ^ -(raw & 1);
    }

    @Override
    public long readLong() throws IOException {
        long raw = readVarint(10, "a long");
        return (raw >>> 1) ^ -(raw & 1);
    }

    @Override
    public float readFloat() throws IOException {
        require(4, "a float");
        int bits = (buf[pos] & 0xFF) | (buf[pos + 1] & 0xFF) << 8 | (buf[pos + 2] & 0xFF) << 16 | (buf[pos + 3] & 0xFF) << 24;
        pos += 4;
        return Float.intBitsToFloat(bits);
    }

    @Override
    public double readDouble() throws IOException {
        require(8, "a double");
        long bits = 0;
        for (int i = 7; i >= 0; i--) {
            bits = (bits << 8) | (buf[pos + i] & 0xFF);
        }
        pos += 8;
        return Double.longBitsToDouble(bits);
    }

    @Override
    public Utf8 readString(Utf8 old) throws IOException {
        int length = length("a string");
        Utf8 result = old != null ? old : new Utf8();
        result.setByteLength(length);
        System.arraycopy(buf, pos, result.getBytes(), 0, length);
        pos += length;
        return result;
    }

    @Override
    public String readString() throws IOException {
        int length = length("a string");
        String result = new String(buf, pos, length, StandardCharsets.UTF_8);
        pos += length;
        return result;
    }

    /** A string, shared through {@code cache} when the same short text was read before. */
    String readString(StringCache cache) throws IOException {
        int length = length("a string");
        String result = cache.text(buf, pos, length);
        pos += length;
        return result;
    }

    @Override
    public void skipString() throws IOException {
        int length = length("a string"); // not pos += length(...): that would add to pos as it was before the length
        pos += length;
    }

    @Override
    public ByteBuffer readBytes(ByteBuffer old) throws IOException {
        int length = length("a bytes value");
        ByteBuffer result = old != null && length <= old.capacity() ? old : ByteBuffer.allocate(length);
        result.clear();
        result.put(buf, pos, length).flip();
        pos += length;
        return result;
    }

    @Override
    public void skipBytes() throws IOException {
        int length = length("a bytes value");
        pos += length;
    }

    @Override
    public void readFixed(byte[] bytes, int offset, int length) throws IOException {
        require(length, "a fixed value", length);
        System.arraycopy(buf, pos, bytes, offset, length);
        pos += length;
    }

    @Override
    public void skipFixed(int length) throws IOException {
        require(length, "a fixed value", length);
        pos += length;
    }

    @Override
    public int readEnum() throws IOException {
        return readInt();
    }

    @Override
    public int readIndex() throws IOException {
        return readInt();
    }

    @Override
    public long readArrayStart() throws IOException {
        return open(readBlockCount("an array"));
    }

    @Override
    public long arrayNext() throws IOException {
        return next(readBlockCount("an array"));
    }

    @Override
    public long skipArray() throws IOException {
        return skipBlocks("an array");
    }

    @Override
    public long readMapStart() throws IOException {
        return open(readBlockCount("a map"));
    }

    @Override
    public long mapNext() throws IOException {
        return next(readBlockCount("a map"));
    }

    @Override
    public long skipMap() throws IOException {
        return skipBlocks("a map");
    }

    /** A collection whose first block has {@code count} items is being read: one level deeper unless empty. */
    private long open(long count) throws CorruptAvroException {
        if (count > 0) {
            enter();
        }
        return count;
    }

    /** The next block of the collection being read; 0 closes it. */
    private long next(long count) {
        if (count == 0) {
            depth--;
        }
        return count;
    }

    private void enter() throws CorruptAvroException {
        if (++depth > MAX_NESTING) {
            throw new CorruptAvroException("arrays and maps nested deeper than " + MAX_NESTING
                    + " levels at byte " + (pos - start));
        }
    }

    /**
     * The item count of the next block when reading. A negative count is followed by the block's
     * size in bytes, which a reader does not need.
     */
    private long readBlockCount(String what) throws IOException {
        long count = readLong();
        if (count < 0) {
            if (count == Long.MIN_VALUE) {
                throw new CorruptAvroException(what + " block of " + count + " items at byte " + (pos - start));
            }
            count = -count;
            readLong();
        }
        claimItems(count, what);
        return count;
    }

    /**
     * Skips the blocks that carry their size in bytes and returns the item count of the next block
     * that does not (0 at the end of the collection), which the caller skips item by item. Every
     * block with items counts as one level deeper until the collection's end; a collection written
     * in several counted blocks counts more than once, which can only make the bound stricter.
     */
    private long skipBlocks(String what) throws IOException {
        while (true) {
            long count = readLong();
            if (count == 0) {
                if (depth > 0) {
                    depth--;
                }
                return 0;
            }
            if (count > 0) {
                claimItems(count, what);
                enter();
                return count;
            }
            if (count == Long.MIN_VALUE) {
                throw new CorruptAvroException(what + " block of " + count + " items at byte " + (pos - start));
            }
            long size = readLong();
            if (size < 0) {
                throw new CorruptAvroException(what + " block with a negative size of " + size + " bytes at byte "
                        + (pos - start));
            }
            require(size, what + " block", size);
            pos += (int) size;
        }
    }

    private void claimItems(long count, String what) throws CorruptAvroException {
        if (count > itemBudget) {
            throw new CorruptAvroException(what + " block of " + count + " items at byte " + (pos - start)
                    + " is more than a record of " + (limit - start) + " bytes can hold");
        }
        itemBudget -= count;
    }

    /** A length prefix: not negative and not beyond the bytes left. */
    private int length(String what) throws IOException {
        long length = readLong();
        if (length < 0) {
            throw new CorruptAvroException(what + " with a negative length of " + length + " at byte " + (pos - start));
        }
        require(length, what, length);
        return (int) length;
    }

    private void require(long bytes, String what) throws EOFException {
        if (bytes > limit - pos) {
            throw new EOFException(what + " at byte " + (pos - start) + ", but only " + (limit - pos)
                    + " byte(s) are left");
        }
    }

    /** As {@link #require(long, String)} for "{@code what} of {@code bytes} bytes": the text made only to fail. */
    private void require(long bytes, String what, long claimed) throws EOFException {
        if (bytes > limit - pos) {
            require(bytes, what + " of " + claimed + " bytes");
        }
    }

    /** The raw (still zig-zag encoded) bits of a varint of at most {@code maxBytes} bytes. */
    private long readVarint(int maxBytes, String what) throws IOException {
        long raw = 0;
        for (int i = 0; i < maxBytes; i++) {
            if (pos >= limit) {
                throw new EOFException(what + " at byte " + (pos - start) + ", but no bytes are left");
            }
            int b = buf[pos++] & 0xFF;
            raw |= (long) (b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0) {
                return raw;
            }
        }
        throw new CorruptAvroException("malformed varint: " + what + " longer than " + maxBytes + " bytes at byte "
                + (pos - start - maxBytes));
    }
}
