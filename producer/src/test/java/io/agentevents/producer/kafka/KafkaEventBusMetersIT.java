package io.agentevents.producer.kafka;

import io.agentevents.local.testing.SharedPlatformExtension;
import io.agentevents.local.testing.TestPlatform;
import io.agentevents.producer.EmitException;
import io.agentevents.schemas.DomainEvent;
import io.agentevents.schemas.EventType;
import io.agentevents.schemas.connection.ClusterConnection;
import io.agentevents.schemas.topics.TopicLayout;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A bus's meters in the application's Micrometer registry, on the shared embedded broker. */
@ExtendWith(SharedPlatformExtension.class)
class KafkaEventBusMetersIT {

    @Test
    void theRegistryCountsAcknowledgedAndFailedEmitsPerDomainAndLosesTheMetersOnClose(TestPlatform platform) throws Exception {
        MeterRegistry registry = new SimpleMeterRegistry();
        TopicLayout layout = TopicLayout.local(1).withPrefix(platform.uniqueName("meters"));
        KafkaEventBusConfig config = KafkaEventBusConfig.local(platform.bootstrapServers(), platform.schemaRegistryUrl())
                .withTopics(layout);
        KafkaEventBusConfig deadRegistry = config.withClientId("meters-dead-registry").withProvision(false)
                .withConnection(ClusterConnection.of(platform.bootstrapServers(), "http://127.0.0.1:1"));
        try (KafkaEventBus bus = KafkaEventBus.builder(config).meterRegistry(registry).start();
             KafkaEventBus failing = KafkaEventBus.builder(deadRegistry).meterRegistry(registry).start()) {
            for (int i = 0; i < 5; i++) {
                bus.emitAndWait(DomainEvent.builder(EventType.PLAN_CREATED).source("meters").planId("p-" + i).build());
            }
            bus.emitAndWait(DomainEvent.builder(EventType.TOOL_INVOKED).source("meters").build());
            // the registry cannot be reached: the emit fails, retriable
            assertThatThrownBy(() -> failing.emit(DomainEvent.builder(EventType.TOOL_SUCCEEDED).source("meters").build()).get())
                    .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(EmitException.class);

            String client = config.clientId();
            assertThat(registry.get("eventbus.emit.emitted").tags("client", client, "domain", "plan").counter().count()).isEqualTo(5);
            assertThat(registry.get("eventbus.emit.emitted").tags("client", client, "domain", "tool").counter().count()).isEqualTo(1);
            assertThat(registry.get("eventbus.emit.latency").tags("client", client, "domain", "plan").timer().count()).isEqualTo(5);
            assertThat(registry.get("eventbus.emit.latency").tags("client", client, "domain", "plan").timer()
                    .max(TimeUnit.MILLISECONDS)).isPositive();
            assertThat(registry.get("eventbus.emit.failed").tags("client", client, "domain", "tool").counters())
                    .allSatisfy(counter -> assertThat(counter.count()).isZero());
            assertThat(registry.get("eventbus.emit.failed").tags("client", "meters-dead-registry", "domain", "tool",
                    "retriable", "true").counter().count()).isEqualTo(1);
            assertThat(registry.get("eventbus.emit.emitted").tags("client", "meters-dead-registry").counters())
                    .allSatisfy(counter -> assertThat(counter.count()).isZero());
            // docs/observability.md lists every emit metric (in Prometheus' names)
            String doc = Files.readString(Path.of("..", "docs", "observability.md"));
            assertThat(registry.getMeters()).extracting(meter -> meter.getId().getName())
                    .filteredOn(name -> name.startsWith("eventbus."))
                    .isNotEmpty()
                    .allSatisfy(name -> assertThat(doc).as("docs/observability.md").contains("`" + name.replace('.', '_')));
            // the Kafka producers' own client metrics, under Micrometer's kafka.producer.* names
            assertThat(registry.getMeters()).extracting(meter -> meter.getId().getName())
                    .anyMatch(name -> name.startsWith("kafka.producer."));
        }
        assertThat(registry.getMeters()).as("every meter of the buses removed on close").extracting(meter -> meter.getId().getName())
                .noneMatch(name -> name.startsWith("eventbus.emit.") || name.startsWith("kafka.producer."));
    }
}
