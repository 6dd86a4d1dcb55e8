package io.agentevents.schemas.serde;

import io.agentevents.schemas.DomainEvent;
import io.agentevents.schemas.registry.CompatibilityLevel;
import io.agentevents.schemas.registry.InMemorySchemaRegistryClient;
import io.agentevents.schemas.testing.EventFixtures;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** Many threads reading records of a schema id no one has asked for yet ask the registry once. */
class DomainEventDeserializerConcurrencyTest {

    @Test
    @Timeout(60)
    void threadsMissingTheSameSchemaIdTogetherAskTheRegistryOnce() throws Exception {
        RecordingRegistry registry = new RecordingRegistry(new InMemorySchemaRegistryClient(CompatibilityLevel.FULL_TRANSITIVE));
        byte[] bytes = new DomainEventSerializer(registry.client, SerdeConfig.defaults()).serialize("events.plan",
                EventFixtures.fullEvent());
        DomainEventDeserializer deserializer = new DomainEventDeserializer(registry.client, SerdeConfig.defaults());
        int threads = 32;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<DomainEvent>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                results.add(pool.submit(() -> {
                    go.await();
                    return deserializer.deserialize("events.plan", bytes);
                }));
            }
            go.countDown();
            for (Future<DomainEvent> result : results) {
                assertThat(result.get()).isEqualTo(EventFixtures.fullEvent());
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(registry.schemaByIds).hasValue(1);
    }
}
