package io.agentevents.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentevents.api.Delivery;
import io.agentevents.cli.EventbusTailIT.Topics;
import io.agentevents.consumer.EventSubscriber;
import io.agentevents.consumer.SubscriberConfig;
import io.agentevents.local.testing.SharedPlatformExtension;
import io.agentevents.local.testing.TestPlatform;
import io.agentevents.producer.EmitResult;
import io.agentevents.schemas.Domain;
import io.agentevents.schemas.DomainEvent;
import io.agentevents.schemas.EventType;

import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

import static io.agentevents.cli.CliRun.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code eventbus dlq list | stats | show | replay} against dead letters a real subscriber writes on
 * the shared embedded platform, under a prefix of its own.
 */
@ExtendWith(SharedPlatformExtension.class)
class EventbusDlqIT {
    private static final byte[] GARBAGE = "{\"not\": \"avro\"}".getBytes(StandardCharsets.UTF_8);

    record Handled(DomainEvent event, Delivery delivery) {
    }

    @Test
    void listStatsShowAndReplayTheDeadLettersOfAFailingSubscriber(TestPlatform platform) {
        try (Topics topics = new Topics(platform, "dlq-cli")) {
            String toolTopic = topics.layout.topic(Domain.TOOL);
            String dlq = topics.layout.deadLetterTopic(Domain.TOOL);
            DomainEvent poison = EventbusTailIT.event(EventType.TOOL_INVOKED, "poison", 1);
            DomainEvent fine = EventbusTailIT.event(EventType.TOOL_SUCCEEDED, "fine", 2);
            EmitResult poisonAt = topics.write(poison);
            topics.write(fine);
            RecordMetadata garbageAt = topics.writeRaw(toolTopic, "garbage", GARBAGE);

            AtomicBoolean failing = new AtomicBoolean(true);
            ConcurrentLinkedQueue<Handled> handled = new ConcurrentLinkedQueue<>();
            SubscriberConfig config = SubscriberConfig.builder(platform.bootstrapServers(), platform.schemaRegistryUrl(),
                            platform.uniqueName("dlq-cli"))
                    .topicPrefix(topics.layout.prefix())
                    .retries(2, Duration.ofMillis(10), Duration.ofMillis(20)).build();
            try (EventSubscriber subscriber = EventSubscriber.builder(config).on(Domain.TOOL, (event, delivery) -> {
                if (failing.get() && event.correlationId().equals("poison")) {
                    throw new IllegalStateException("tool exploded on " + event.eventId());
                }
                handled.add(new Handled(event, delivery));
            }).build().start()) {
                await().atMost(Duration.ofSeconds(60)).until(() -> subscriber.metrics().deadLettered() == 2 && handled.size() == 1);

                // list
                CliRun list = run(topics.args("dlq", "list"));
                assertThat(list.exitCode()).as("stderr: %s", list.err()).isZero();
                Map<String, JsonNode> byReason = list.lines().stream()
                        .collect(Collectors.toMap(line -> line.get("reason").asText(), Function.identity()));
                assertThat(byReason).containsOnlyKeys("handler-failed", "undecodable");
                JsonNode failed = byReason.get("handler-failed");
                assertThat(failed.get("dlq").get("topic").asText()).isEqualTo(dlq);
                assertThat(failed.get("error_class").asText()).isEqualTo(IllegalStateException.class.getName());
                assertThat(failed.get("error_message").asText()).contains(poison.eventId());
                assertThat(failed.get("source").get("topic").asText()).isEqualTo(toolTopic);
                assertThat(failed.get("source").get("partition").asInt()).isEqualTo(poisonAt.partition());
                assertThat(failed.get("source").get("offset").asLong()).isEqualTo(poisonAt.offset());
                assertThat(failed.get("attempts").asInt()).isEqualTo(2);
                assertThat(failed.get("time").asText()).isNotBlank();
                assertThat(failed.get("group").asText()).isEqualTo(config.groupId());
                assertThat(failed.get("key").asText()).isEqualTo("poison");
                assertThat(failed.get("event_type").asText()).isEqualTo("tool.invoked");
                assertThat(failed.get("event_id").asText()).isEqualTo(poison.eventId());
                assertThat(failed.get("decodable").asBoolean()).isTrue();
                JsonNode undecodable = byReason.get("undecodable");
                assertThat(undecodable.get("error_class").asText()).isEqualTo(SerializationException.class.getName());
                assertThat(undecodable.get("error_message").asText()).contains("magic byte");
                assertThat(undecodable.get("source").get("offset").asLong()).isEqualTo(garbageAt.offset());
                assertThat(undecodable.get("attempts").asInt()).isZero();
                assertThat(undecodable.get("event_type").isNull()).isTrue();
                assertThat(undecodable.get("event_id").isNull()).isTrue();
                assertThat(undecodable.get("decodable").asBoolean()).isFalse();

                assertThat(run(topics.args("dlq", "list", "--domain", "tool", "--max", "1")).lines()).hasSize(1);
                CliRun none = run(topics.args("dlq", "list", "--domain", "plan"));
                assertThat(none.exitCode()).isZero();
                assertThat(none.out()).isEmpty();

                // stats
                CliRun stats = run(topics.args("dlq", "stats"));
                assertThat(stats.exitCode()).as("stderr: %s", stats.err()).isZero();
                assertThat(stats.lines()).hasSize(1);
                JsonNode counts = stats.lines().get(0);
                assertThat(counts.get("total").asLong()).isEqualTo(2);
                assertThat(counts.get("by_reason").get("handler-failed").asLong()).isEqualTo(1);
                assertThat(counts.get("by_reason").get("undecodable").asLong()).isEqualTo(1);
                assertThat(counts.get("by_error_class").get(SerializationException.class.getName()).asLong()).isEqualTo(1);
                assertThat(counts.get("by_event_type").get("tool.invoked").asLong()).isEqualTo(1);
                assertThat(counts.get("by_event_type").get("(none)").asLong()).isEqualTo(1);
                assertThat(counts.get("by_domain").get("tool").asLong()).isEqualTo(2);
                assertThat(run(topics.args("dlq", "stats", "--domain", "plan")).lines().get(0).get("total").asLong()).isZero();

                // show
                CliRun showFailed = run(topics.args("dlq", "show", dlq, position(failed, "partition"), position(failed, "offset")));
                assertThat(showFailed.exitCode()).as("stderr: %s", showFailed.err()).isZero();
                JsonNode shown = showFailed.lines().get(0);
                assertThat(shown.get("event").get("event_id").asText()).isEqualTo(poison.eventId());
                assertThat(shown.get("event").get("details").get("n").asInt()).isEqualTo(1);
                assertThat(shown.has("value_base64")).isFalse();
                assertThat(StreamSupport.stream(shown.get("headers").spliterator(), false)
                        .collect(Collectors.toMap(h -> h.get("key").asText(), h -> h.get("value").asText(), (a, b) -> b)))
                        .containsEntry("ce_id", poison.eventId()).containsEntry("eventbus.dlq.reason", "handler-failed");
                CliRun showGarbage = run(topics.args("dlq", "show", dlq, position(undecodable, "partition"),
                        position(undecodable, "offset")));
                assertThat(Base64.getDecoder().decode(showGarbage.lines().get(0).get("value_base64").asText())).isEqualTo(GARBAGE);
                assertThat(showGarbage.lines().get(0).has("event")).isFalse();

                CliRun missing = run(topics.args("dlq", "show", dlq, "0", "999"));
                assertThat(missing.exitCode()).isEqualTo(1);
                assertThat(missing.err()).contains("no dead letter at " + dlq + "-0@999");
                CliRun notDlq = run(topics.args("dlq", "show", toolTopic, "0", "0"));
                assertThat(notDlq.exitCode()).isEqualTo(2);
                assertThat(notDlq.err()).contains("is not a dead-letter topic");

                // replay the failed one, once the handler works; its topic names the domain (issue 17, item 7:
                // --domain was required here too)
                failing.set(false);
                CliRun replay = run(topics.args("dlq", "replay", dlq, position(failed, "partition"),
                        position(failed, "offset")));
                assertThat(replay.exitCode()).as("stderr: %s", replay.err()).isZero();
                JsonNode result = replay.lines().get(0);
                assertThat(result.get("replayed").asInt()).isEqualTo(1);
                JsonNode record = result.get("records").get(0);
                assertThat(record.get("dlq")).isEqualTo(failed.get("dlq"));
                assertThat(record.get("source")).isEqualTo(failed.get("source"));
                assertThat(record.get("landed").get("topic").asText()).isEqualTo(toolTopic);
                assertThat(record.get("landed").get("partition").asInt()).isEqualTo(poisonAt.partition());
                assertThat(record.get("landed").get("offset").asLong()).isGreaterThan(poisonAt.offset());
                assertThat(record.get("event_id").asText()).isEqualTo(poison.eventId());
                await().atMost(Duration.ofSeconds(30)).until(() -> deliveries(handled, poison).size() == 1);
                assertThat(deliveries(handled, poison).get(0).delivery().replayed()).isTrue();

                // the letter stays: --all with a reason replays it again; the undecodable one is left alone
                CliRun again = run(topics.args("dlq", "replay", "--domain", "tool", "--reason", "handler-failed", "--all"));
                assertThat(again.exitCode()).as("stderr: %s", again.err()).isZero();
                assertThat(again.lines().get(0).get("replayed").asInt()).isEqualTo(1);
                await().atMost(Duration.ofSeconds(30)).until(() -> deliveries(handled, poison).size() == 2);
                assertThat(run(topics.args("dlq", "stats")).lines().get(0).get("total").asLong()).isEqualTo(2);
                assertThat(subscriber.metrics().deadLettered()).isEqualTo(2);
            }
        }
    }

