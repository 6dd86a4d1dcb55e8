package io.agentevents.schemas.testing;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Record values in the Confluent wire format that no reader can decode, made from the bytes of a
 * good record, one per way a value breaks: {@value #GARBAGE} (random bytes behind the magic byte
 * {@code 0x6e}), {@value #BAD_MAGIC} (magic byte 1), {@value #UNKNOWN_ID} (schema id
 * {@value #UNKNOWN_SCHEMA_ID}, registered nowhere) and {@value #TRUNCATED} (the Avro body cut
 * short). Shared with the other modules' tests through the schemas test-jar.
 */
public final class MalformedRecords {
    public static final String GARBAGE = "garbage";
    public static final String BAD_MAGIC = "bad-magic";
    public static final String UNKNOWN_ID = "unknown-id";
    public static final String TRUNCATED = "truncated";
    /** Every kind, in a fixed order. */
    public static final List<String> KINDS = List.of(GARBAGE, BAD_MAGIC, UNKNOWN_ID, TRUNCATED);
    /** The schema id of {@value #UNKNOWN_ID} values. */
    public static final int UNKNOWN_SCHEMA_ID = 0x7f7f;

    private MalformedRecords() {
    }

    /**
     * A value of the given kind made from {@code good} (a wire-format value with a body of at least
     * two bytes); {@code random} chooses the garbage and where the body is cut.
     *
     * @throws IllegalArgumentException for a kind not in {@link #KINDS}
     */
    public static byte[] malformed(String kind, byte[] good, Random random) {
        switch (kind) {
            case GARBAGE -> {
                byte[] bytes = new byte[1 + random.nextInt(64)];
                random.nextBytes(bytes);
                bytes[0] = 'n';
                return bytes;
            }
            case BAD_MAGIC -> {
                byte[] bytes = good.clone();
                bytes[0] = 1;
                return bytes;
            }
            case UNKNOWN_ID -> {
                byte[] bytes = good.clone();
                ByteBuffer.wrap(bytes, 1, 4).putInt(UNKNOWN_SCHEMA_ID);
                return bytes;
            }
            case TRUNCATED -> {
                return Arrays.copyOf(good, 5 + random.nextInt(good.length - 6));
            }
            default -> throw new IllegalArgumentException("no malformed kind " + kind);
        }
    }
}
