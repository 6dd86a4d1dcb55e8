package io.agentevents.schemas.codec;

import io.agentevents.schemas.DomainEvent;
import io.agentevents.schemas.EventDecodingException;
import io.agentevents.schemas.testing.EventFixtures;
import io.agentevents.schemas.testing.HostileRecords;
import io.agentevents.schemas.testing.RandomEvents;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

import org.apache.avro.Schema;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The direct paths (encoding straight from the event, decoding straight into it when the writer
 * schema is the reader's own) give exactly what Avro's generic machinery gives: the same bytes
 * for every event, the same event (details in the same order) for every record, and for bytes that
 * are not a valid event the same refusal with the same message.
 */
class DirectCodecProperties {

    /** The contract's text as a registry hands it back (what every client registers): no Java-only properties. */
    private static final Schema REGISTRY_TEXT = AvroEventCodec.CONTRACT_SCHEMA;

    private final AvroEventCodec direct = new AvroEventCodec();
    private final AvroEventCodec resolving = AvroEventCodec.resolvingOnly();

    @Property(tries = 1_000)
    void bothPathsEncodeAndDecodeEveryEventIdentically(@ForAll("events") DomainEvent event) {
        byte[] bytes = direct.encode(event);
        assertThat(bytes).as("direct encoding = SpecificDatumWriter's").isEqualTo(resolving.encode(event));

        for (Schema writer : List.of(AvroEventCodec.SCHEMA, REGISTRY_TEXT)) {
            DomainEvent fast = direct.decode(bytes, 0, bytes.length, writer);
            DomainEvent slow = resolving.decode(bytes, 0, bytes.length, writer);
            assertThat(fast).isEqualTo(slow).isEqualTo(event);
            assertThat(List.copyOf(fast.details().keySet())).as("details in wire order")
                    .isEqualTo(List.copyOf(slow.details().keySet()));
            assertThat(fast.details().toString()).isEqualTo(slow.details().toString());
        }
    }

    @Property(tries = 2_000)
    void bothPathsReadOrRefuseMutatedRecordsIdentically(@ForAll("seeds") byte[] seed,
                                                         @ForAll @IntRange(min = 0, max = 100_000) int at,
                                                         @ForAll("changes") byte[] change,
                                                         @ForAll boolean replace) {
        int where = at % (seed.length + 1);
        byte[] bytes = replace
                ? HostileRecords.concat(Arrays.copyOf(seed, where), change,
                        Arrays.copyOfRange(seed, Math.min(seed.length, where + change.length), seed.length))
                : HostileRecords.concat(Arrays.copyOf(seed, where), change, Arrays.copyOfRange(seed, where, seed.length));
        Outcome fast = outcome(direct, bytes);
        Outcome slow = outcome(resolving, bytes);
        assertThat(fast).isEqualTo(slow);
    }

    @Property(tries = 300)
    void hostileNestingIsReadOrRefusedIdentically(@ForAll @IntRange(min = 1, max = 300) int depth, @ForAll boolean closed) {
        byte[] bytes = closed ? HostileRecords.nestedArrays(depth) : HostileRecords.openNestedMaps(depth);
        assertThat(outcome(direct, bytes)).isEqualTo(outcome(resolving, bytes));
    }

    @Property(tries = 10)
    void theRegistrysTextOfTheContractIsTheReadersOwnAndOtherVersionsAreNot(@ForAll("otherSchemas") Schema other) {
        WriterSchemas schemas = new WriterSchemas(AvroEventCodec.SCHEMA, 10);
        assertThat(schemas.isReaders(AvroEventCodec.SCHEMA)).isTrue();
        assertThat(schemas.isReaders(REGISTRY_TEXT)).isTrue();
        assertThat(REGISTRY_TEXT).as("the test removed the Java properties").isNotEqualTo(AvroEventCodec.SCHEMA);
        assertThat(schemas.isReaders(other)).isFalse();
    }

    /** What decoding gives: the event, or the refusal's message. */
    record Outcome(DomainEvent event, String refusal) {
    }

    private static Outcome outcome(AvroEventCodec codec, byte[] bytes) {
        Throwable thrown = catchThrowable(() -> codec.decode(bytes, 0, bytes.length, REGISTRY_TEXT));
        if (thrown != null) {
            assertThat(thrown).isInstanceOf(EventDecodingException.class);
            // a JVM exception's own message may be left out by HotSpot once it is thrown often from
            // compiled code (OmitStackTraceInFastThrow): compare up to its class name
            return new Outcome(null, thrown.getMessage().replaceAll("(java\\.[\\w.$]+(Exception|Error)): .*$", "$1"));
        }
        return new Outcome(Objects.requireNonNull(codec.decode(bytes, 0, bytes.length, REGISTRY_TEXT)), null);
    }

    @Provide
    Arbitrary<DomainEvent> events() {
        return RandomEvents.events();
    }

    @Provide
    Arbitrary<byte[]> seeds() {
        AvroEventCodec codec = new AvroEventCodec();
        List<byte[]> seeds = new ArrayList<>();
        seeds.add(codec.encode(EventFixtures.fullEvent()));
        seeds.add(HostileRecords.nestedArrays(15));
        seeds.add(HostileRecords.nestedArrays(20));
        return Arbitraries.oneOf(Arbitraries.of(seeds), RandomEvents.events().map(codec::encode));
    }

    @Provide
    Arbitrary<byte[]> changes() {
        return Arbitraries.oneOf(
                Arbitraries.bytes().array(byte[].class).ofMinSize(0).ofMaxSize(4),
                Arbitraries.of(-1L, 0L, 1L, 2L, 3L, 6L, 7L, 8L, 12L, 13L, 38L, 39L, 127L, 1L << 20, Long.MAX_VALUE, Long.MIN_VALUE)
                        .map(HostileRecords::varint));
    }

    @Provide
    Arbitrary<Schema> otherSchemas() {
        return Arbitraries.of("/evolution/DomainEvent-previous.avsc", "/evolution/DomainEvent-next.avsc")
                .map(resource -> {
                    try (var in = DirectCodecProperties.class.getResourceAsStream(resource)) {
                        return new Schema.Parser().parse(in);
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
    }
}
