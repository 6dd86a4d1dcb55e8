package io.agentevents.schemas.serde;

import io.agentevents.schemas.DomainEvent;
import io.agentevents.schemas.EventDecodingException;
import io.agentevents.schemas.EventType;
import io.agentevents.schemas.codec.AvroEventCodec;
import io.agentevents.schemas.registry.CompatibilityLevel;
import io.agentevents.schemas.registry.InMemorySchemaRegistryClient;
import io.agentevents.schemas.registry.SchemaRegistryException;
import io.agentevents.schemas.testing.EventFixtures;
import io.agentevents.schemas.testing.HostileRecords;
import io.agentevents.schemas.testing.GenericAvro;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.statistics.Statistics;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.apache.kafka.common.errors.SerializationException;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Fuzzing {@link DomainEventDeserializer}: random bytes, and real records (Confluent-framed Avro
 * {@code DomainEvent}s with nested details, written under the current, the previous and the next
 * schema) mutated by bit flips, truncations, insertions, deletions, duplications, a changed schema
 * id and hostile values in their length and count fields. Whatever the bytes, the deserializer
 * returns a valid event or throws its documented {@link SerializationException} (naming the topic;
 * cause, when there is one, an {@link EventDecodingException} or a {@link SchemaRegistryException}),
 * and does so within {@value #BOUND_SECONDS} s: never an {@link OutOfMemoryError}, a
 * {@link StackOverflowError}, another exception or a hang.
 */
class DomainEventDeserializerFuzzProperties {

    private static final String TOPIC = "events.plan";
    private static final long BOUND_SECONDS = 2;
    private static final Duration BOUND = Duration.ofSeconds(BOUND_SECONDS);

    private static final InMemorySchemaRegistryClient REGISTRY = new InMemorySchemaRegistryClient(CompatibilityLevel.FULL_TRANSITIVE);
    private static final DomainEventDeserializer DESERIALIZER = new DomainEventDeserializer(REGISTRY, SerdeConfig.defaults());
    /** Real records, framed; those written under the current schema first. */
    private static final List<byte[]> CURRENT_SEEDS = new ArrayList<>();
    private static final List<byte[]> SEEDS = new ArrayList<>();
    private static final List<Integer> SCHEMA_IDS = new ArrayList<>();

    private static final AtomicLong TRIES = new AtomicLong();
    private static final AtomicLong DECODED = new AtomicLong();
    private static final long STARTED = System.nanoTime();

    static {
        Schema current = AvroEventCodec.SCHEMA;
        Schema previous = load("/evolution/DomainEvent-previous.avsc");
        Schema next = load("/evolution/DomainEvent-next.avsc");
        String subject = TOPIC + "-value";
        int previousId = REGISTRY.register(subject, previous);
        int currentId = REGISTRY.register(subject, current);
        int nextId = REGISTRY.register(subject, next);
        SCHEMA_IDS.addAll(List.of(previousId, currentId, nextId));

        DomainEventSerializer serializer = new DomainEventSerializer(REGISTRY, SerdeConfig.defaults());
        for (DomainEvent event : List.of(EventFixtures.fullEvent(), deeplyNested(), manyDetails(),
                EventFixtures.minimalEvent(EventType.BUDGET_CONSUMED))) {
            CURRENT_SEEDS.add(serializer.serialize(TOPIC, event));
        }
        SEEDS.addAll(CURRENT_SEEDS);
        // the next schema: an unknown type and a field this reader skips
        GenericRecord future = rewrite(EventFixtures.fullEvent(), current, next);
        future.put("event_type", new GenericData.EnumSymbol(next.getField("event_type").schema(), "PLAN_ARCHIVED"));
        future.put("tenant_id", "tenant-1");
        SEEDS.add(HostileRecords.frame(nextId, GenericAvro.write(future, next)));
        // the previous schema: a field this reader fills with its default
        GenericRecord old = rewrite(EventFixtures.minimalEvent(EventType.TOOL_FAILED), current, previous);
        SEEDS.add(HostileRecords.frame(previousId, GenericAvro.write(old, previous)));
    }

    // ---- the properties ----

    @Property(tries = 3_000)
    void randomBytesAreRefusedCleanly(@ForAll @Size(max = 512) byte[] bytes) {
        check(bytes, "random");
    }

    @Property(tries = 3_000)
    void randomAvroBehindAValidHeaderIsRefusedCleanly(@ForAll("schemaIds") int id, @ForAll @Size(max = 512) byte[] avro) {
        check(HostileRecords.frame(id, avro), "random Avro");
    }

    @Property(tries = 5_000)
    void mutatedRecordsAreReadOrRefusedCleanly(@ForAll("seeds") byte[] seed, @ForAll("mutations") List<Mutation> mutations) {
        byte[] bytes = seed;
        for (Mutation mutation : mutations) {
            bytes = mutation.apply(bytes);
        }
        check(bytes, mutations.size() == 1 ? mutations.get(0).name() : "mutated x" + mutations.size());
    }

    @Property(tries = 3_000)
    void hostileLengthsAndCountsAreRefusedCleanly(@ForAll @IntRange(min = 0, max = 3) int seedIndex,
                                                  @ForAll @IntRange(min = 0, max = 10_000) int fieldIndex,
                                                  @ForAll("hostileValues") long value) {
        byte[] seed = CURRENT_SEEDS.get(seedIndex);
        List<HostileRecords.Span> fields = HostileRecords.lengthFields(seed, 5);
        HostileRecords.Span field = fields.get(fieldIndex % fields.size());
        byte[] bytes = HostileRecords.concat(Arrays.copyOf(seed, field.start()), HostileRecords.varint(value),
                Arrays.copyOfRange(seed, field.end(), seed.length));
        check(bytes, "length field");
    }

    @Property(tries = 1_000)
    void nestingOfAnyDepthIsReadOrRefusedCleanly(@ForAll @IntRange(min = 1, max = 20_000) int depth,
                                                 @ForAll boolean closed) {
        byte[] avro = closed ? HostileRecords.nestedArrays(depth) : HostileRecords.openNestedMaps(depth);
        check(HostileRecords.frame(SCHEMA_IDS.get(1), avro), "nesting");
    }

    @AfterContainer
    static void report() {
        System.out.printf("deserializer fuzzing: %d tries, %d decoded to a valid event, the rest refused with a "
                        + "SerializationException; %.1f s%n", TRIES.get(), DECODED.get(),
                (System.nanoTime() - STARTED) / 1e9);
    }

    // ---- the check ----

    /** Deserializes within the bound; the outcome is an event or the documented exception. */
    private static void check(byte[] bytes, String kind) {
        TRIES.incrementAndGet();
        Throwable thrown = assertTimeoutPreemptively(BOUND, () -> {
            try {
                DomainEvent event = DESERIALIZER.deserialize(TOPIC, bytes);
                assertThat(event).isNotNull();
                DECODED.incrementAndGet();
                return null;
            } catch (Throwable t) { // NOPMD: an Error is exactly what this test looks for
                return t;
            }
        }, () -> kind + ": deserializing took over " + BOUND_SECONDS + " s: " + hex(bytes));
        if (thrown == null) {
            Statistics.label("outcome").collect("decoded");
            return;
        }
        assertThat(thrown).as("%s: thrown for %s", kind, hex(bytes)).isExactlyInstanceOf(SerializationException.class);
        assertThat(thrown.getMessage()).as("%s: message for %s", kind, hex(bytes)).contains(TOPIC);
        if (thrown.getCause() != null) {
            assertThat(thrown.getCause()).as("%s: cause for %s", kind, hex(bytes))
                    .isInstanceOfAny(EventDecodingException.class, SchemaRegistryException.class);
        }
        Statistics.label("outcome").collect(reason(thrown));
    }

    private static String reason(Throwable thrown) {
        String message = thrown.getMessage();
        for (String reason : List.of("unknown magic byte", "unknown schema id", "truncated", "nested deeper",
                "more than a record", "negative length", "unread bytes", "breaks the event contract", "malformed varint")) {
            if (message.contains(reason)) {
                return reason;
            }
        }
        return "corrupt";
    }

    private static String hex(byte[] bytes) {
        String hex = HexFormat.of().formatHex(bytes, 0, Math.min(bytes.length, 400));
        return bytes.length + " bytes " + hex + (bytes.length > 400 ? "..." : "");
    }

    // ---- generators ----

    @Provide
    Arbitrary<Integer> schemaIds() {
        return Arbitraries.oneOf(Arbitraries.of(SCHEMA_IDS), Arbitraries.integers());
    }

    @Provide
    Arbitrary<byte[]> seeds() {
        return Arbitraries.of(SEEDS);
    }

    @Provide
    Arbitrary<Long> hostileValues() {
        return Arbitraries.oneOf(
                Arbitraries.of(0L, 1L, -1L, -2L, 2L, 127L, 128L, 1L << 20, (long) Integer.MAX_VALUE, (long) Integer.MIN_VALUE,
                        2_147_483_639L, 2_147_483_640L, (long) Integer.MAX_VALUE + 1, 1L << 40, Long.MAX_VALUE,
                        Long.MIN_VALUE, Long.MIN_VALUE + 1),
                Arbitraries.longs().between(-1_000, 1_000),
                Arbitraries.longs());
    }

    @Provide
    Arbitrary<List<Mutation>> mutations() {
        return mutation().list().ofMinSize(1).ofMaxSize(4);
    }

    /** One change to a record's bytes; positions are taken modulo the length at the time. */
    record Mutation(String name, UnaryOperator<byte[]> change) {
        byte[] apply(byte[] bytes) {
            return change.apply(bytes);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private static Arbitrary<Mutation> mutation() {
        Arbitrary<Integer> position = Arbitraries.integers().between(0, 100_000);
        Arbitrary<byte[]> someBytes = Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(16);
        return Arbitraries.oneOf(
                Combinators.combine(position, Arbitraries.integers().between(0, 7))
                        .as((at, bit) -> new Mutation("bit flip", bytes -> {
                            if (bytes.length == 0) {
                                return bytes;
                            }
                            byte[] copy = bytes.clone();
                            copy[at % copy.length] ^= (byte) (1 << bit);
                            return copy;
                        })),
                Combinators.combine(position, Arbitraries.bytes())
                        .as((at, value) -> new Mutation("byte replaced", bytes -> {
                            if (bytes.length == 0) {
                                return bytes;
                            }
                            byte[] copy = bytes.clone();
                            copy[at % copy.length] = value;
                            return copy;
                        })),
                position.map(at -> new Mutation("truncation", bytes -> Arrays.copyOf(bytes, at % (bytes.length + 1)))),
                Combinators.combine(position, someBytes)
                        .as((at, inserted) -> new Mutation("insertion", bytes -> {
                            int where = at % (bytes.length + 1);
                            return HostileRecords.concat(Arrays.copyOf(bytes, where), inserted,
                                    Arrays.copyOfRange(bytes, where, bytes.length));
                        })),
                Combinators.combine(position, Arbitraries.integers().between(1, 16))
                        .as((at, count) -> new Mutation("deletion", bytes -> {
                            int where = at % (bytes.length + 1);
                            int end = Math.min(bytes.length, where + count);
                            return HostileRecords.concat(Arrays.copyOf(bytes, where), Arrays.copyOfRange(bytes, end, bytes.length));
                        })),
                Combinators.combine(position, Arbitraries.integers().between(1, 64))
                        .as((at, count) -> new Mutation("duplication", bytes -> {
                            int where = at % (bytes.length + 1);
                            int end = Math.min(bytes.length, where + count);
                            return HostileRecords.concat(Arrays.copyOf(bytes, end), Arrays.copyOfRange(bytes, where, bytes.length));
                        })),
                Combinators.combine(position, Arbitraries.of((long) Integer.MAX_VALUE, -1L, 1L << 40, Long.MIN_VALUE, 1_000_000L,
                                Long.MAX_VALUE))
                        .as((at, value) -> new Mutation("varint written over", bytes -> {
                            int where = at % (bytes.length + 1);
                            byte[] varint = HostileRecords.varint(value.longValue());
                            int end = Math.min(bytes.length, where + varint.length);
                            return HostileRecords.concat(Arrays.copyOf(bytes, where), varint, Arrays.copyOfRange(bytes, end, bytes.length));
                        })),
                Arbitraries.oneOf(Arbitraries.of(SCHEMA_IDS), Arbitraries.integers())
                        .map(id -> new Mutation("schema id changed", bytes -> {
                            if (bytes.length < 5) {
                                return bytes;
                            }
                            byte[] copy = bytes.clone();
                            java.nio.ByteBuffer.wrap(copy, 1, 4).putInt(id);
                            return copy;
                        })));
    }

    // ---- seeds ----

    /** Details nested 16 levels deep, the most the contract allows, alternating lists and maps. */
    private static DomainEvent deeplyNested() {
        Object value = Map.of("leaf", 1.5, "text", "caf\u00e9 \uD83D\uDE00");
        for (int i = 0; i < 14; i++) {
            value = i % 2 == 0 ? List.of(value, i, "x", true) : Map.of("level", value, "i", (long) i);
        }
        return DomainEvent.builder(EventType.CONTEXT_UPDATED).source("fuzz").planId("plan-f").detail("tree", value).build();
    }

    /** Many details of every kind, so length fields of all sorts are in the record. */
    private static DomainEvent manyDetails() {
        Map<String, Object> details = new LinkedHashMap<>();
        for (int i = 0; i < 40; i++) {
            details.put("k" + i, switch (i % 7) {
                case 0 -> null;
                case 1 -> i % 2 == 0;
                case 2 -> (long) i * 1_000_003;
                case 3 -> i / 7.0;
                case 4 -> "value-" + "v".repeat(i * 5);
                case 5 -> List.of(i, "a", List.of());
                default -> Map.of("n", i, "m", Map.of());
            });
        }
        return EventFixtures.fullEvent().toBuilder().eventId(DomainEvent.newId()).details(details).build();
    }

    private static GenericRecord rewrite(DomainEvent event, Schema current, Schema target) {
        try {
            return new GenericDatumReader<GenericRecord>(current, target).read(null,
                    DecoderFactory.get().binaryDecoder(new AvroEventCodec().encode(event), null));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }


    private static Schema load(String resource) {
        try (InputStream in = DomainEventDeserializerFuzzProperties.class.getResourceAsStream(resource)) {
            return new Schema.Parser().parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException(resource, e);
        }
    }
}
