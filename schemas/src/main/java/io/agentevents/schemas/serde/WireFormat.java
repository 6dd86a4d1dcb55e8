package io.agentevents.schemas.serde;

/**
 * Confluent's wire format: byte 0 is the magic byte 0, bytes 1..4 the schema id (big-endian int),
 * then the Avro binary of the value under that schema.
 */
final class WireFormat {

    static final byte MAGIC_BYTE = 0;
    static final int HEADER_SIZE = 5;

    private WireFormat() {
    }

    /** The header of a value written under {@code schemaId}: a new array each time. */
    static byte[] header(int schemaId) {
        return new byte[] {MAGIC_BYTE, (byte) (schemaId >>> 24), (byte) (schemaId >>> 16), (byte) (schemaId >>> 8),
                (byte) schemaId};
    }

    /** The schema id of a record whose header has been checked. */
    static int schemaId(byte[] data) {
        return ((data[1] & 0xFF) << 24) | ((data[2] & 0xFF) << 16) | ((data[3] & 0xFF) << 8) | (data[4] & 0xFF);
    }
}
