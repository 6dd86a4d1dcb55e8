package io.agentevents.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentevents.local.testing.SharedPlatformExtension;
import io.agentevents.local.testing.TestPlatform;
import io.agentevents.local.testing.TopicRecords;
import io.agentevents.producer.EmitResult;
import io.agentevents.producer.kafka.KafkaEventBus;
import io.agentevents.producer.kafka.KafkaEventBusConfig;
import io.agentevents.schemas.Domain;
import io.agentevents.schemas.DomainEvent;
import io.agentevents.schemas.EventType;
import io.agentevents.schemas.testing.MalformedRecords;
import io.agentevents.schemas.topics.TopicLayout;
import io.agentevents.schemas.topics.TopicProvisioner;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

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
            Instant cut = Instant.now().truncatedTo(ChronoUnit.MILLIS).plusMillis(1); // past the last millisecond stamped before
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

    /**
     * Issue 17, item 1: tail dead-lettered an undecodable record on every run (two runs, two copies in
     * the dead-letter topic) and committed offsets for its throw-away groups. A viewer writes nothing.
     */
    @Test
    void aBadRecordIsNamedOnStderrAndSkippedAndTailWritesNothingToTheCluster(TestPlatform platform) throws Exception {
        try (Topics topics = new Topics(platform, "tail-bad")) {
            String planTopic = topics.layout.topic(Domain.PLAN);
            DomainEvent before = event(EventType.PLAN_CREATED, "corr-bad", 0);
            DomainEvent after = event(EventType.PLAN_STARTED, "corr-bad", 1);
            topics.write(before);
            RecordMetadata bad = topics.writeRaw(planTopic, "corr-bad",
                    MalformedRecords.malformed(MalformedRecords.GARBAGE, new byte[0], new Random(17)));
            topics.write(after);

            for (int run = 1; run <= 2; run++) {
                CliRun tail = run(topics.args("tail", "--domain", "plan", "--from-beginning", "--max", "2", "--timeout", "60"));

                assertThat(tail.exitCode()).as("run %d, stderr: %s", run, tail.err()).isZero();
                assertThat(tail.lines()).as("run %d: the good events around the bad one", run)
                        .extracting(line -> line.get("event").get("event_id").asText())
                        .containsExactly(before.eventId(), after.eventId());
                assertThat(tail.err().lines().filter(line -> line.startsWith("eventbus tail: skipped")))
                        .as("run %d", run).singleElement().asString()
                        .startsWith("eventbus tail: skipped " + planTopic + "-" + bad.partition() + "@" + bad.offset()
                                + ": undecodable: ");
            }

            CliRun stats = run(topics.args("dlq", "stats"));
            assertThat(stats.exitCode()).as("stderr: %s", stats.err()).isZero();
            assertThat(stats.lines().get(0).get("total").asLong()).as("dead letters written by tail").isZero();
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", platform.bootstrapServers()))) {
                String dlq = topics.layout.deadLetterTopic(Domain.PLAN);
                assertThat(admin.listOffsets(Map.of(new TopicPartition(dlq, 0), OffsetSpec.latest())).all()
                        .get(30, TimeUnit.SECONDS).get(new TopicPartition(dlq, 0)).offset()).as(dlq).isZero();
                List<String> tailGroups = admin.listGroups(ListGroupsOptions.forConsumerGroups()).all()
                        .get(30, TimeUnit.SECONDS).stream().map(GroupListing::groupId).filter(id -> id.startsWith("eventbus-tail-")).toList();
                for (String group : tailGroups) {
                    assertThat(admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS))
                            .as("offsets committed by the throw-away group %s", group).isEmpty();
                }
            }
        }
    }

    /**
     * Issue 17, item 7: with a group, --from-time is where a group without committed offsets starts;
     * it used to re-read from the time on every run instead of resuming.
     */
    @Test
    void withAGroupAndAFromTimeASecondRunResumesAfterTheFirstRunsLastEvent(TestPlatform platform) {
        try (Topics topics = new Topics(platform, "tail-time-group")) {
            topics.write(event(EventType.BUDGET_ALLOCATED, "corr-t", 0));
            Instant cut = Instant.now().truncatedTo(ChronoUnit.MILLIS).plusMillis(1); // past the last millisecond stamped before
            await().pollDelay(Duration.ofMillis(20)).atMost(Duration.ofSeconds(1)).until(() -> Instant.now().isAfter(cut));
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                DomainEvent event = event(EventType.BUDGET_CONSUMED, "corr-t", i);
                topics.write(event);
                ids.add(event.eventId());
            }
            String group = platform.uniqueName("tail-time-group");
            String[] args = topics.args("tail", "--group", group, "--from-time", cut.toString(), "--max", "2", "--timeout", "60");
            CliRun first = run(args);
            CliRun second = run(args);

            assertThat(first.exitCode()).as("stderr: %s", first.err()).isZero();
            assertThat(second.exitCode()).as("stderr: %s", second.err()).isZero();
            assertThat(first.lines()).extracting(line -> line.get("event").get("event_id").asText())
                    .containsExactlyElementsOf(ids.subList(0, 2));
            assertThat(second.lines()).as("the second run resumes where the group stopped")
                    .extracting(line -> line.get("event").get("event_id").asText())
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

    /** Topics under a unique prefix, written by the platform's own producer ({@link KafkaEventBus}), each write waited for. */
    static final class Topics implements AutoCloseable {
        final TestPlatform platform;
        final TopicLayout layout;
        private final KafkaEventBus bus;

        Topics(TestPlatform platform, String name) {
            this.platform = platform;
            this.layout = TopicLayout.local(1).withPrefix(platform.uniqueName(name));
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", platform.bootstrapServers()))) {
                TopicProvisioner.provision(admin, layout, Duration.ofSeconds(60));
            }
            bus = KafkaEventBus.start(KafkaEventBusConfig.local(platform.bootstrapServers(), platform.schemaRegistryUrl())
                    .withTopics(layout).withProvision(false));
        }

        /** The command line with this prefix and the platform's addresses appended. */
        String[] args(String... command) {
            List<String> args = new ArrayList<>(List.of(command));
            args.addAll(List.of("--prefix", layout.prefix(), "--bootstrap", platform.bootstrapServers(),
                    "--registry", platform.schemaRegistryUrl()));
            return args.toArray(String[]::new);
        }

        EmitResult write(DomainEvent event) {
            return bus.emitAndWait(event);
        }

        RecordMetadata writeRaw(String topic, String key, byte[] value) {
            return TopicRecords.on(platform, topic).send(key, value);
        }

        @Override
        public void close() {
            bus.close();
        }
    }
}
