package io.agentevents.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentevents.local.internal.FreePorts;
import io.agentevents.local.testing.SharedPlatformExtension;
import io.agentevents.local.testing.TestPlatform;
import io.agentevents.schemas.serde.DomainEventDeserializer;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.agentevents.cli.CliRun.run;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code eventbus emit} against the shared embedded platform. */
@ExtendWith(SharedPlatformExtension.class)
class EventbusEmitIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void emitsOneEventAndPrintsItWithWhereItLanded(TestPlatform platform) throws Exception {
        String correlation = platform.uniqueName("corr");
        CliRun run = run("emit", "--type", "plan.created", "--correlation-id", correlation, "--plan-id", "p-7",
                "--actor", "planner-1", "--detail", "goal=ship it", "--detail", "steps=3", "--detail", "ratio=0.5",
                "--detail", "urgent=true", "--bootstrap", platform.bootstrapServers(), "--registry", platform.schemaRegistryUrl());

        assertThat(run.exitCode()).as("stderr: %s", run.err()).isZero();
        JsonNode line = JSON.readTree(run.out());
        JsonNode event = line.get("event");
        assertThat(event.get("event_type").asText()).isEqualTo("plan.created");
        assertThat(event.get("correlation_id").asText()).isEqualTo(correlation);
        assertThat(event.get("plan_id").asText()).isEqualTo("p-7");
        assertThat(event.get("details").get("goal").isTextual()).isTrue();
        assertThat(event.get("details").get("steps").isIntegralNumber()).isTrue();
        assertThat(event.get("details").get("ratio").isDouble()).isTrue();
        assertThat(event.get("details").get("urgent").isBoolean()).isTrue();
        JsonNode landed = line.get("landed");
        assertThat(landed.get("topic").asText()).isEqualTo("events.plan");

        TopicPartition partition = new TopicPartition("events.plan", landed.get("partition").asInt());
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                platform.bootstrapServers()), new StringDeserializer(), new ByteArrayDeserializer());
             var deserializer = new DomainEventDeserializer()) {
            deserializer.configure(Map.of("schema.registry.url", platform.schemaRegistryUrl()), false);
            consumer.assign(List.of(partition));
            consumer.seek(partition, landed.get("offset").asLong());
            var records = consumer.poll(Duration.ofSeconds(10));
            assertThat(records.count()).isPositive();
            var record = records.iterator().next();
            assertThat(record.key()).isEqualTo(correlation);
            assertThat(deserializer.deserialize(record.topic(), record.value()).eventId())
                    .isEqualTo(event.get("event_id").asText());
        }
    }

    @Test
    void anUnknownTypePrintsTheValidTypesAndExits2() {
        CliRun run = run("emit", "--type", "plan.exploded");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("unknown event type 'plan.exploded'").contains("valid types:")
                .contains("plan.created").contains("context.compacted").contains("Usage: eventbus emit");
    }

    @Test
    void badArgumentsAreRefusedNamingThem() {
        assertThat(run("emit", "--type", "plan.created", "--detail", "novalue").err()).contains("KEY=VALUE").contains("novalue");
        assertThat(run("emit", "--type", "plan.created", "--detail", "novalue").exitCode()).isEqualTo(2);
        CliRun badId = run("emit", "--type", "plan.created", "--correlation-id", "has space");
        assertThat(badId.exitCode()).isEqualTo(2);
        assertThat(badId.err()).contains("correlation_id");
        assertThat(run("emit").exitCode()).isEqualTo(2);
    }

    @Test
    void anUnreachableRegistryFailsWithExit1NamingIt(TestPlatform platform) {
        String nowhere = "http://127.0.0.1:" + FreePorts.find();
        CliRun run = run("emit", "--type", "tool.invoked", "--bootstrap", platform.bootstrapServers(), "--registry", nowhere,
                "--timeout", "5");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains(nowhere);
    }
}
