package io.agentevents.consumer;

import io.agentevents.local.testing.EventTopics;
import io.agentevents.local.testing.SharedPlatformExtension;
import io.agentevents.local.testing.TestPlatform;
import io.agentevents.schemas.Domain;
import io.agentevents.schemas.DomainEvent;
import io.agentevents.schemas.EventType;
import io.agentevents.schemas.testing.MalformedRecords;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

import static io.agentevents.consumer.SubscriberFailureIT.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The settings of a subscriber that must not write to the cluster (a viewer such as
 * {@code eventbus tail}): {@link DeadLetterPolicy#SKIP} with a {@link RejectedRecordListener}, no
 * offset commits, and a start position that applies only where the group has no committed offset.
 */
@ExtendWith(SharedPlatformExtension.class)
class ReadOnlySubscriberIT {

    @Test
    void underSkipEveryMalformedRecordIsReportedWithItsPositionNothingIsWrittenAndTheGoodOnesAreHandled(
            TestPlatform platform) throws Exception {
        try (EventTopics writer = EventTopics.provision(platform, "skip-policy", 1)) {
            String topic = writer.layout().topic(Domain.TOOL);
            DomainEvent first = DomainEvent.builder(EventType.TOOL_INVOKED).source("good").correlationId("c").build();
            DomainEvent last = DomainEvent.builder(EventType.TOOL_SUCCEEDED).source("good").correlationId("c").build();
            writer.write(first);
            byte[] good = writer.bytes(topic, first);
            Random random = new Random(11);
            List<Long> malformedAt = new ArrayList<>();
            for (String kind : MalformedRecords.KINDS) {
                malformedAt.add(writer.writeRaw(topic, kind, MalformedRecords.malformed(kind, good, random)).offset());
            }
            writer.write(last);

            ConcurrentLinkedQueue<String> handled = new ConcurrentLinkedQueue<>();
            ConcurrentLinkedQueue<RejectedRecord> rejected = new ConcurrentLinkedQueue<>();
            SubscriberConfig config = TestSubscribers.config(writer, "skip-policy").toBuilder()
                    .deadLetterPolicy(DeadLetterPolicy.SKIP).build();
            try (EventSubscriber subscriber = EventSubscriber.builder(config)
                    .on(Domain.TOOL, (event, delivery) -> handled.add(event.eventId()))
                    .onRejected(rejected::add).build().start()) {
                await().atMost(Duration.ofSeconds(60)).until(() -> handled.size() == 2
                        && rejected.size() == MalformedRecords.KINDS.size());
                assertThat(subscriber.state()).isEqualTo(EventSubscriber.State.RUNNING);
                assertThat(subscriber.metrics().deadLettered()).isZero();
            }
            assertThat(handled).containsExactly(first.eventId(), last.eventId());
            assertThat(rejected).extracting(RejectedRecord::key).containsExactlyElementsOf(MalformedRecords.KINDS);
            assertThat(rejected).extracting(RejectedRecord::offset).containsExactlyElementsOf(malformedAt);
            assertThat(rejected).allSatisfy(record -> {
                assertThat(record.topic()).isEqualTo(topic);
                assertThat(record.position()).isEqualTo(topic + "-0@" + record.offset());
                assertThat(record.reason()).isEqualTo(DeadLetterHeaders.REASON_UNDECODABLE);
                assertThat(record.error()).isInstanceOf(SerializationException.class);
                assertThat(record.description()).startsWith("undecodable: ");
                assertThat(record.attempts()).isZero();
                assertThat(record.deadLettered()).isFalse();
            });
            assertThat(endOffset(platform, writer.layout().deadLetterTopic(Domain.TOOL))).as("dead letters written").isZero();
        }
    }

    @Test
    void underTheDefaultPolicyTheListenerHearsOfEachDeadLetterAfterItWasWritten(TestPlatform platform) {
        try (EventTopics writer = EventTopics.provision(platform, "write-policy", 1)) {
            DomainEvent poison = DomainEvent.builder(EventType.BUDGET_EXCEEDED).source("test").correlationId("poison").build();
            RecordMetadata poisonAt = writer.write(poison);
            ConcurrentLinkedQueue<RejectedRecord> rejected = new ConcurrentLinkedQueue<>();
            try (EventSubscriber subscriber = EventSubscriber.builder(TestSubscribers.config(writer, "write-policy")
                            .toBuilder().retries(2, Duration.ofMillis(10), Duration.ofMillis(20)).build())
                    .on(Domain.BUDGET, (event, delivery) -> {
                        throw new IllegalArgumentException("cannot handle " + event.eventId());
                    })
                    .onRejected(rejected::add).build().start()) {
                await().atMost(Duration.ofSeconds(30)).until(() -> rejected.size() == 1);
                assertThat(subscriber.metrics().deadLettered()).isEqualTo(1);
            }
            RejectedRecord record = rejected.peek();
            assertThat(record.reason()).isEqualTo(DeadLetterHeaders.REASON_HANDLER_FAILED);
            assertThat(record.offset()).isEqualTo(poisonAt.offset());
            assertThat(record.key()).isEqualTo("poison");
            assertThat(record.attempts()).isEqualTo(2);
            assertThat(record.error()).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(poison.eventId());
            assertThat(record.deadLettered()).isTrue();
            ConsumerRecord<String, byte[]> letter = writer.readAll(writer.layout().deadLetterTopic(Domain.BUDGET), 1).get(0);
            assertThat(header(letter, DeadLetterHeaders.REASON)).isEqualTo(DeadLetterHeaders.REASON_HANDLER_FAILED);
        }
    }

    @Test
    void withoutCommitsTheGroupKeepsNoOffsetsAndTheNextStartReadsEverythingAgain(TestPlatform platform) throws Exception {
        try (EventTopics writer = EventTopics.provision(platform, "no-commits", 2)) {
            List<DomainEvent> events = SubscriberDeliveryIT.keyedEvents(6, 3, EventType.SESSION_STARTED);
            writer.writeAll(events);
            SubscriberConfig config = TestSubscribers.config(writer, "no-commits").toBuilder()
                    .commitOffsets(false).commitInterval(Duration.ofMillis(50)).build();
            for (int run = 1; run <= 2; run++) {
                ConcurrentLinkedQueue<String> handled = new ConcurrentLinkedQueue<>();
                try (EventSubscriber subscriber = EventSubscriber.builder(config)
                        .on(Domain.SESSION, (event, delivery) -> handled.add(event.eventId())).build().start()) {
                    await().atMost(Duration.ofSeconds(60)).until(() -> handled.size() == events.size());
                }
                assertThat(handled).as("run %d", run)
                        .containsExactlyInAnyOrderElementsOf(events.stream().map(DomainEvent::eventId).toList());
                try (Admin admin = Admin.create(Map.of("bootstrap.servers", platform.bootstrapServers()))) {
                    assertThat(admin.listConsumerGroupOffsets(config.groupId()).partitionsToOffsetAndMetadata()
                            .get(30, TimeUnit.SECONDS)).as("offsets committed by %s", config.groupId()).isEmpty();
                }
            }
        }
    }

    @Test
    void whereUncommittedAStartTimeAppliesOnlyWhereTheGroupHasNoCommittedOffset(TestPlatform platform) {
        try (EventTopics writer = EventTopics.provision(platform, "where-uncommitted", 1)) {
            writer.write(DomainEvent.builder(EventType.CONTEXT_UPDATED).source("old").build());
            // Kafka's timestamps are whole milliseconds and a lookup by time includes its millisecond: a cut in the
            // millisecond the old event was stamped in (a fast acknowledgement) would rightly include that event
            Instant cut = Instant.now().truncatedTo(ChronoUnit.MILLIS).plusMillis(1);
            await().pollDelay(Duration.ofMillis(20)).atMost(Duration.ofSeconds(1)).until(() -> Instant.now().isAfter(cut));
            List<DomainEvent> afterCut = List.of(DomainEvent.builder(EventType.CONTEXT_COMPACTED).source("a").build(),
                    DomainEvent.builder(EventType.CONTEXT_COMPACTED).source("b").build());
            writer.writeAll(afterCut);
            SubscriberConfig config = TestSubscribers.config(writer, "where-uncommitted").toBuilder()
                    .startPosition(StartPosition.at(cut).whereUncommitted()).build();

            List<String> first = handleAll(config, afterCut.size());
            assertThat(first).as("a group without offsets starts at the time")
                    .containsExactly(afterCut.get(0).eventId() + " replayed", afterCut.get(1).eventId() + " replayed");

            DomainEvent later = DomainEvent.builder(EventType.CONTEXT_UPDATED).source("later").build();
            writer.write(later);
            assertThat(handleAll(config, 1)).as("the group resumes from its committed offset")
                    .containsExactly(later.eventId() + " live");
            assertThat(handleAll(config.toBuilder().startPosition(StartPosition.at(cut)).build(), 3))
                    .as("at(time) alone ignores the committed offset: a replay").hasSize(3)
                    .allSatisfy(line -> assertThat(line).endsWith(" replayed"));
        }
    }

    /** Starts a subscriber, waits for {@code count} events, closes it: each event's id and whether it was a replay. */
    private static List<String> handleAll(SubscriberConfig config, int count) {
        ConcurrentLinkedQueue<String> handled = new ConcurrentLinkedQueue<>();
        try (EventSubscriber subscriber = EventSubscriber.builder(config).on(Domain.CONTEXT, (event, delivery) ->
                handled.add(event.eventId() + (delivery.replayed() ? " replayed" : " live"))).build().start()) {
            await().atMost(Duration.ofSeconds(60)).until(() -> handled.size() >= count);
            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5))
                    .until(() -> handled.size() == count); // no event too many
        }
        return List.copyOf(handled);
    }

    private static long endOffset(TestPlatform platform, String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", platform.bootstrapServers()))) {
            TopicPartition partition = new TopicPartition(topic, 0);
            return admin.listOffsets(Map.of(partition, OffsetSpec.latest())).all().get(30, TimeUnit.SECONDS)
                    .get(partition).offset();
        }
    }
}
