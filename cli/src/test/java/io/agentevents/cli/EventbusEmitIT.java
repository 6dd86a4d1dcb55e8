package io.agentevents.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentevents.local.internal.FreePorts;
import io.agentevents.local.testing.SharedPlatformExtension;
import io.agentevents.local.testing.EventTopics;
import io.agentevents.local.testing.TestPlatform;
import io.agentevents.schemas.serde.DomainEventDeserializer;
import io.agentevents.streams.app.ProjectionsApp;
import io.agentevents.streams.app.ProjectionsConfig;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

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

    /**
     * Issue 17, item 7: emit had no --prefix, and printed its position in a shape {@code plan --wait-for}
     * does not take; now its {@code waitFor} goes to {@code plan --wait-for} as it is.
     */
    @Test
    void itsWaitForTokenIsWhatPlanWaitForTakes(TestPlatform platform) throws Exception {
        try (EventTopics topics = EventTopics.provision(platform, "emitwait", 3);
             ProjectionsApp projections = ProjectionsApp.start(ProjectionsConfig.defaults(platform.bootstrapServers(),
                     platform.schemaRegistryUrl()).withApplicationId(platform.uniqueName("emit-wait"))
                     .withTopics(topics.layout()).withHttpPort(0).withReplicationFactor(1))) {
            String plan = platform.uniqueName("plan");
            CliRun emit = run("emit", "--type", "plan.created", "--plan-id", plan, "--prefix", topics.layout().prefix(),
                    "--bootstrap", platform.bootstrapServers(), "--registry", platform.schemaRegistryUrl());
            assertThat(emit.exitCode()).as("stderr: %s", emit.err()).isZero();
            JsonNode landed = JSON.readTree(emit.out()).get("landed");
            assertThat(landed.get("topic").asText()).isEqualTo(topics.layout().prefix() + ".plan");
            String token = landed.get("waitFor").asText();
            assertThat(token).isEqualTo(landed.get("topic").asText() + "-" + landed.get("partition").asInt() + ":"
                    + landed.get("offset").asLong());

            CliRun shown = run("plan", plan, "--url", projections.url(), "--wait-for", token);
            assertThat(shown.exitCode()).as("stderr: %s", shown.err()).isZero();
            JsonNode answer = JSON.readTree(shown.out());
            assertThat(answer.at("/plan/planId").asText()).isEqualTo(plan);
            assertThat(answer.get("caughtUp").asBoolean()).isTrue();
        }
    }

    /** Issue 17, item 7: each CLI emit had a new correlation id, so one plan's events were not kept in order. */
    @Test
    void theCorrelationIdDefaultsToTheRootPlanThenThePlan(TestPlatform platform) throws Exception {
        String[] cluster = {"--bootstrap", platform.bootstrapServers(), "--registry", platform.schemaRegistryUrl()};
        String root = platform.uniqueName("root");
        String child = platform.uniqueName("child");
        JsonNode created = emitted(run(args(cluster, "--type", "plan.created", "--plan-id", root)));
        JsonNode sub = emitted(run(args(cluster, "--type", "plan.created", "--plan-id", child, "--root-plan-id", root)));
        JsonNode started = emitted(run(args(cluster, "--type", "plan.started", "--plan-id", child, "--root-plan-id", root)));
        JsonNode loose = emitted(run(args(cluster, "--type", "tool.invoked")));
        JsonNode chosen = emitted(run(args(cluster, "--type", "plan.started", "--plan-id", child, "--correlation-id", "mine-1")));
        JsonNode spaced = emitted(run(args(cluster, "--type", "plan.created", "--plan-id", "plan 42")));

        assertThat(created.at("/event/correlation_id").asText()).isEqualTo(root);
        assertThat(sub.at("/event/correlation_id").asText()).isEqualTo(root);
        assertThat(started.at("/event/correlation_id").asText()).isEqualTo(root);
        assertThat(loose.at("/event/correlation_id").asText()).hasSize(26).isNotEqualTo(loose.at("/event/event_id").asText());
        assertThat(chosen.at("/event/correlation_id").asText()).isEqualTo("mine-1");
        assertThat(spaced.at("/event/plan_id").asText()).isEqualTo("plan 42"); // no valid correlation id: a new ULID
        assertThat(spaced.at("/event/correlation_id").asText()).hasSize(26);
        // one key, one partition: the plan tree's events are read back in the order they were emitted
        assertThat(sub.at("/landed/partition").asInt()).isEqualTo(created.at("/landed/partition").asInt());
        assertThat(started.at("/landed/partition").asInt()).isEqualTo(created.at("/landed/partition").asInt());
        assertThat(started.at("/landed/offset").asLong()).isGreaterThan(sub.at("/landed/offset").asLong());
    }

    private static String[] args(String[] cluster, String... args) {
        String[] all = new String[args.length + cluster.length + 1];
        all[0] = "emit";
        System.arraycopy(args, 0, all, 1, args.length);
        System.arraycopy(cluster, 0, all, args.length + 1, cluster.length);
        return all;
    }

    private static JsonNode emitted(CliRun run) throws Exception {
        assertThat(run.exitCode()).as("stderr: %s", run.err()).isZero();
        return JSON.readTree(run.out());
    }

    /**
     * Issue 17, item 8: the launcher runs emit with a class-data archive of its classes, made from the
     * class list once per build; the archive is one the jar can use ({@code -Xshare:on} fails otherwise).
     */
    @Test
    void theLauncherRunsEmitWithAClassDataArchiveThatHoldsItsClasses(TestPlatform platform) throws Exception {
        Path archive = Path.of("target", "eventbus.jsa");
        Process launcher = new ProcessBuilder("bash", Path.of("..", "eventbus").toString(), "emit", "--help")
                .redirectErrorStream(true).start();
        String output = new String(launcher.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(launcher.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(launcher.exitValue()).as(output).isZero();
        assertThat(output).contains("Usage: eventbus emit").doesNotContain("could not make it");
        assertThat(archive).exists();

        Process sharing = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xshare:on",
                "-XX:SharedArchiveFile=" + archive, "-Xlog:class+load=info", "-jar", Path.of("target", "eventbus.jar").toString(),
                "emit", "--type", "plan.created", "--bootstrap", platform.bootstrapServers(), "--registry",
                platform.schemaRegistryUrl()).redirectErrorStream(true).start();
        String loaded = new String(sharing.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(sharing.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(sharing.exitValue()).as(loaded).isZero();
        assertThat(loaded).contains("io.agentevents.cli.EmitCommand source: shared objects file")
                .contains("org.apache.kafka.clients.producer.KafkaProducer source: shared objects file");
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
        assertThat(run.err().strip()).contains(nowhere).contains("unreachable").doesNotContain("\n");
    }
}
