package io.agentevents.schemas.serde;

import io.agentevents.schemas.DomainEvent;
import io.agentevents.schemas.EventDecodingException;
import io.agentevents.schemas.EventType;
import io.agentevents.schemas.codec.AvroEventCodec;
import io.agentevents.schemas.registry.CompatibilityLevel;
import io.agentevents.schemas.registry.InMemorySchemaRegistryClient;
import io.agentevents.schemas.registry.SchemaRegistryConfig;
import io.agentevents.schemas.registry.SchemaRegistryException;
import io.agentevents.schemas.testing.EventFixtures;
import io.agentevents.schemas.testing.GenericAvro;
import io.agentevents.schemas.testing.HostileRecords;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class DomainEventDeserializerTest {

    private static final Schema CURRENT = AvroEventCodec.SCHEMA;
    private static final Schema PREVIOUS = load("/evolution/DomainEvent-previous.avsc");
    private static final Schema NEXT = load("/evolution/DomainEvent-next.avsc");
    private static final String TOPIC = "events.plan";
    private static final String SUBJECT = "events.plan-value";

    private final InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient(CompatibilityLevel.FULL_TRANSITIVE);
    private final DomainEventSerializer serializer = new DomainEventSerializer(registry, SerdeConfig.defaults());
    private final DomainEventDeserializer deserializer = new DomainEventDeserializer(registry, SerdeConfig.defaults());

    @Test
    void everyEventRoundTrips() {
        DomainEvent full = EventFixtures.fullEvent();
        assertThat(deserializer.deserialize(TOPIC, serializer.serialize(TOPIC, full))).isEqualTo(full);
        for (EventType type : EventType.values()) {
            if (type == EventType.UNKNOWN) {
                continue;
            }
            DomainEvent event = EventFixtures.minimalEvent(type);
            String topic = "events." + type.name().substring(0, type.name().indexOf('_')).toLowerCase(java.util.Locale.ROOT);
            assertThat(deserializer.deserialize(topic, serializer.serialize(topic, event))).isEqualTo(event);
        }
    }

    @Test
    void nullBytesAreANullEvent() {
        assertThat(deserializer.deserialize(TOPIC, null)).isNull();
    }

    @Test
    void bytesFromAnyConfluentClientAreRead() throws IOException {
        int id = registry.register(SUBJECT, CURRENT);
        byte[] bytes = HostileRecords.frame(id, DomainEventSerializerTest.genericAvro(EventFixtures.fullEvent()));
        assertThat(deserializer.deserialize(TOPIC, bytes)).isEqualTo(EventFixtures.fullEvent());
        assertThat(deserializer.deserialize(TOPIC, null, ByteBuffer.wrap(bytes))).isEqualTo(EventFixtures.fullEvent());
    }

    @Test
    void anEventWrittenWithThePreviousSchemaIsRead() throws IOException {
        int previousId = registry.register(SUBJECT, PREVIOUS);
        registry.register(SUBJECT, CURRENT);
        GenericRecord old = EventFixtures.toolFailedRecord(PREVIOUS, Map.of());

        DomainEvent event = deserializer.deserialize(TOPIC, HostileRecords.frame(previousId, GenericAvro.write(old, PREVIOUS)));

        assertThat(event.type()).isEqualTo(EventType.TOOL_FAILED);
        assertThat(event.planId()).isEqualTo("plan-9");
        assertThat(event.projectName()).as("added after the previous schema: its default").isNull();
        assertThat(event.timestamp()).isEqualTo("2026-01-02T03:04:05.123456Z");
    }

    @Test
    void anEventOfANewerTypeWrittenWithTheNextSchemaReadsAsUnknown() throws IOException {
        registry.register(SUBJECT, CURRENT);
        int nextId = registry.register(SUBJECT, NEXT);
        GenericRecord future = new GenericDatumReader<GenericRecord>(CURRENT, NEXT).read(null,
                DecoderFactory.get().binaryDecoder(new AvroEventCodec().encode(EventFixtures.fullEvent()), null));
        future.put("event_type", new GenericData.EnumSymbol(NEXT.getField("event_type").schema(), "PLAN_ARCHIVED"));
        future.put("tenant_id", "tenant-1");

        DomainEvent event = deserializer.deserialize(TOPIC, HostileRecords.frame(nextId, GenericAvro.write(future, NEXT)));

        assertThat(event.type()).isEqualTo(EventType.UNKNOWN);
        assertThat(event.toBuilder().type(EventType.PLAN_PHASE_CHANGED).build()).isEqualTo(EventFixtures.fullEvent());
    }

    @Test
    void garbageBytesAreAnUnknownMagicByte() {
        byte[] garbage = "hello, world".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> deserializer.deserialize(TOPIC, garbage))
                .isInstanceOf(SerializationException.class)
                .hasMessageStartingWith("unknown magic byte 0x68 in record of topic events.plan (12 bytes)");
    }

    @Test
    void aBadMagicByteIsRefusedNamingTheTopic() {
        byte[] bytes = serializer.serialize(TOPIC, EventFixtures.fullEvent());
        bytes[0] = 1;
        assertThatThrownBy(() -> deserializer.deserialize(TOPIC, bytes))
                .isInstanceOf(SerializationException.class)
                .hasMessageStartingWith("unknown magic byte 0x01 in record of topic events.plan");
    }

    @Test
    void fewerBytesThanTheHeaderAreRefused() {
        assertThatThrownBy(() -> deserializer.deserialize(TOPIC, new byte[] {0, 0, 1}))
                .isInstanceOf(SerializationException.class)
                .hasMessageContainingAll("unknown magic byte", "events.plan", "3 byte(s)");
        assertThatThrownBy(() -> deserializer.deserialize(TOPIC, new byte[0]))
                .isInstanceOf(SerializationException.class).hasMessageContaining("0 byte(s)");
    }

    @Test
    void anUnknownSchemaIdIsRefusedNamingIdAndTopic() {
        byte[] bytes = HostileRecords.frame(999, new AvroEventCodec().encode(EventFixtures.fullEvent()));

        SerializationException e = catchThrowableOfType(SerializationException.class, () -> deserializer.deserialize(TOPIC, bytes));

        assertThat(e).hasMessageStartingWith("unknown schema id 999 in record of topic events.plan");
        assertThat(e.getCause()).isInstanceOfSatisfying(SchemaRegistryException.class,
                cause -> assertThat(cause.errorCode()).isEqualTo(SchemaRegistryException.SCHEMA_NOT_FOUND));
    }

    @Test
    void truncatedAvroIsRefusedWithTheDecodingErrorAsCause() {
        byte[] bytes = serializer.serialize(TOPIC, EventFixtures.fullEvent());
        byte[] truncated = Arrays.copyOf(bytes, bytes.length - 3);

        SerializationException e = catchThrowableOfType(SerializationException.class, () -> deserializer.deserialize(TOPIC, truncated));

        assertThat(e).hasMessageContainingAll("could not decode record of topic events.plan", "schema id 1", "truncated");
        assertThat(e.getCause()).isInstanceOf(EventDecodingException.class);
    }

    @Test
    void trailingBytesAndAForeignWriterSchemaAreRefused() {
        byte[] bytes = serializer.serialize(TOPIC, EventFixtures.fullEvent());
        byte[] padded = Arrays.copyOf(bytes, bytes.length + 2);
        assertThatThrownBy(() -> deserializer.deserialize(TOPIC, padded))
                .isInstanceOf(SerializationException.class).hasMessageContaining("unread bytes");

        int stringId = registry.register("strings-value", Schema.create(Schema.Type.STRING));
        byte[] text = HostileRecords.frame(stringId, new byte[] {6, 'a', 'b', 'c'});
        assertThatThrownBy(() -> deserializer.deserialize("strings", text))
                .isInstanceOf(SerializationException.class)
                .hasMessageContainingAll("could not decode record of topic strings", "schema id " + stringId)
                .cause().isInstanceOf(EventDecodingException.class);
    }

    // ---- hostile bytes: lengths, counts and nesting that lie cost no more than the record's size ----

    @Test
    void aStringLengthBeyondTheRecordIsRefusedAsTruncatedWithoutAllocatingIt() {
        int id = registry.register(SUBJECT, CURRENT);
        for (long length : new long[] {Integer.MAX_VALUE - 100, 2_147_483_639L, 1L << 40, Long.MAX_VALUE}) {
            byte[] bytes = HostileRecords.frame(id, HostileRecords.stringLengthBomb(length));

            catchThrowable(() -> deserializer.deserialize(TOPIC, bytes)); // the first time loads classes
            Throwable[] thrown = new Throwable[1];
            long allocated = allocatedBy(() -> thrown[0] = catchThrowable(() -> deserializer.deserialize(TOPIC, bytes)));

            assertThat(thrown[0]).isInstanceOf(SerializationException.class)
                    .hasMessageContainingAll("could not decode record of topic events.plan", "truncated",
                            "a string of " + length + " bytes")
                    .cause().isInstanceOf(EventDecodingException.class);
            assertThat(allocated).as("bytes allocated to refuse a claimed length of %d", length).isLessThan(1 << 20);
        }
        assertThatThrownBy(() -> deserializer.deserialize(TOPIC, HostileRecords.frame(id, HostileRecords.stringLengthBomb(-7))))
                .isInstanceOf(SerializationException.class).hasMessageContaining("a string with a negative length of -7");
    }

    @Test
    void anArrayOrMapCountBeyondTheRecordIsRefusedWithoutAllocatingIt() {
        int id = registry.register(SUBJECT, CURRENT);
        for (long count : new long[] {Integer.MAX_VALUE - 100, 100_000_000, -(Integer.MAX_VALUE - 100), Long.MAX_VALUE}) {
            for (byte[] avro : List.of(HostileRecords.arrayCountBomb(count), HostileRecords.mapCountBomb(count))) {
                byte[] bytes = HostileRecords.frame(id, avro);

                catchThrowable(() -> deserializer.deserialize(TOPIC, bytes)); // the first time loads classes
                Throwable[] thrown = new Throwable[1];
                long allocated = allocatedBy(() -> thrown[0] = catchThrowable(() -> deserializer.deserialize(TOPIC, bytes)));

                assertThat(thrown[0]).isInstanceOf(SerializationException.class)
                        .hasMessageContainingAll("could not decode record of topic events.plan", "is more than a record of")
                        .cause().isInstanceOf(EventDecodingException.class);
                assertThat(allocated).as("bytes allocated to refuse a claimed count of %d", count).isLessThan(1 << 20);
            }
        }
        assertThatThrownBy(() -> deserializer.deserialize(TOPIC, HostileRecords.frame(id, HostileRecords.arrayCountBomb(Long.MIN_VALUE))))
                .isInstanceOf(SerializationException.class).hasMessageContaining("block of " + Long.MIN_VALUE + " items");
    }

    @Test
    void nestingBeyondSixtyFourLevelsIsRefusedInsteadOfOverflowingTheStack() {
        int id = registry.register(SUBJECT, CURRENT);
        for (int depth : new int[] {65, 1_000, 200_000}) {
            assertThatThrownBy(() -> deserializer.deserialize(TOPIC, HostileRecords.frame(id, HostileRecords.nestedArrays(depth))))
                    .as("depth %d", depth)
                    .isInstanceOf(SerializationException.class)
                    .hasMessageContaining("arrays and maps nested deeper than 64 levels")
                    .cause().isInstanceOf(EventDecodingException.class);
            assertThatThrownBy(() -> deserializer.deserialize(TOPIC, HostileRecords.frame(id, HostileRecords.openNestedMaps(depth))))
                    .isInstanceOf(SerializationException.class).hasMessageContaining("nested deeper than 64 levels");
        }
        // 64 levels of Avro (the details map and 63 arrays) are read, then refused by the contract
        // (16 levels of details); 16 levels are an event
        assertThatThrownBy(() -> deserializer.deserialize(TOPIC, HostileRecords.frame(id, HostileRecords.nestedArrays(63))))
                .isInstanceOf(SerializationException.class).hasMessageContaining("deeper than 16 levels");
        assertThat(deserializer.deserialize(TOPIC, HostileRecords.frame(id, HostileRecords.nestedArrays(15))).details()).containsKey("k");
    }

    @Test
    void detailsAtTheContractsDepthAndSizeRoundTrip() {
        Object deep = "leaf";
        for (int i = 0; i < 15; i++) {
            deep = i % 2 == 0 ? List.of(deep) : Map.of("m", deep);
        }
        List<Long> many = new java.util.ArrayList<>();
        for (long i = 0; i < 9_000; i++) {
            many.add(i);
        }
        DomainEvent event = DomainEvent.builder(EventType.CONTEXT_UPDATED).source("s").detail("deep", deep)
                .detail("many", many).detail("text", "\u20ac".repeat(100_000)).build();
        assertThat(deserializer.deserialize(TOPIC, serializer.serialize(TOPIC, event))).isEqualTo(event);
    }

    @Test
    void writerOnlyFieldsThatLieAreRefusedWhileSkippingThem() throws IOException {
        // a writer schema with two fields this reader does not have, so it skips them: a list of
        // nulls (items of no bytes at all) and a recursive tree
        Schema tree = new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"Tree\",\"namespace\":\"x\",\"fields\":"
                + "[{\"name\":\"children\",\"type\":{\"type\":\"array\",\"items\":\"Tree\"}}]}");
        List<Schema.Field> fields = new java.util.ArrayList<>();
        for (Schema.Field field : CURRENT.getFields()) {
            fields.add(new Schema.Field(field, field.schema()));
        }
        fields.add(new Schema.Field("nulls", Schema.createArray(Schema.create(Schema.Type.NULL)), "", List.of()));
        fields.add(new Schema.Field("tree", tree, "", null));
        Schema writer = Schema.createRecord(CURRENT.getName(), "", CURRENT.getNamespace(), false, fields);
        int id = registry.register("writer-only-value", writer);
        byte[] event = new AvroEventCodec().encode(EventFixtures.fullEvent());

        // a legitimate value of each is skipped and the event read
        byte[] fine = HostileRecords.concat(event, HostileRecords.varint(3), HostileRecords.varint(0),
                nestedTree(30));
        assertThat(deserializer.deserialize(TOPIC, HostileRecords.frame(id, fine))).isEqualTo(EventFixtures.fullEvent());

        byte[] manyNulls = HostileRecords.concat(event, HostileRecords.varint(Integer.MAX_VALUE),
                HostileRecords.varint(0), nestedTree(1));
        assertThatThrownBy(() -> deserializer.deserialize(TOPIC, HostileRecords.frame(id, manyNulls)))
                .isInstanceOf(SerializationException.class).hasMessageContaining("is more than a record of");

        byte[] deepTree = HostileRecords.concat(event, HostileRecords.varint(0), nestedTree(100_000));
        assertThatThrownBy(() -> deserializer.deserialize(TOPIC, HostileRecords.frame(id, deepTree)))
                .isInstanceOf(SerializationException.class).hasMessageContaining("nested deeper than 64 levels");
    }

    /** A Tree record nested {@code depth} deep: each node a list of one child, the last one with none. */
    private static byte[] nestedTree(int depth) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < depth; i++) {
            out.writeBytes(HostileRecords.varint(1));
        }
        out.writeBytes(HostileRecords.varint(0));
        for (int i = 0; i < depth; i++) {
            out.writeBytes(HostileRecords.varint(0));
        }
        return out.toByteArray();
    }

    @Test
    void aUnionBranchOrEnumSymbolOutOfRangeIsRefused() {
        int id = registry.register(SUBJECT, CURRENT);
        byte[] badBranch = HostileRecords.concat(HostileRecords.prefix(), HostileRecords.varint(1),
                HostileRecords.string("k"), HostileRecords.varint(99), HostileRecords.varint(0));
        assertThatThrownBy(() -> deserializer.deserialize(TOPIC, HostileRecords.frame(id, badBranch)))
                .isInstanceOf(SerializationException.class).hasMessageContaining("could not decode")
                .cause().isInstanceOf(EventDecodingException.class);
        byte[] avro = HostileRecords.prefix();
        int enumAt = 3; // after the event id "E1": its length (1 byte) and 2 characters; TOOL_INVOKED is 1 byte
        byte[] badSymbol = HostileRecords.concat(java.util.Arrays.copyOf(avro, enumAt), HostileRecords.varint(500),
                java.util.Arrays.copyOfRange(avro, enumAt + 1, avro.length), new byte[] {0});
        assertThatThrownBy(() -> deserializer.deserialize(TOPIC, HostileRecords.frame(id, badSymbol)))
                .isInstanceOf(SerializationException.class).hasMessageContaining("could not decode")
                .cause().isInstanceOf(EventDecodingException.class);
    }

    private static long allocatedBy(Runnable action) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        action.run();
        return threads.getCurrentThreadAllocatedBytes() - before;
    }

    @Test
    void anUnreachableRegistryFailsWithARetriableCause() throws IOException {
        String url = "http://127.0.0.1:" + DomainEventSerializerTest.closedPort();
        try (DomainEventDeserializer remote = new DomainEventDeserializer()) {
            remote.configure(Map.of(SchemaRegistryConfig.URL, url), false);
            byte[] bytes = HostileRecords.frame(7, new byte[] {1});

            SerializationException e = catchThrowableOfType(SerializationException.class, () -> remote.deserialize(TOPIC, bytes));

            assertThat(e).hasMessageContainingAll("could not fetch schema id 7", "topic events.plan", url, "unreachable");
            assertThat(e.getCause()).isInstanceOfSatisfying(SchemaRegistryException.class,
                    cause -> assertThat(cause.retriable()).isTrue());
        }
    }

    @Test
    void anUnconfiguredDeserializerSaysSo() {
        assertThatThrownBy(() -> new DomainEventDeserializer().deserialize(TOPIC, new byte[5]))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("not configured");
    }


    private static Schema load(String resource) {
        try (InputStream in = DomainEventDeserializerTest.class.getResourceAsStream(resource)) {
            return new Schema.Parser().parse(in);
        } catch (IOException e) {
            throw new IllegalStateException(resource, e);
        }
    }
}
