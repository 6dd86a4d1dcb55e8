package io.agentevents.consumer.deadletter;

import io.agentevents.api.Delivery;
import io.agentevents.consumer.DeadLetterHeaders;
import io.agentevents.consumer.EventSubscriber;
import io.agentevents.consumer.FailureStrategy;
import io.agentevents.consumer.SubscriberConfig;
import io.agentevents.local.testing.EventTopics;
import io.agentevents.local.testing.SharedPlatformExtension;
import io.agentevents.local.testing.TestPlatform;
import io.agentevents.schemas.Domain;
import io.agentevents.schemas.DomainEvent;
import io.agentevents.schemas.EventType;
import io.agentevents.schemas.headers.CloudEventHeaders;
import io.agentevents.schemas.testing.MalformedRecords;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Dead letters written by a real subscriber, listed, counted, shown and replayed, on the shared embedded broker. */
@ExtendWith(SharedPlatformExtension.class)
class DeadLetterIT {

    record Handled(DomainEvent event, Delivery delivery) {
    }

    private static SubscriberConfig subscriberConfig(EventTopics topics, String group) {
        TestPlatform platform = topics.platform();
        return SubscriberConfig.builder(platform.bootstrapServers(), platform.schemaRegistryUrl(), platform.uniqueName(group))
                .topicPrefix(topics.layout().prefix())
                .retries(2, Duration.ofMillis(10), Duration.ofMillis(20))
                .commitInterval(Duration.ofMillis(200)).build();
    }

    private static DeadLetterConfig deadLetterConfig(EventTopics topics) {
        return DeadLetterConfig.defaults(topics.platform().bootstrapServers(), topics.platform().schemaRegistryUrl())
                .withTopicPrefix(topics.layout().prefix());
    }

    @Test
    void deadLettersAreListedCountedShownAndTheFailedOneReplaysToItsSourceWithItsEventId(TestPlatform platform) {
        try (EventTopics writer = EventTopics.provision(platform, "dl", 3)) {
            String topic = writer.layout().topic(Domain.TOOL);
            String dlq = writer.layout().deadLetterTopic(Domain.TOOL);
            List<DomainEvent> good = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                good.add(DomainEvent.builder(EventType.TOOL_SUCCEEDED).source("dl-it").correlationId("ok-" + i).build());
            }
            DomainEvent poison = DomainEvent.builder(EventType.TOOL_INVOKED).source("dl-it").correlationId("poison")
                    .planId("plan-9").detail("tool", "search").build();
            good.subList(0, 3).forEach(writer::write);
            RecordMetadata poisonAt = writer.write(poison);
            byte[] goodBytes = writer.bytes(topic, DomainEvent.builder(EventType.TOOL_FAILED).source("raw").build());
            Random random = new Random(7);
            for (String kind : MalformedRecords.KINDS) {
                ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, kind, MalformedRecords.malformed(kind, goodBytes, random));
                if (kind.equals(MalformedRecords.BAD_MAGIC)) {
                    record.headers().add(CloudEventHeaders.TYPE, "tool.failed".getBytes(StandardCharsets.UTF_8));
                }
                writer.send(record);
            }
            good.subList(3, 6).forEach(writer::write);

