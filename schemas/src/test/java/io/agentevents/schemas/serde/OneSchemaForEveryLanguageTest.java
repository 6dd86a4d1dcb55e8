package io.agentevents.schemas.serde;

import io.agentevents.schemas.codec.AvroEventCodec;
import io.agentevents.schemas.registry.InMemorySchemaRegistryClient;
import io.agentevents.schemas.testing.EventFixtures;

import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The id Java writes on the wire is the id a non-Java client gets when it registers the plain
 * {@code DomainEvent.avsc} (as Confluent's Python and Node clients do), and the bytes are the
 * contract's encoding.
 */
class OneSchemaForEveryLanguageTest {

    private static final Path AVSC = Path.of("src", "main", "avro", "DomainEvent.avsc");
    private static final String TOPIC = "events.plan";

    /** The schema a non-Java client registers: the file's text, parsed as the registry parses it. */
    private static Schema plainAvsc() throws IOException {
        return new Schema.Parser().parse(Files.readString(AVSC));
    }

    @Test
    void javasWireIdIsTheIdOfThePlainAvsc() throws IOException {
        InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
        byte[] bytes = new DomainEventSerializer(registry, SerdeConfig.defaults()).serialize(TOPIC, EventFixtures.fullEvent());
        int javaId = ByteBuffer.wrap(bytes, 1, 4).getInt();

        int pythonId = registry.register("events.plan-value", plainAvsc());

        assertThat(pythonId).as("the id a client registering the plain .avsc gets").isEqualTo(javaId);
        assertThat(registry.versions("events.plan-value")).as("no second version").containsExactly(1);
        assertThat(registry.schemaById(javaId).toString()).doesNotContain("avro.java.string");
    }

    @Test
    void theRegisteredContractIsThePlainAvscWithTheJavaSchemasFingerprint() throws IOException {
        assertThat(AvroEventCodec.CONTRACT_SCHEMA.toString()).isEqualTo(plainAvsc().toString())
                .doesNotContain("avro.java.string");
        assertThat(AvroEventCodec.SCHEMA.toString()).as("the generated Java schema, never registered")
                .contains("avro.java.string");
        assertThat(SchemaNormalization.parsingFingerprint64(AvroEventCodec.CONTRACT_SCHEMA))
                .as("same parsing canonical form: the bytes Java writes are the contract's")
                .isEqualTo(SchemaNormalization.parsingFingerprint64(AvroEventCodec.SCHEMA));
    }

    @Test
    void withoutAutoRegistrationTheSerializerFindsThePlainAvscRegisteredByAnotherClient() throws IOException {
        InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
        int pythonId = registry.register("events.plan-value", plainAvsc());

        byte[] bytes = new DomainEventSerializer(registry, SerdeConfig.defaults().withAutoRegister(false))
                .serialize(TOPIC, EventFixtures.fullEvent());

        assertThat(ByteBuffer.wrap(bytes, 1, 4).getInt()).isEqualTo(pythonId);
    }
}
