package io.agentevents.schemas.serde;

import io.agentevents.schemas.DomainEvent;
import io.agentevents.schemas.EventType;
import io.agentevents.schemas.registry.InMemorySchemaRegistryClient;
import io.agentevents.schemas.registry.SchemaRegistryConfig;
import io.agentevents.schemas.testing.EventFixtures;
import io.agentevents.schemas.testing.HostileRecords;

import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DomainEventSerdeTest {

    private static final String TOPIC = "events.plan";

    private final InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();

    @Test
    void bothHalvesShareTheGivenClientAndRoundTrip() {
        RecordingRegistry recording = new RecordingRegistry(registry);
        try (DomainEventSerde serde = new DomainEventSerde(recording.client, SerdeConfig.defaults())) {
            assertThat(serde.serializer()).isSameAs(serde.serializer());
            assertThat(serde.deserializer()).isSameAs(serde.deserializer());

            DomainEvent event = EventFixtures.fullEvent();
            byte[] bytes = serde.serializer().serialize(TOPIC, event);
            assertThat(serde.deserializer().deserialize(TOPIC, bytes)).isEqualTo(event);
            assertThat(registry.subjects()).containsExactly("events.plan-value");
        }
        assertThat(recording.closes).as("a given client is never closed").hasValue(0);
    }

    @Test
    void aConfiguredSerdeBuildsOneClientFromThePropertiesAndClosesIt() throws IOException {
        String url = "http://127.0.0.1:" + DomainEventSerializerTest.closedPort();
        DomainEventSerde serde = new DomainEventSerde();
        serde.configure(Map.of(SchemaRegistryConfig.URL, url, SerdeConfig.AUTO_REGISTER_SCHEMAS, false), false);

        assertThatThrownBy(() -> serde.serializer().serialize(TOPIC, EventFixtures.fullEvent()))
                .isInstanceOf(SerializationException.class).hasMessageContainingAll(url, "events.plan-value");
        assertThatThrownBy(() -> serde.deserializer().deserialize(TOPIC, HostileRecords.frame(3, new byte[1])))
                .isInstanceOf(SerializationException.class).hasMessageContaining(url);

        serde.close();
        assertThatThrownBy(() -> serde.serializer().serialize(TOPIC, EventFixtures.fullEvent()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        assertThatThrownBy(() -> serde.deserializer().deserialize(TOPIC, HostileRecords.frame(3, new byte[1])))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }

    @Test
    void aKeySerdeUsesTheKeySubject() {
        try (DomainEventSerde serde = new DomainEventSerde(registry, SerdeConfig.defaults())) {
            serde.configure(Map.of(), true);
            serde.serializer().serialize(TOPIC, EventFixtures.fullEvent());
        }
        assertThat(registry.subjects()).containsExactly("events.plan-key");
    }

    @Test
    void oneSerdeServesManyThreads() throws InterruptedException, ExecutionException {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try (DomainEventSerde serde = new DomainEventSerde(registry, SerdeConfig.defaults())) {
            List<Callable<Boolean>> tasks = new ArrayList<>();
            EventType[] types = {EventType.PLAN_CREATED, EventType.TOOL_FAILED, EventType.BUDGET_CONSUMED};
            for (int i = 0; i < 200; i++) {
                EventType type = types[i % types.length];
                String topic = "events." + type.name().substring(0, type.name().indexOf('_')).toLowerCase(java.util.Locale.ROOT);
                tasks.add(() -> {
                    DomainEvent event = EventFixtures.minimalEvent(type);
                    return serde.deserializer().deserialize(topic, serde.serializer().serialize(topic, event)).equals(event);
                });
            }
            for (Future<Boolean> ok : pool.invokeAll(tasks)) {
                assertThat(ok.get()).isTrue();
            }
            assertThat(registry.subjects()).containsExactly("events.budget-value", "events.plan-value", "events.tool-value");
        } finally {
            pool.shutdownNow();
        }
    }
}
