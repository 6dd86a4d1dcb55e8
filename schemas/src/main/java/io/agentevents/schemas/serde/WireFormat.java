package io.agentevents.schemas.serde;

import java.io.ByteArrayOutputStream;

/**
 * Confluent's wire format: byte 0 is the magic byte 0, bytes 1..4 the schema id (big-endian int),
 * then the Avro binary of the value under that schema.
 */
final class WireFormat {

    static final byte MAGIC_BYTE = 0;
    static final int HEADER_SIZE = 5;

    private WireFormat() {
    }

    static void writeHeader(ByteArrayOutputStream out, int schemaId) {
        out.write(MAGIC_BYTE);
        out.write(schemaId >>> 24);
        out.write(schemaId >>> 16);
        out.write(schemaId >>> 8);
        out.write(schemaId);
    }

    /** The schema id of a record whose header has been checked. */
    static int schemaId(byte[] data) {
        return ((data[1] & 0xFF) << 24) | ((data[2] & 0xFF) << 16) | ((data[3] & 0xFF) << 8) | (data[4] & 0xFF);
    }
}
