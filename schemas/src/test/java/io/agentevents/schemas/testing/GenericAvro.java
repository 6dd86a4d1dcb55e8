package io.agentevents.schemas.testing;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The Avro binary body (no wire-format header) of a generic record under a schema of the test's
 * choosing: what a writer with another (older, newer, foreign) schema sends. Wrap it with
 * {@link HostileRecords#frame} for the Confluent wire format. Shared with the other modules' tests
 * through the schemas test-jar.
 */
public final class GenericAvro {
    private GenericAvro() {
    }

    /** {@code record} encoded with {@code schema}. */
    public static byte[] write(GenericRecord record, Schema schema) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        try {
            new GenericDatumWriter<GenericRecord>(schema).write(record, encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
