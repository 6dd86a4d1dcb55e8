package io.agentevents.benchmarks;

import io.agentevents.schemas.DomainEvent;
import io.agentevents.schemas.codec.AvroEventCodec;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * Plain Avro binary (no wire-format header, no registry) of one typical {@code plan.phase_changed}
 * event through {@link AvroEventCodec}: {@link #encode} is {@code DomainEvent} to bytes (building the
 * generated Avro record, writing it, copying out the array), {@link #decode} is bytes to a validated
 * {@code DomainEvent} (Avro resolution against the current schema with the cached reader, then the
 * contract checks). One codec shared by all threads, as in a producer or consumer.
 *
 * <p>Time per event in ns; bytes allocated per event with {@code -prof gc}
 * ({@code gc.alloc.rate.norm}).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class AvroCodecBenchmark {

    private AvroEventCodec codec;
    private DomainEvent event;
    private byte[] encoded;

    @Setup
    public void setUp() {
        codec = new AvroEventCodec();
        event = TypicalEvents.phaseChanged();
        encoded = codec.encode(event);
        if (!codec.decode(encoded).equals(event)) {
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
    public DomainEvent decode() {
        return codec.decode(encoded);
    }
}