            AtomicBoolean failing = new AtomicBoolean(true);
            ConcurrentLinkedQueue<Handled> handled = new ConcurrentLinkedQueue<>();
            try (EventSubscriber subscriber = EventSubscriber.builder(subscriberConfig(writer, "dl"))
                    .on(Domain.TOOL, (event, delivery) -> {
                        if (event.correlationId().equals("poison") && failing.get()) {
                            throw new IllegalStateException("tool exploded on " + event.eventId());
                        }
                        handled.add(new Handled(event, delivery));
                    }).build().start();
                 DeadLetters deadLetters = DeadLetters.open(deadLetterConfig(writer))) {
                await().atMost(Duration.ofSeconds(60)).until(() -> handled.size() == 6
                        && subscriber.metrics().deadLettered() == 5);

                // list: every letter with its reason, headers and original bytes
                List<DeadLetter> letters = deadLetters.list(Domain.TOOL, 100);
                assertThat(letters).hasSize(5).allSatisfy(letter -> {
                    assertThat(letter.domain()).isEqualTo(Domain.TOOL);
                    assertThat(letter.position().topic()).isEqualTo(dlq);
                    assertThat(letter.source()).get().extracting(RecordPosition::topic).isEqualTo(topic);
                    assertThat(letter.group()).isEqualTo(subscriber.config().groupId());
                    RecordPosition source = letter.source().orElseThrow();
                    ConsumerRecord<String, byte[]> original = writer.read(source.topic(), source.partition(), source.offset());
                    assertThat(letter.value()).as("original bytes of %s", letter).isEqualTo(original.value());
                    assertThat(letter.key()).contains(original.key());
                });
                assertThat(letters).extracting(DeadLetter::time).isSorted();
                Map<String, DeadLetter> byKey = letters.stream()
                        .collect(Collectors.toMap(letter -> letter.key().orElseThrow(), Function.identity()));
                assertThat(byKey).containsOnlyKeys("poison", "garbage", "bad-magic", "unknown-id", "truncated");

                DeadLetter failed = byKey.get("poison");
                assertThat(failed.reason()).isEqualTo(DeadLetterHeaders.REASON_HANDLER_FAILED);
                assertThat(failed.errorClass()).isEqualTo(IllegalStateException.class.getName());
                assertThat(failed.errorMessage()).contains("tool exploded").contains(poison.eventId());
                assertThat(failed.attempts()).isEqualTo(2);
                assertThat(failed.source()).contains(RecordPosition.of(topic, poisonAt.partition(), poisonAt.offset()));
                assertThat(failed.event()).contains(poison);
                assertThat(failed.eventId()).contains(poison.eventId());
                assertThat(failed.eventType()).contains("tool.invoked");
                assertThat(failed.knownType()).contains(EventType.TOOL_INVOKED);
                assertThat(failed.header(CloudEventHeaders.SUBJECT)).contains("plan-9");

                for (String kind : MalformedRecords.KINDS) {
                    DeadLetter letter = byKey.get(kind);
                    assertThat(letter.reason()).as(kind).isEqualTo(DeadLetterHeaders.REASON_UNDECODABLE);
                    assertThat(letter.decodable()).as(kind).isFalse();
                    assertThat(letter.attempts()).as(kind).isZero();
                    assertThat(letter.errorClass()).as(kind).isEqualTo(SerializationException.class.getName());
                }
                assertThat(byKey.get("garbage").errorMessage()).contains("unknown magic byte 0x6e");
                assertThat(byKey.get("bad-magic").errorMessage()).contains("unknown magic byte 0x01");
                assertThat(byKey.get("bad-magic").eventType()).contains("tool.failed");
                assertThat(byKey.get("unknown-id").errorMessage()).contains("unknown schema id " + MalformedRecords.UNKNOWN_SCHEMA_ID);
                assertThat(byKey.get("truncated").errorMessage()).contains("could not decode");
                assertThat(byKey.get("truncated").eventType()).isEmpty();

                assertThat(deadLetters.list(2)).as("the two oldest of all domains").containsExactlyElementsOf(letters.subList(0, 2));
                assertThat(deadLetters.list(Domain.PLAN, 10)).isEmpty();

                // stats
                DeadLetterStats stats = deadLetters.stats();
                assertThat(stats.total()).isEqualTo(5);
                assertThat(stats.byReason()).containsExactly(Map.entry("handler-failed", 1L), Map.entry("undecodable", 4L));
                assertThat(stats.byErrorClass()).containsExactly(Map.entry(IllegalStateException.class.getName(), 1L),
                        Map.entry(SerializationException.class.getName(), 4L));
                assertThat(stats.byEventType()).containsExactly(Map.entry(DeadLetterStats.NONE, 3L),
                        Map.entry("tool.failed", 1L), Map.entry("tool.invoked", 1L));
                assertThat(stats.byDomain()).containsExactly(Map.entry("tool", 5L));
                assertThat(deadLetters.stats(Domain.TOOL)).isEqualTo(stats);
                assertThat(deadLetters.stats(Domain.PLAN)).isEqualTo(DeadLetterStats.empty());

                // show
                RecordPosition at = failed.position();
                assertThat(deadLetters.show(at.topic(), at.partition(), at.offset())).contains(failed);
                assertThat(deadLetters.show(at.topic(), at.partition(), 1_000)).isEmpty();
                assertThat(deadLetters.show(at.topic(), 99, 0)).isEmpty();
                assertThatThrownBy(() -> deadLetters.show(topic, 0, 0)).isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining(topic);

                // replay the handler-failed one once the handler works
                failing.set(false);
                ReplayResult result = deadLetters.replay(failed);
                assertThat(result.count()).isEqualTo(1);
                ReplayResult.Replayed replayed = result.replayed().get(0);
                assertThat(replayed.deadLetter()).isEqualTo(failed.position());
                assertThat(replayed.source()).isEqualTo(failed.source().orElseThrow());
                assertThat(replayed.eventId()).contains(poison.eventId());
                assertThat(replayed.landed().topic()).isEqualTo(topic);
                assertThat(replayed.landed().partition()).isEqualTo(poisonAt.partition());
                assertThat(replayed.landed().offset()).isGreaterThan(poisonAt.offset());

                ConsumerRecord<String, byte[]> copy = writer.read(topic, replayed.landed().partition(), replayed.landed().offset());
                assertThat(copy.key()).isEqualTo("poison");
                assertThat(copy.value()).isEqualTo(failed.value());
                assertThat(CloudEventHeaders.get(copy.headers(), CloudEventHeaders.ID)).contains(poison.eventId());
                assertThat(CloudEventHeaders.get(copy.headers(), DeadLetterHeaders.REPLAYED)).contains("true");
                assertThat(StreamSupport.stream(copy.headers().spliterator(), false).map(h -> h.key()))
                        .noneMatch(name -> name.startsWith(DeadLetter.DEAD_LETTER_HEADER_PREFIX))
                        .containsOnlyOnce(DeadLetterHeaders.REPLAYED);

                await().atMost(Duration.ofSeconds(30)).until(() -> deliveriesOf(handled, poison.eventId()).size() == 1);
                Handled again = deliveriesOf(handled, poison.eventId()).get(0);
                assertThat(again.event()).isEqualTo(poison);
                assertThat(again.delivery().replayed()).isTrue();
                assertThat(again.delivery().offset()).isEqualTo(replayed.landed().offset());
                assertThat(handled).filteredOn(h -> !h.event().eventId().equals(poison.eventId()))
                        .allSatisfy(h -> assertThat(h.delivery().replayed()).isFalse());

                // the letter stays; replaying it again publishes it again, with the same event id
                assertThat(deadLetters.list(Domain.TOOL, 100)).hasSize(5).contains(failed);
                ReplayResult second = deadLetters.replay(failed);
                assertThat(second.replayed().get(0).landed().offset()).isGreaterThan(replayed.landed().offset());
                await().atMost(Duration.ofSeconds(30)).until(() -> deliveriesOf(handled, poison.eventId()).size() == 2);
                assertThat(subscriber.metrics().deadLettered()).isEqualTo(5);
            }
        }
    }

    @Test
    void aHeldSequenceReplaysInItsOriginalOrder(TestPlatform platform) {
        try (EventTopics writer = EventTopics.provision(platform, "dl-hold", 3)) {
            List<DomainEvent> sequence = new ArrayList<>();
            for (int n = 0; n < 5; n++) {
                sequence.add(DomainEvent.builder(EventType.SESSION_RESUMED).source("dl-it").correlationId("held")
                        .detail("n", n).build());
            }
            DomainEvent other = DomainEvent.builder(EventType.SESSION_STARTED).source("dl-it").correlationId("free").build();
            sequence.forEach(writer::write);
            writer.write(other);

            AtomicBoolean failing = new AtomicBoolean(true);
            ConcurrentLinkedQueue<Handled> handled = new ConcurrentLinkedQueue<>();
            try (EventSubscriber subscriber = EventSubscriber.builder(subscriberConfig(writer, "dl-hold").toBuilder()
                            .failureStrategy(FailureStrategy.HOLD).maxConcurrency(4).build())
                    .on(Domain.SESSION, (event, delivery) -> {
                        if (failing.get() && event.details().get("n") instanceof Long n && n == 0L) {
                            throw new IllegalStateException("first of the sequence fails");
                        }
                        handled.add(new Handled(event, delivery));
                    }).build().start();
                 DeadLetters deadLetters = DeadLetters.open(deadLetterConfig(writer))) {
                await().atMost(Duration.ofSeconds(60)).until(() -> subscriber.metrics().deadLettered() == 5
                        && handled.size() == 1);
                assertThat(deadLetters.list(Domain.SESSION, 10)).extracting(DeadLetter::reason)
                        .containsExactly("handler-failed", "held", "held", "held", "held");

                failing.set(false);
                assertThat(subscriber.release("held")).isTrue();
                ReplayResult result = deadLetters.replay(Domain.SESSION, letter -> letter.key().equals(Optional.of("held")));
                assertThat(result.count()).isEqualTo(5);
                assertThat(result.replayed()).extracting(replayed -> replayed.deadLetter().offset()).isSorted();
                assertThat(result.replayed()).extracting(replayed -> replayed.landed().offset()).isSorted();
                assertThat(result.replayed()).extracting(ReplayResult.Replayed::eventId)
                        .containsExactlyElementsOf(sequence.stream().map(event -> Optional.of(event.eventId())).toList());

                await().atMost(Duration.ofSeconds(30)).until(() -> handled.size() == 6);
                assertThat(handled).filteredOn(h -> h.event().correlationId().equals("held"))
                        .extracting(h -> h.event().details().get("n")).containsExactly(0L, 1L, 2L, 3L, 4L);
                assertThat(handled).filteredOn(h -> h.event().correlationId().equals("held"))
                        .allSatisfy(h -> assertThat(h.delivery().replayed()).isTrue());
            }
        }
    }

    @Test
    void aMissingDeadLetterTopicHasNoLettersAndAReadOfAnUnreachableBrokerFailsInBoundedTime(TestPlatform platform) {
        DeadLetterConfig config = DeadLetterConfig.defaults(platform.bootstrapServers(), platform.schemaRegistryUrl())
                .withTopicPrefix(platform.uniqueName("nothing"));
        try (DeadLetters deadLetters = DeadLetters.open(config)) {
            assertThat(deadLetters.list(50)).isEmpty();
            assertThat(deadLetters.stats()).isEqualTo(DeadLetterStats.empty());
            assertThat(deadLetters.replay(Domain.PLAN, letter -> true)).isEqualTo(ReplayResult.empty());
        }
        DeadLetterConfig nowhere = DeadLetterConfig.defaults("127.0.0.1:1", platform.schemaRegistryUrl())
                .withReadTimeout(Duration.ofSeconds(3));
        long started = System.nanoTime();
        try (DeadLetters deadLetters = DeadLetters.open(nowhere)) {
            assertThatThrownBy(() -> deadLetters.list(Domain.TOOL, 10)).isInstanceOf(DeadLetterException.class)
                    .hasMessageContaining("127.0.0.1:1")
                    .satisfies(e -> assertThat(((DeadLetterException) e).retriable()).isTrue());
        }
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(20));
    }

    private static List<Handled> deliveriesOf(ConcurrentLinkedQueue<Handled> handled, String eventId) {
        return handled.stream().filter(h -> h.event().eventId().equals(eventId)).toList();
    }
}
