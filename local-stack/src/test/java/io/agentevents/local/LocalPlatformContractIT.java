package io.agentevents.local;

import io.agentevents.schemas.DomainEvent;
import io.agentevents.schemas.codec.AvroEventCodec;
import io.agentevents.schemas.registry.CompatibilityLevel;
import io.agentevents.schemas.registry.HttpSchemaRegistryClient;
import io.agentevents.schemas.registry.SchemaRegistryClient;
import io.agentevents.schemas.registry.SchemaRegistryConfig;
import io.agentevents.schemas.serde.DomainEventSerializer;
import io.agentevents.schemas.testing.EventFixtures;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.apache.avro.Schema;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One registered schema for every language, on a fresh platform where no Java process has emitted:
 * the contract is registered under every domain subject at start, a non-Java client registering
 * the plain {@code DomainEvent.avsc} gets the id Java writes on the wire, and a registry holding
 * the Java-flavoured schema from an older build takes the contract as a compatible new version.
 */
class LocalPlatformContractIT {
    private static final Path AVSC = Path.of("..", "schemas", "src", "main", "avro", "DomainEvent.avsc");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static LocalPlatform platform;

    @BeforeAll
    static void start() {
        platform = LocalPlatform.start(LocalPlatformConfig.onFreePorts());
    }

    @AfterAll
    static void stop() {
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    void everyDomainSubjectIsRegisteredAtStartAndThePlainAvscGetsTheIdJavaWritesOnTheWire() throws Exception {
        JsonNode subjects = get("/subjects");
        List<String> names = new ArrayList<>();
        subjects.forEach(subject -> names.add(subject.asText()));
        assertThat(names).as("GET /subjects before any Java process emitted")
                .containsAll(platform.topicLayout().domainTopics().stream().map(topic -> topic + "-value").toList());

        // what Confluent's Python or Node client does with the file: POST its text
        int plainId = post("/subjects/events.plan-value/versions", Files.readString(AVSC)).get("id").asInt();
        assertThat(get("/subjects/events.plan-value/versions").toString()).as("no new version").isEqualTo("[1]");
        assertThat(get("/subjects/events.decision-value/versions/latest").get("id").asInt()).isEqualTo(plainId);

        byte[] value = emitAndReadBack("events.plan", EventFixtures.fullEvent());
        assertThat(value[0]).as("magic byte").isZero();
        assertThat(ByteBuffer.wrap(value, 1, 4).getInt()).as("the schema id in the wire header").isEqualTo(plainId);
    }

    @Test
    void aSubjectHoldingTheJavaFlavouredSchemaTakesTheContractAsACompatibleNewVersion() throws Exception {
        String subject = "legacy.plan-value";
        try (SchemaRegistryClient client = new HttpSchemaRegistryClient(SchemaRegistryConfig.of(platform.schemaRegistryUrl()))) {
            client.setSubjectCompatibility(subject, CompatibilityLevel.FULL_TRANSITIVE);
            int javaFlavoured = client.register(subject, AvroEventCodec.SCHEMA); // what builds before this one registered
            int contract = client.register(subject, new Schema.Parser().parse(Files.readString(AVSC)));

            assertThat(contract).isNotEqualTo(javaFlavoured);
            assertThat(contract).as("the contract's one id, as under events.plan-value")
                    .isEqualTo(client.latest("events.plan-value").id());
            assertThat(client.versions(subject)).containsExactly(1, 2);
        }
    }

    /** Emits the event as every Java producer does (the serde, default settings) and reads back its raw value. */
    private static byte[] emitAndReadBack(String topic, DomainEvent event) throws Exception {
        RecordMetadata landed;
        try (KafkaProducer<String, DomainEvent> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, platform.bootstrapServers(),
                SchemaRegistryConfig.URL, platform.schemaRegistryUrl()), new StringSerializer(), serializer())) {
            landed = producer.send(new ProducerRecord<>(topic, event.correlationId(), event)).get(30, TimeUnit.SECONDS);
        }
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, platform.bootstrapServers()),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition partition = new TopicPartition(landed.topic(), landed.partition());
            consumer.assign(List.of(partition));
            consumer.seek(partition, landed.offset());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.offset() == landed.offset()) {
                        return record.value();
                    }
                }
            }
        }
        throw new AssertionError("the emitted record was not read back within 30 s");
    }

    private static DomainEventSerializer serializer() {
        DomainEventSerializer serializer = new DomainEventSerializer();
        serializer.configure(Map.of(SchemaRegistryConfig.URL, platform.schemaRegistryUrl()), false);
        return serializer;
    }

    private static JsonNode get(String path) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(platform.schemaRegistryUrl() + path))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static JsonNode post(String path, String schemaText) throws Exception {
        String body = JSON.createObjectNode().put("schema", schemaText).toString();
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(platform.schemaRegistryUrl() + path))
                .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }
}