    @Test
    void badArgumentsExit2NamingThem(TestPlatform platform) {
        String dlq = Domain.TOOL.deadLetterTopic();
        Map<List<String>, String> expected = Map.of(
                List.of("dlq"), "a dlq command is required",
                List.of("dlq", "list", "--domain", "weather"), "unknown domain 'weather'",
                List.of("dlq", "list", "--max", "0"), "--max",
                List.of("dlq", "show", dlq, "zero", "1"), "zero",
                List.of("dlq", "replay", "--domain", "tool"), "give either --all or one dead letter",
                List.of("dlq", "replay", "--domain", "tool", "--all", dlq, "0", "1"), "give either --all or one dead letter",
                List.of("dlq", "replay", "--domain", "tool", "--all", "--reason", "bored"), "valid reasons: handler-failed",
                List.of("dlq", "replay", "--domain", "plan", dlq, "0", "1", "--bootstrap", platform.bootstrapServers(),
                        "--registry", platform.schemaRegistryUrl()), "not the dead-letter topic of domain plan",
                List.of("dlq", "replay", Domain.TOOL.topic(), "0", "1", "--bootstrap", platform.bootstrapServers(),
                        "--registry", platform.schemaRegistryUrl()), "is not a dead-letter topic",
                List.of("dlq", "replay", "--all"), "--domain");
        Map<List<String>, CliRun> runs = new ConcurrentHashMap<>();
        expected.keySet().forEach(args -> runs.put(args, run(args.toArray(String[]::new))));
        runs.forEach((args, run) -> {
            assertThat(run.exitCode()).as("%s: %s", args, run.err()).isEqualTo(2);
            assertThat(run.err()).as("%s", args).contains(expected.get(args)).contains("Usage: eventbus dlq");
        });
    }

    @Test
    void anUnreachableBrokerExits1NamingItWithinTheTimeout() {
        CliRun run = run("dlq", "list", "--bootstrap", "127.0.0.1:1", "--timeout", "3");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("eventbus: ").contains("127.0.0.1:1");
    }

    private static String position(JsonNode letter, String field) {
        return letter.get("dlq").get(field).asText();
    }

    private static List<Handled> deliveries(ConcurrentLinkedQueue<Handled> handled, DomainEvent event) {
        return handled.stream().filter(h -> h.event().eventId().equals(event.eventId())).toList();
    }
}
