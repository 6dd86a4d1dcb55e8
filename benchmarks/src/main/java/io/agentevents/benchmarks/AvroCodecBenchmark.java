package io.agentevents.benchmarks;

import io.agentevents.schemas.DomainEvent;
import io.agentevents.schemas.codec.AvroEventCodec;

import org.apache.avro.Schema;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.Arrays;

/**
 * Plain Avro binary (no wire-format header, no registry) of one typical {@code plan.phase_changed}
 * event through {@link AvroEventCodec}, both ways through it:
 * <ul>
 *   <li>{@link #encode}: {@code DomainEvent} to bytes on the direct path (fields written straight
 *       into the thread's reused buffer, one copy out); {@link #encodeResolving}: the generic path
 *       ({@link AvroEventCodec#resolvingOnly()}: the generated Avro record, {@code SpecificDatumWriter},
 *       a fresh {@code ByteArrayOutputStream}), the codec's only path before the direct one;</li>
 *   <li>{@link #decode}: bytes to a validated {@code DomainEvent} on the direct path (the writer
 *       schema is the reader's own: fields read straight into the event, details built and checked
 *       once); {@link #decodeRegistryText}: the same with the writer schema as a registry hands it
 *       back (the contract's text, without Java-only properties: still the direct path);
 *       {@link #decodeResolving}: Avro schema resolution into the generated record, then conversion
 *       and the contract checks, as every decode went before.</li>
 * </ul>
 * One codec shared by all threads, as in a producer or consumer. Time per event in ns; bytes
 * allocated per event with {@code -prof gc} ({@code gc.alloc.rate.norm}).
 */
@State(Scope.Benchmark)
public class AvroCodecBenchmark extends PerEventBenchmark {

    private AvroEventCodec codec;
    private AvroEventCodec resolving;
    private Schema registryText;
    private DomainEvent event;
    private byte[] encoded;

    @Setup
    public void setUp() {
        codec = new AvroEventCodec();
        resolving = AvroEventCodec.resolvingOnly();
        registryText = new Schema.Parser().parse(
                AvroEventCodec.SCHEMA.toString().replace(",\"avro.java.string\":\"String\"", ""));
        event = TypicalEvents.phaseChanged();
        encoded = codec.encode(event);
        if (!Arrays.equals(encoded, resolving.encode(event))) {
            throw new IllegalStateException("the direct and the generic encoding differ");
        }
        if (!codec.decode(encoded).equals(event) || !resolving.decode(encoded).equals(event)
                || !decodeRegistryText().equals(event)) {
            throw new IllegalStateException("the codec does not round-trip the benchmark event");
        }
    }

    /** The size of the encoded event, for the report. */
    public int encodedSize() {
        return encoded.length;
    }

    @Benchmark
    public byte[] encode() {
        return codec.encode(event);
    }

    @Benchmark
    public byte[] encodeResolving() {
        return resolving.encode(event);
    }

    @Benchmark
    public DomainEvent decode() {
        return codec.decode(encoded);
    }

    @Benchmark
    public DomainEvent decodeRegistryText() {
        return codec.decode(encoded, 0, encoded.length, registryText);
    }

    @Benchmark
    public DomainEvent decodeResolving() {
        return resolving.decode(encoded);
    }
}
