package io.agentevents.schemas.serde;

import io.agentevents.schemas.DomainEvent;
import io.agentevents.schemas.EventType;
import io.agentevents.schemas.codec.AvroEventCodec;
import io.agentevents.schemas.registry.CompatibilityLevel;
import io.agentevents.schemas.registry.InMemorySchemaRegistryClient;
import io.agentevents.schemas.registry.SchemaRegistryClient;
import io.agentevents.schemas.registry.SchemaRegistryException;
import io.agentevents.schemas.testing.EventFixtures;
import io.agentevents.schemas.testing.GenericAvro;

import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class DomainEventSerializerTest {

    private static final Schema SCHEMA = AvroEventCodec.SCHEMA;
    private static final String TOPIC = "events.plan";

    private final InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();

    @Test
    void theBytesAreExactlyConfluentsWireFormat() throws IOException {
        int id = 0x0A0B0C0D;
        try (DomainEventSerializer serializer = new DomainEventSerializer(fixedId(id), SerdeConfig.defaults())) {
            byte[] bytes = serializer.serialize(TOPIC, EventFixtures.fullEvent());

            byte[] avro = genericAvro(EventFixtures.fullEvent());
            byte[] expected = new byte[5 + avro.length];
            expected[0] = 0x00;
            expected[1] = 0x0A;
            expected[2] = 0x0B;
            expected[3] = 0x0C;
            expected[4] = 0x0D;
            System.arraycopy(avro, 0, expected, 5, avro.length);
            assertThat(bytes).isEqualTo(expected);
        }
    }

    @Test
    void theIdIsTheOneRegisteredUnderTheTopicValueSubject() {
        registry.register("filler-value", SchemaBuilder.record("Filler").fields().requiredLong("n").endRecord());
        DomainEventSerializer serializer = new DomainEventSerializer(registry, SerdeConfig.defaults());

        byte[] bytes = serializer.serialize(TOPIC, EventFixtures.fullEvent());

        int id = registry.lookup("events.plan-value", AvroEventCodec.CONTRACT_SCHEMA).id();
        assertThat(id).isEqualTo(2);
        assertThat(Arrays.copyOf(bytes, 5)).containsExactly(0, 0, 0, 0, 2);
        assertThat(registry.subjects()).containsExactly("events.plan-value", "filler-value");
    }

    @Test
    void keysUseTheTopicKeySubject() {
        DomainEventSerializer serializer = new DomainEventSerializer(registry, SerdeConfig.defaults().withKey(true));
        serializer.serialize(TOPIC, EventFixtures.fullEvent());
        assertThat(registry.subjects()).containsExactly("events.plan-key");
    }

    @Test
    void theSchemaIsRegisteredOncePerSubject() {
        RecordingRegistry recording = new RecordingRegistry(registry);
        DomainEventSerializer serializer = new DomainEventSerializer(recording.client, SerdeConfig.defaults());

        for (int i = 0; i < 5; i++) {
            serializer.serialize(TOPIC, EventFixtures.minimalEvent(EventType.PLAN_CREATED));
        }
        serializer.serialize("events.tool", EventFixtures.minimalEvent(EventType.TOOL_INVOKED));

        assertThat(recording.registers).hasValue(2);
        assertThat(registry.subjects()).containsExactly("events.plan-value", "events.tool-value");
        serializer.close();
        assertThat(recording.closes).as("a given client is never closed").hasValue(0);
    }

    @Test
    void aNullEventIsNullBytesAndAsksNothing() {
        RecordingRegistry recording = new RecordingRegistry(registry);
        assertThat(new DomainEventSerializer(recording.client, SerdeConfig.defaults()).serialize(TOPIC, null)).isNull();
        assertThat(recording.registers).hasValue(0);
    }

    @Test
    void withoutAutoRegistrationASubjectHoldingOnlyTheJavaFlavouredSchemaOfOlderBuildsUsesItsId() {
        registry.register("filler-value", SchemaBuilder.record("Filler").fields().requiredLong("n").endRecord());
        int id = registry.register("events.plan-value", SCHEMA);
        DomainEventSerializer serializer = new DomainEventSerializer(registry, SerdeConfig.defaults().withAutoRegister(false));

        byte[] bytes = serializer.serialize(TOPIC, EventFixtures.fullEvent());

        assertThat(id).isEqualTo(2);
        assertThat(Arrays.copyOf(bytes, 5)).containsExactly(0, 0, 0, 0, 2);
    }

    @Test
    void withoutAutoRegistrationTheSchemaIsLookedUp() {
        int id = registry.register("events.plan-value", AvroEventCodec.CONTRACT_SCHEMA);
        RecordingRegistry recording = new RecordingRegistry(registry);
        DomainEventSerializer serializer = new DomainEventSerializer(recording.client, SerdeConfig.defaults().withAutoRegister(false));

        byte[] bytes = serializer.serialize(TOPIC, EventFixtures.fullEvent());
        serializer.serialize(TOPIC, EventFixtures.fullEvent());

        assertThat(bytes[4]).isEqualTo((byte) id);
        assertThat(recording.registers).hasValue(0);
        assertThat(recording.lookups).hasValue(1);
    }

    @Test
    void withoutAutoRegistrationAnUnregisteredSubjectFailsClearly() {
        DomainEventSerializer serializer = new DomainEventSerializer(registry, SerdeConfig.defaults().withAutoRegister(false));

        SerializationException e = catchThrowableOfType(SerializationException.class,
                () -> serializer.serialize(TOPIC, EventFixtures.fullEvent()));

        assertThat(e).hasMessageContainingAll("not registered under subject events.plan-value",
                "auto-registration is off", "auto.register.schemas=false");
        assertThat(e.getCause()).isInstanceOfSatisfying(SchemaRegistryException.class,
                cause -> assertThat(cause.errorCode()).isEqualTo(SchemaRegistryException.SUBJECT_NOT_FOUND));
        assertThat(registry.subjects()).isEmpty();

        registry.register("events.plan-value", SchemaBuilder.record("Other").fields().requiredLong("n").endRecord());
        assertThatThrownBy(() -> serializer.serialize(TOPIC, EventFixtures.fullEvent()))
                .isInstanceOf(SerializationException.class).hasMessageContaining("auto-registration is off")
                .cause().isInstanceOf(SchemaRegistryException.class);
    }

    @Test
    void anIncompatibleSubjectFailsWithTheRegistryRefusalAsCause() {
        registry.setGlobalCompatibility(CompatibilityLevel.FULL_TRANSITIVE);
        registry.register("events.plan-value", SchemaBuilder.record("Other").fields().requiredLong("n").endRecord());
        DomainEventSerializer serializer = new DomainEventSerializer(registry, SerdeConfig.defaults());

        SerializationException e = catchThrowableOfType(SerializationException.class,
                () -> serializer.serialize(TOPIC, EventFixtures.fullEvent()));

        assertThat(e).hasMessageContainingAll("events.plan-value", "topic events.plan", "incompatible");
        assertThat(e.getCause()).isInstanceOfSatisfying(SchemaRegistryException.class, cause -> {
            assertThat(cause.errorCode()).isEqualTo(SchemaRegistryException.INCOMPATIBLE_SCHEMA);
            assertThat(cause.retriable()).isFalse();
        });
    }

    @Test
    void anUnreachableRegistryFailsWithARetriableCauseNamingTheAddress() throws IOException {
        String url = "http://127.0.0.1:" + closedPort();
        DomainEventSerializer serializer = new DomainEventSerializer();
        serializer.configure(Map.of(io.agentevents.schemas.registry.SchemaRegistryConfig.URL, url,
                io.agentevents.schemas.registry.SchemaRegistryConfig.CONNECT_TIMEOUT_MS, "1000"), false);
        try (serializer) {
            SerializationException e = catchThrowableOfType(SerializationException.class,
                    () -> serializer.serialize(TOPIC, EventFixtures.fullEvent()));

            assertThat(e).hasMessageContainingAll(url, "unreachable", "events.plan-value");
            assertThat(e.getCause()).isInstanceOfSatisfying(SchemaRegistryException.class,
                    cause -> assertThat(cause.retriable()).isTrue());
        }
    }

    @Test
    void configurationErrorsNameTheProperty() {
        assertThatThrownBy(() -> new DomainEventSerializer().configure(Map.of(), false))
                .isInstanceOf(ConfigException.class).hasMessageContaining("schema.registry.url");
        assertThatThrownBy(() -> new DomainEventSerializer().configure(Map.of(
                "schema.registry.url", "http://127.0.0.1:8081", SerdeConfig.AUTO_REGISTER_SCHEMAS, "maybe"), false))
                .isInstanceOf(ConfigException.class).hasMessageContainingAll("auto.register.schemas", "maybe");
        assertThatThrownBy(() -> new DomainEventSerializer().serialize(TOPIC, EventFixtures.fullEvent()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("not configured");
    }

    @Test
    void configuringAnInstanceBuiltWithAClientOnlyTakesTheSide() {
        DomainEventSerializer serializer = new DomainEventSerializer(registry, SerdeConfig.defaults());
        serializer.configure(Map.of(), true);
        serializer.serialize(TOPIC, EventFixtures.fullEvent());
        assertThat(registry.subjects()).containsExactly("events.plan-key");
    }

    /** The Avro binary Avro's own generic writer produces for the event, built field by field. */
    static byte[] genericAvro(DomainEvent event) throws IOException {
        GenericRecord record = new GenericData.Record(SCHEMA);
        record.put("event_id", event.eventId());
        record.put("event_type", new GenericData.EnumSymbol(SCHEMA.getField("event_type").schema(), event.type().name()));
        Instant t = event.timestamp();
        record.put("timestamp", t.getEpochSecond() * 1_000_000L + t.getNano() / 1_000);
        record.put("correlation_id", event.correlationId());
        record.put("causation_id", event.causationId());
        record.put("plan_id", event.planId());
        record.put("root_plan_id", event.rootPlanId());
        record.put("session_id", event.sessionId());
        record.put("actor_name", event.actorName());
        record.put("project_name", event.projectName());
        record.put("source", event.source());
        record.put("details", detailMap(event.details()));
        return GenericAvro.write(record, SCHEMA);
    }

    private static Map<String, GenericRecord> detailMap(Map<String, ?> map) {
        Map<String, GenericRecord> out = new LinkedHashMap<>();
        map.forEach((key, value) -> out.put(key, detail(value)));
        return out;
    }

    private static GenericRecord detail(Object value) {
        GenericRecord detail = new GenericData.Record(SCHEMA.getField("details").schema().getValueType());
        if (value instanceof List<?> list) {
            detail.put("value", list.stream().map(DomainEventSerializerTest::detail).toList());
        } else if (value instanceof Map<?, ?> map) {
            @SuppressWarnings("unchecked")
            Map<String, ?> nested = (Map<String, ?>) map;
            detail.put("value", detailMap(nested));
        } else {
            detail.put("value", value);
        }
        return detail;
    }

    /** A registry that answers one id for every registration, and the current schema for it. */
    static SchemaRegistryClient fixedId(int id) {
        return (SchemaRegistryClient) Proxy.newProxyInstance(SchemaRegistryClient.class.getClassLoader(),
                new Class<?>[] {SchemaRegistryClient.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "register" -> id;
                    case "schemaById" -> SCHEMA;
                    case "close" -> null;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
