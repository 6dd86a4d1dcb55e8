package io.agentevents.schemas.codec;

import io.agentevents.schemas.DomainEvent;
import io.agentevents.schemas.EventDecodingException;
import io.agentevents.schemas.EventType;
import io.agentevents.schemas.testing.EventFixtures;
import io.agentevents.schemas.testing.GenericAvro;

import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Event subjects are FULL_TRANSITIVE: old readers read new events and new readers read old ones.
 * The previous schema (a kept snapshot) and a hypothetical next one prove it both ways.
 */
class SchemaEvolutionTest {

    private static final Schema CURRENT = AvroEventCodec.SCHEMA;
    private static final Schema PREVIOUS = load("/evolution/DomainEvent-previous.avsc");
    private static final Schema NEXT = load("/evolution/DomainEvent-next.avsc");

    private final AvroEventCodec codec = new AvroEventCodec();

    @Test
    void everyVersionPairIsCompatibleBothWays() {
        for (Schema reader : List.of(PREVIOUS, CURRENT, NEXT)) {
            for (Schema writer : List.of(PREVIOUS, CURRENT, NEXT)) {
                var result = SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);
                assertThat(result.getType())
                        .as("reader %s / writer %s: %s", reader.getDoc(), writer.getDoc(), result.getDescription())
                        .isEqualTo(SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE);
            }
        }
    }

    @Test
    void anEventWrittenWithThePreviousSchemaIsReadByTheCurrentOne() throws IOException {
        GenericRecord old = EventFixtures.toolFailedRecord(PREVIOUS, Map.of("error", detail("timeout")));

        DomainEvent event = codec.decode(GenericAvro.write(old, PREVIOUS), 0, GenericAvro.write(old, PREVIOUS).length, PREVIOUS);

        assertThat(event.type()).isEqualTo(EventType.TOOL_FAILED);
        assertThat(event.eventId()).isEqualTo(EventFixtures.EVENT_ID);
        assertThat(event.planId()).isEqualTo("plan-9");
        assertThat(event.projectName()).as("field added after the previous version gets its default").isNull();
        assertThat(event.timestamp()).isEqualTo("2026-01-02T03:04:05.123456Z");
        assertThat(event.details()).isEqualTo(Map.of("error", "timeout"));
    }

    @Test
    void aReaderOnThePreviousSchemaReadsCurrentEvents() throws IOException {
        DomainEvent event = EventFixtures.fullEvent();
        GenericRecord read = readAs(codec.encode(event), CURRENT, PREVIOUS);

        assertThat(read.get("event_type")).hasToString("PLAN_PHASE_CHANGED");
        assertThat(read.get("correlation_id")).hasToString(event.correlationId());
        assertThat(read.getSchema().getField("project_name")).isNull();
    }

    @Test
    void aTypeTheOldReaderDoesNotKnowReadsAsUnknown() throws IOException {
        DomainEvent event = EventFixtures.minimalEvent(EventType.CONTEXT_COMPACTED);
        GenericRecord read = readAs(codec.encode(event), CURRENT, PREVIOUS);
        assertThat(read.get("event_type")).hasToString("UNKNOWN");
    }

    @Test
    void anEventOfANewerTypeReadsAsUnknownWithEverythingElseIntact() throws IOException {
        GenericRecord future = toGeneric(EventFixtures.fullEvent(), NEXT);
        future.put("event_type", new GenericData.EnumSymbol(NEXT.getField("event_type").schema(), "PLAN_ARCHIVED"));
        future.put("tenant_id", "tenant-1");
        byte[] bytes = GenericAvro.write(future, NEXT);

        DomainEvent event = codec.decode(bytes, 0, bytes.length, NEXT);

        assertThat(event.type()).isEqualTo(EventType.UNKNOWN);
        assertThat(event.toBuilder().type(EventType.PLAN_PHASE_CHANGED).build()).isEqualTo(EventFixtures.fullEvent());
    }

    @Test
    void newerReadersReadCurrentEvents() throws IOException {
        GenericRecord read = readAs(codec.encode(EventFixtures.fullEvent()), CURRENT, NEXT);
        assertThat(read.get("tenant_id")).isNull();
        assertThat(read.get("plan_id")).hasToString(EventFixtures.PLAN_ID);
    }

    @Test
    void truncatedOrCorruptBytesFailWithADecodingError() {
        byte[] bytes = codec.encode(EventFixtures.fullEvent());
        assertThatThrownBy(() -> codec.decode(bytes, 0, bytes.length - 3, CURRENT))
                .isInstanceOf(EventDecodingException.class).hasMessageContaining("truncated");
        assertThatThrownBy(() -> codec.decode(new byte[] {2, 33, 120, 0}, 0, 4, CURRENT))
                .isInstanceOf(EventDecodingException.class);
        byte[] padded = new byte[bytes.length + 2];
        System.arraycopy(bytes, 0, padded, 0, bytes.length);
        assertThatThrownBy(() -> codec.decode(padded, 0, padded.length, CURRENT))
                .isInstanceOf(EventDecodingException.class).hasMessageContaining("unread bytes");
    }

    @Test
    void aDecodedRecordThatBreaksTheContractIsRefusedNamingTheField() throws IOException {
        GenericRecord record = toGeneric(EventFixtures.fullEvent(), CURRENT);
        record.put("correlation_id", "");
        byte[] bytes = GenericAvro.write(record, CURRENT);
        assertThatThrownBy(() -> codec.decode(bytes))
                .isInstanceOf(EventDecodingException.class).hasMessageContaining("correlation_id");
    }

    private static GenericRecord toGeneric(DomainEvent event, Schema schema) throws IOException {
        return readAs(new AvroEventCodec().encode(event), CURRENT, schema);
    }

    private static GenericRecord detail(Object value) {
        GenericRecord detail = new GenericData.Record(PREVIOUS.getField("details").schema().getValueType());
        detail.put("value", value);
        return detail;
    }


    private static GenericRecord readAs(byte[] bytes, Schema writer, Schema reader) throws IOException {
        return new GenericDatumReader<GenericRecord>(writer, reader)
                .read(null, DecoderFactory.get().binaryDecoder(bytes, null));
    }

    private static Schema load(String resource) {
        try (InputStream in = SchemaEvolutionTest.class.getResourceAsStream(resource)) {
            return new Schema.Parser().parse(in);
        } catch (IOException e) {
            throw new IllegalStateException(resource, e);
        }
    }
}
