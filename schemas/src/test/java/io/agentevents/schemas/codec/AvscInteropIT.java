package io.agentevents.schemas.codec;

import io.agentevents.schemas.DomainEvent;
import io.agentevents.schemas.testing.EventFixtures;
import io.agentevents.schemas.testing.GenericAvro;

import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What another language sees: a reader that knows only the {@code .avsc} file (no generated
 * classes) reads our bytes, and our codec reads bytes written by such a generic writer.
 */
class AvscInteropIT {

    private static final Path AVSC = Path.of("src", "main", "avro", "DomainEvent.avsc");

    private final AvroEventCodec codec = new AvroEventCodec();

    @Test
    void theSourceSchemaFileIsTheCompiledSchema() throws IOException {
        Schema fromFile = new Schema.Parser().parse(AVSC.toFile());
        assertThat(SchemaNormalization.parsingFingerprint64(fromFile))
                .isEqualTo(SchemaNormalization.parsingFingerprint64(AvroEventCodec.SCHEMA));
    }

    @Test
    void aGenericReaderWithOnlyTheAvscReadsOurBytes() throws IOException {
        Schema fromFile = new Schema.Parser().parse(AVSC.toFile());
        DomainEvent event = EventFixtures.fullEvent();

        GenericRecord record = new GenericDatumReader<GenericRecord>(fromFile)
                .read(null, DecoderFactory.get().binaryDecoder(codec.encode(event), null));

        assertThat(record.get("event_type")).hasToString("PLAN_PHASE_CHANGED");
        assertThat(record.get("timestamp")).isEqualTo(1_767_323_045_123_456L);
        assertThat(record.get("plan_id")).hasToString(EventFixtures.PLAN_ID);
        @SuppressWarnings("unchecked")
        Map<Object, GenericRecord> details = (Map<Object, GenericRecord>) record.get("details");
        assertThat(details.keySet()).extracting(Object::toString)
                .containsExactlyInAnyOrder("from_phase", "to_phase", "steps", "limits");
        GenericRecord steps = details.entrySet().stream().filter(e -> e.getKey().toString().equals("steps"))
                .findFirst().orElseThrow().getValue();
        assertThat((List<?>) steps.get("value")).hasSize(3);
    }

    @Test
    void eventsSurviveAnAvroContainerFileWrittenGenerically(@TempDir Path dir) throws IOException {
        Schema fromFile = new Schema.Parser().parse(AVSC.toFile());
        List<DomainEvent> events = List.of(EventFixtures.fullEvent(),
                EventFixtures.minimalEvent(io.agentevents.schemas.EventType.BUDGET_EXCEEDED));
        File file = dir.resolve("events.avro").toFile();

        try (DataFileWriter<GenericRecord> writer = new DataFileWriter<>(new GenericDatumWriter<>(fromFile))) {
            writer.create(fromFile, file);
            for (DomainEvent event : events) {
                writer.append(new GenericDatumReader<GenericRecord>(fromFile)
                        .read(null, DecoderFactory.get().binaryDecoder(codec.encode(event), null)));
            }
        }

        try (DataFileReader<GenericRecord> reader = new DataFileReader<>(file, new GenericDatumReader<>())) {
            int i = 0;
            for (GenericRecord record : reader) {
                byte[] bytes = GenericAvro.write(record, reader.getSchema());
                assertThat(codec.decode(bytes, 0, bytes.length, reader.getSchema())).isEqualTo(events.get(i++));
            }
            assertThat(i).isEqualTo(events.size());
        }
    }
}
