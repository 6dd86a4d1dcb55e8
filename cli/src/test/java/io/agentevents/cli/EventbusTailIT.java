package io.agentevents.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentevents.local.testing.SharedPlatformExtension;
import io.agentevents.local.testing.TestPlatform;
import io.agentevents.schemas.DomainEvent;
import io.agentevents.schemas.EventType;
import io.agentevents.schemas.headers.CloudEventHeaders;
import io.agentevents.schemas.serde.DomainEventSerializer;
import io.agentevents.schemas.topics.TopicLayout;
import io.agentevents.schemas.topics.TopicProvisioner;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static io.agentevents.cli.CliRun.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code eventbus tail} against the shared embedded platform, each test under its own topic prefix. */
@ExtendWith(SharedPlatformExtension.class)
class EventbusTailIT {
    @Test
    void fromTheBeginningItPrintsExactlyNEventsOfTheTypeInOrderAndExits0(TestPlatform platform) {
        try (Topics topics = new Topics(platform, "tail-type")) {
            List<DomainEvent> created = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                created.add(event(EventType.PLAN_CREATED, "corr-a", i));
                topics.write(created.get(i));
                topics.write(event(EventType.PLAN_STARTED, "corr-a", i));
                topics.write(event(EventType.TOOL_INVOKED, "corr-b", i));
            }
            CliRun run = run(topics.args("tail", "--from-beginning", "--type", "plan.created", "--max", "3", "--timeout", "60"));

            assertThat(run.exitCode()).as("stderr: %s", run.err()).isZero();
            List<JsonNode> lines = run.lines();
            assertThat(lines).hasSize(3);
            assertThat(lines).allSatisfy(line -> {
                assertThat(line.get("topic").asText()).isEqualTo(topics.layout.prefix() + ".plan");
                assertThat(line.get("partition").isInt()).isTrue();
                assertThat(line.get("offset").isIntegralNumber()).isTrue();
                assertThat(line.get("replayed").asBoolean()).as("read from the beginning: a replay").isTrue();
                assertThat(line.get("event").get("event_type").asText()).isEqualTo("plan.created");
                assertThat(line.get("event").get("details").get("n").isIntegralNumber()).isTrue();
            });
            assertThat(lines).extracting(line -> line.get("event").get("event_id").asText())
                    .containsExactlyElementsOf(created.stream().map(DomainEvent::eventId).toList());
        }
    }

    @Test
    void typesAndDomainsCombineWithoutPrintingAnEventTwice(TestPlatform platform) {
        try (Topics topics = new Topics(platform, "tail-mix")) {
            for (int i = 0; i < 2; i++) {
                topics.write(event(EventType.TOOL_INVOKED, "corr-t", i));
                topics.write(event(EventType.PLAN_STARTED, "corr-p", i));
                topics.write(event(EventType.PLAN_CREATED, "corr-p", i));
                topics.write(event(EventType.BUDGET_CONSUMED, "corr-b", i));
            }
            CliRun run = run(topics.args("tail", "--from-beginning", "--domain", "tool", "--type", "tool.invoked",
                    "--type", "PLAN_STARTED", "--max", "4", "--timeout", "60"));

            assertThat(run.exitCode()).as("stderr: %s", run.err()).isZero();
            assertThat(run.lines()).extracting(line -> line.get("event").get("event_type").asText())
                    .containsExactlyInAnyOrder("tool.invoked", "tool.invoked", "plan.started", "plan.started");
            assertThat(run.lines()).extracting(line -> line.get("event").get("event_id").asText()).doesNotHaveDuplicates();
        }
    }

    @Test
    void byDefaultItPrintsOnlyEventsWrittenAfterItStartsNotFlaggedAsReplayed(TestPlatform platform) throws Exception {
        try (Topics topics = new Topics(platform, "tail-live")) {
            DomainEvent old = event(EventType.SESSION_STARTED, "corr-s", 0);
            topics.write(old);
            CompletableFuture<CliRun> tail = CompletableFuture.supplyAsync(() ->
                    run(topics.args("tail", "--domain", "session", "--max", "1", "--timeout", "60")));
            List<String> written = new ArrayList<>();
            // the tail starts at the end once its partitions are assigned: keep writing until it prints one
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).until(() -> {
                DomainEvent live = event(EventType.SESSION_ENDED, "corr-s", written.size() + 1);
                topics.write(live);
                written.add(live.eventId());
                return tail.isDone();
            });
            CliRun run = tail.get(5, TimeUnit.SECONDS);
            assertThat(run.exitCode()).as("stderr: %s", run.err()).isZero();
            JsonNode line = run.lines().get(0);
            assertThat(run.lines()).hasSize(1);
            assertThat(line.get("replayed").asBoolean()).isFalse();
            assertThat(line.get("event").get("event_id").asText()).isIn(written).isNotEqualTo(old.eventId());
        }
    }

    @Test
    void fromATimeItPrintsTheEventsFromThen(TestPlatform platform) {
        try (Topics topics = new Topics(platform, "tail-time")) {
            for (int i = 0; i < 3; i++) {
                topics.write(event(EventType.CONTEXT_UPDATED, "corr-c", i));
            }
            Instant cut = Instant.now();
            await().pollDelay(Duration.ofMillis(20)).atMost(Duration.ofSeconds(1)).until(() -> Instant.now().isAfter(cut));
            List<String> after = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                DomainEvent event = event(EventType.CONTEXT_COMPACTED, "corr-c", i);
                topics.write(event);
                after.add(event.eventId());
            }
            CliRun run = run(topics.args("tail", "--from-time", cut.toString(), "--max", "2", "--timeout", "60"));

            assertThat(run.exitCode()).as("stderr: %s", run.err()).isZero();
            assertThat(run.lines()).extracting(line -> line.get("event").get("event_id").asText())
                    .containsExactlyElementsOf(after);
        }
    }

    @Test
    void withAGroupASecondTailContinuesAfterTheLastPrintedEvent(TestPlatform platform) {
        try (Topics topics = new Topics(platform, "tail-group")) {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                DomainEvent event = event(EventType.DECISION_CREATED, "corr-d", i);
                topics.write(event);
                ids.add(event.eventId());
            }
            String group = platform.uniqueName("tail-group");
            CliRun first = run(topics.args("tail", "--group", group, "--from-beginning", "--max", "2", "--timeout", "60"));
            CliRun second = run(topics.args("tail", "--group", group, "--max", "2", "--timeout", "60"));

            assertThat(first.exitCode()).as("stderr: %s", first.err()).isZero();
            assertThat(second.exitCode()).as("stderr: %s", second.err()).isZero();
            assertThat(first.lines()).extracting(line -> line.get("event").get("event_id").asText())
                    .containsExactlyElementsOf(ids.subList(0, 2));
            assertThat(second.lines()).extracting(line -> line.get("event").get("event_id").asText())
                    .containsExactlyElementsOf(ids.subList(2, 4));
        }
    }

    @Test
    void anUnknownTypeExits2ListingTheValidTypes() {
        CliRun run = run("tail", "--type", "plan.exploded", "--max", "1");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("unknown event type 'plan.exploded'").contains("valid types:")
                .contains("plan.created").contains("context.compacted").contains("Usage: eventbus tail");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void otherBadArgumentsExit2NamingThem() {
        CliRun badTime = run("tail", "--from-time", "yesterday noon");
        assertThat(badTime.exitCode()).isEqualTo(2);
        assertThat(badTime.err()).contains("--from-time").contains("yesterday noon").contains("ISO-8601");

        CliRun both = run("tail", "--from-beginning", "--from-time", "2025-01-01T00:00:00Z");
        assertThat(both.exitCode()).isEqualTo(2);
        assertThat(both.err()).contains("not both");

        CliRun badDomain = run("tail", "--domain", "weather");
        assertThat(badDomain.exitCode()).isEqualTo(2);
        assertThat(badDomain.err()).contains("unknown domain 'weather'").contains("valid domains:").contains("plan");

        assertThat(run("tail", "--max", "0").exitCode()).isEqualTo(2);
        assertThat(run("tail", "--timeout", "5").exitCode()).as("--timeout without --max").isEqualTo(2);
        assertThat(run("tail", "--prefix", "bad prefix", "--max", "1").err()).contains("bad prefix");
    }

    static DomainEvent event(EventType type, String correlation, int n) {
        return DomainEvent.builder(type).source("cli-it").correlationId(correlation).detail("n", n).build();
    }

    /** Topics under a unique prefix, written the way the platform writes events, each write waited for. */
    static final class Topics implements AutoCloseable {
        final TestPlatform platform;
        final TopicLayout layout;
        private final DomainEventSerializer serializer = new DomainEventSerializer();
        private final KafkaProducer<String, byte[]> producer;

        Topics(TestPlatform platform, String name) {
            this.platform = platform;
            this.layout = TopicLayout.local(1).withPrefix(platform.uniqueName(name));
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", platform.bootstrapServers()))) {
                TopicProvisioner.provision(admin, layout, Duration.ofSeconds(60));
            }
            serializer.configure(Map.of("schema.registry.url", platform.schemaRegistryUrl()), false);
            producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, platform.bootstrapServers(),
                    ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer());
        }

        /** The command line with this prefix and the platform's addresses appended. */
        String[] args(String... command) {
            List<String> args = new ArrayList<>(List.of(command));
            args.addAll(List.of("--prefix", layout.prefix(), "--bootstrap", platform.bootstrapServers(),
                    "--registry", platform.schemaRegistryUrl()));
            return args.toArray(String[]::new);
        }

        byte[] bytes(DomainEvent event) {
            return serializer.serialize(layout.topic(event.domain()), event);
        }

        RecordMetadata write(DomainEvent event) {
            String topic = layout.topic(event.domain());
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, event.correlationId(), bytes(event));
            CloudEventHeaders.write(record.headers(), event, null);
            return send(record);
        }

        RecordMetadata writeRaw(String topic, String key, byte[] value) {
            return send(new ProducerRecord<>(topic, key, value));
        }

        private RecordMetadata send(ProducerRecord<String, byte[]> record) {
            try {
                return producer.send(record).get(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            } catch (ExecutionException | TimeoutException e) {
                throw new IllegalStateException("cannot write to " + record.topic(), e);
            }
        }

        @Override
        public void close() {
            producer.close();
            serializer.close();
        }
    }
}
