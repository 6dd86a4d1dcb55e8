package io.agentevents.schemas.features;

import io.agentevents.schemas.DomainEvent;
import io.agentevents.schemas.EventType;
import io.agentevents.schemas.codec.AvroEventCodec;
import io.agentevents.schemas.testing.EventFixtures;
import io.agentevents.schemas.testing.GenericAvro;

import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;

import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

public class AvroSteps {
    private final AvroEventCodec codec = new AvroEventCodec();
    private DomainEvent written;
    private byte[] bytes;
    private Schema writerSchema = AvroEventCodec.SCHEMA;
    private DomainEvent read;

    @Given("the canonical event with every field and nested details")
    public void theCanonicalEvent() {
        written = EventFixtures.fullEvent();
    }

    @When("it is written as Avro and read back")
    public void writtenAndReadBack() {
        read = codec.decode(codec.encode(written));
    }

    @Then("the event read equals the event written")
    public void readEqualsWritten() {
        assertThat(read).isEqualTo(written);
    }

    @Given("an event written by a newer agent with the type {string}")
    public void writtenByANewerAgent(String newSymbol) throws IOException {
        written = EventFixtures.fullEvent();
        writerSchema = withExtraSymbol(newSymbol);
        GenericRecord record = new GenericDatumReader<GenericRecord>(AvroEventCodec.SCHEMA, writerSchema)
                .read(null, DecoderFactory.get().binaryDecoder(codec.encode(written), null));
        record.put("event_type", new GenericData.EnumSymbol(writerSchema.getField("event_type").schema(), newSymbol));
        bytes = GenericAvro.write(record, writerSchema);
    }

    @When("the current reader reads it")
    public void theCurrentReaderReadsIt() {
        read = codec.decode(bytes, 0, bytes.length, writerSchema);
    }

    @Then("its type is UNKNOWN")
    public void itsTypeIsUnknown() {
        assertThat(read.type()).isEqualTo(EventType.UNKNOWN);
    }

    @Then("its other fields are intact")
    public void itsOtherFieldsAreIntact() {
        assertThat(read.toBuilder().type(written.type()).build()).isEqualTo(written);
    }

    private static Schema withExtraSymbol(String symbol) {
        Schema current = AvroEventCodec.SCHEMA;
        Schema enumSchema = current.getField("event_type").schema();
        List<String> symbols = new ArrayList<>(enumSchema.getEnumSymbols());
        symbols.add(symbols.size() - 1, symbol);
        Schema newer = SchemaBuilder.enumeration(enumSchema.getName()).namespace(enumSchema.getNamespace())
                .defaultSymbol("UNKNOWN").symbols(symbols.toArray(String[]::new));
        List<Schema.Field> fields = new ArrayList<>();
        for (Schema.Field field : current.getFields()) {
            Schema type = field.name().equals("event_type") ? newer : field.schema();
            fields.add(new Schema.Field(field, type));
        }
        return Schema.createRecord(current.getName(), current.getDoc(), current.getNamespace(), false, fields);
    }
}
