package io.agentevents.schemas.testing;

import io.agentevents.schemas.DomainEvent;
import io.agentevents.schemas.EventType;
import io.agentevents.schemas.codec.AvroEventCodec;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Hand-made Avro bodies (no wire-format header) of {@code DomainEvent}s under the current schema
 * whose lengths, counts or nesting lie, as a hostile or broken writer would send them; and the
 * tools to make more (varints, the positions of the length fields of a real record). Shared with
 * the other modules' tests through the schemas test-jar.
 */
public final class HostileRecords {

    /** Union branch of {@code DetailValue.value} holding an array / a map. */
    private static final int ARRAY_BRANCH = 5;
    private static final int MAP_BRANCH = 6;

    private HostileRecords() {
    }

    /** Avro of a valid minimal event with every field up to, not including, the details map. */
    public static byte[] prefix() {
        DomainEvent event = DomainEvent.builder(EventType.TOOL_INVOKED).source("hostile").eventId("E1")
                .correlationId("C1").timestamp(EventFixtures.T0).build();
        byte[] avro = new AvroEventCodec().encode(event);
        return Arrays.copyOf(avro, avro.length - 1); // drop the empty details map (count 0)
    }

    /** The event id claims {@code length} bytes; a handful follow. */
    public static byte[] stringLengthBomb(long length) {
        byte[] avro = new AvroEventCodec().encode(DomainEvent.builder(EventType.TOOL_INVOKED).source("hostile")
                .eventId("E").correlationId("C").timestamp(EventFixtures.T0).build());
        // avro[0] is the length of the one-character event id (zig-zag 1 = 2)
        return concat(varint(length), Arrays.copyOfRange(avro, 1, avro.length));
    }

    /** Details {"k": [...]} whose array claims {@code count} items; one follows. */
    public static byte[] arrayCountBomb(long count) {
        return concat(prefix(), varint(1), string("k"), varint(ARRAY_BRANCH), varint(count), varint(0), varint(0), varint(0));
    }

    /** Details whose map claims {@code count} entries; one follows. */
    public static byte[] mapCountBomb(long count) {
        return concat(prefix(), varint(count), string("k"), varint(0), varint(0));
    }

    /** Details {"k": [[[...]]]} nested {@code depth} arrays deep around a null, each array of one item. */
    public static byte[] nestedArrays(int depth) {
        ByteArrayOutputStream out = detailsOfOneKey(depth);
        for (int i = 0; i < depth; i++) {
            out.writeBytes(varint(ARRAY_BRANCH));
            out.writeBytes(varint(1));
        }
        out.writeBytes(varint(0)); // the innermost value: null
        for (int i = 0; i < depth; i++) {
            out.writeBytes(varint(0)); // end of each array
        }
        out.writeBytes(varint(0)); // end of the details map
        return out.toByteArray();
    }

    /** Details {"k": {"k": {...}}} nested {@code depth} maps deep, never closed: the bytes end early. */
    public static byte[] openNestedMaps(int depth) {
        ByteArrayOutputStream out = detailsOfOneKey(depth);
        for (int i = 0; i < depth; i++) {
            out.writeBytes(varint(MAP_BRANCH));
            out.writeBytes(varint(1));
            out.writeBytes(string("k"));
        }
        return out.toByteArray();
    }

    /** The prefix, then a details map of one entry whose key is "k": its value is the caller's to write, {@code depth} levels deep. */
    private static ByteArrayOutputStream detailsOfOneKey(int depth) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(depth * 4 + 64);
        out.writeBytes(prefix());
        out.writeBytes(varint(1));
        out.writeBytes(string("k"));
        return out;
    }

    /** The Confluent wire format: magic byte 0, the schema id, the Avro body. */
    public static byte[] frame(int schemaId, byte[] avro) {
        return ByteBuffer.allocate(5 + avro.length).put((byte) 0).putInt(schemaId).put(avro).array();
    }

    /** Avro's zig-zag varint of a long. */
    public static byte[] varint(long value) {
        long zigzag = (value << 1) ^ (value >> 63);
        ByteArrayOutputStream out = new ByteArrayOutputStream(10);
        while ((zigzag & ~0x7FL) != 0) {
            out.write((int) ((zigzag & 0x7F) | 0x80));
            zigzag >>>= 7;
        }
        out.write((int) zigzag);
        return out.toByteArray();
    }

    /** An Avro string: its length, then its UTF-8 bytes. */
    public static byte[] string(String text) {
        byte[] utf8 = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return concat(varint(utf8.length), utf8);
    }

    public static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    /** Where a varint sits in a record: bytes {@code [start, end)}. */
    public record Span(int start, int end) {
    }

    /**
     * The length and count fields (string and map-key lengths, array and map block counts and
     * block sizes) of a valid {@code DomainEvent} written under the current schema, found by
     * walking its bytes from {@code offset}.
     */
    public static List<Span> lengthFields(byte[] data, int offset) {
        Walker walker = new Walker(data, offset);
        walker.event();
        return walker.spans;
    }

    /** Walks the current DomainEvent schema over valid bytes, noting every length and count. */
    private static final class Walker {
        private final byte[] data;
        private final List<Span> spans = new ArrayList<>();
        private int pos;

        Walker(byte[] data, int offset) {
            this.data = data;
            this.pos = offset;
        }

        void event() {
            string(); // event_id
            varintValue(); // event_type
            varintValue(); // timestamp
            string(); // correlation_id
            for (int i = 0; i < 6; i++) { // causation_id .. project_name: [null, string]
                if (varintValue() == 1) {
                    string();
                }
            }
            string(); // source
            map();
        }

        void map() {
            for (long count = count(); count != 0; count = count()) {
                for (long i = 0; i < count; i++) {
                    string();
                    detail();
                }
            }
        }

        void array() {
            for (long count = count(); count != 0; count = count()) {
                for (long i = 0; i < count; i++) {
                    detail();
                }
            }
        }

        void detail() {
            switch ((int) varintValue()) {
                case 0 -> { }
                case 1 -> pos += 1;
                case 2 -> varintValue();
                case 3 -> pos += 8;
                case 4 -> string();
                case ARRAY_BRANCH -> array();
                case MAP_BRANCH -> map();
                default -> throw new IllegalArgumentException("not a valid DomainEvent at byte " + pos);
            }
        }

        long count() {
            long count = noted();
            if (count < 0) {
                noted(); // block size in bytes
                count = -count;
            }
            return count;
        }

        void string() {
            int length = (int) noted();
            pos += length;
        }

        long noted() {
            int start = pos;
            long value = varintValue();
            spans.add(new Span(start, pos));
            return value;
        }

        long varintValue() {
            long raw = 0;
            int shift = 0;
            while (true) {
                int b = data[pos++] & 0xFF;
                raw |= (long) (b & 0x7F) << shift;
                if ((b & 0x80) == 0) {
                    return (raw >>> 1) ^ -(raw & 1);
                }
                shift += 7;
            }
        }
    }
}
