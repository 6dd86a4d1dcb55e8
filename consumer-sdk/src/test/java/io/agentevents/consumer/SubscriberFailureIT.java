package io.agentevents.consumer;

import io.agentevents.local.testing.EventTopics;
import io.agentevents.local.testing.SharedPlatformExtension;
import io.agentevents.local.testing.TestPlatform;
import io.agentevents.schemas.Domain;
import io.agentevents.schemas.DomainEvent;
import io.agentevents.schemas.EventType;
import io.agentevents.schemas.headers.CloudEventHeaders;
import io.agentevents.schemas.testing.GenericAvro;
import io.agentevents.schemas.testing.HostileRecords;
import io.agentevents.schemas.testing.MalformedRecords;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Bad records, failing handlers, retries, dead letters, hold and fail, on the shared embedded broker. */
@ExtendWith(SharedPlatformExtension.class)
class SubscriberFailureIT {

    @Test
    void aThousandMalformedRecordsGoToTheDeadLetterTopicAndEveryGoodOneIsHandled(TestPlatform platform) {
        try (EventTopics writer = EventTopics.provision(platform, "malformed", 3)) {
            String topic = writer.layout().topic(Domain.TOOL);
            byte[] good = writer.bytes(topic, DomainEvent.builder(EventType.PLAN_CREATED).source("raw").build());
            Random random = new Random(3);
            List<DomainEvent> goodEvents = new ArrayList<>();
            Map<String, Integer> malformedByKind = new HashMap<>();
            List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
            for (int i = 0; i < 2_000; i++) {
                if (i % 2 == 0) {
                    DomainEvent event = DomainEvent.builder(EventType.TOOL_SUCCEEDED).source("good").correlationId("c" + (i % 20)).build();
                    goodEvents.add(event);
                    records.add(writer.record(event));
                } else {
                    String kind = MalformedRecords.KINDS.get(random.nextInt(MalformedRecords.KINDS.size()));
                    malformedByKind.merge(kind, 1, Integer::sum);
                    records.add(new ProducerRecord<>(topic, "c" + (i % 20), MalformedRecords.malformed(kind, good, random)));
                }
            }
            writer.sendAll(records);
            Set<String> handled = ConcurrentHashMap.newKeySet();
            try (EventSubscriber subscriber = EventSubscriber.builder(TestSubscribers.config(writer, "malformed").toBuilder().maxConcurrency(8).build())
                    .on(EventType.TOOL_SUCCEEDED, (event, delivery) -> handled.add(event.eventId())).build().start()) {
                await().atMost(Duration.ofMinutes(2)).until(() -> handled.size() >= 1_000
                        && subscriber.metrics().deadLettered() >= 1_000);
                assertThat(subscriber.state()).isEqualTo(EventSubscriber.State.RUNNING);
            }
            assertThat(handled).containsExactlyInAnyOrderElementsOf(goodEvents.stream().map(DomainEvent::eventId).toList());
            List<ConsumerRecord<String, byte[]>> letters = writer.readAll(topic + ".dlq", 1_000);
            assertThat(letters).hasSize(1_000).allSatisfy(letter -> {
                assertThat(header(letter, DeadLetterHeaders.REASON)).isEqualTo("undecodable");
                assertThat(header(letter, DeadLetterHeaders.SOURCE_TOPIC)).isEqualTo(topic);
                assertThat(header(letter, DeadLetterHeaders.ERROR_CLASS)).isNotBlank();
                assertThat(header(letter, DeadLetterHeaders.ERROR_MESSAGE)).isNotBlank();
                assertThat(header(letter, DeadLetterHeaders.SOURCE_OFFSET)).matches("\\d+");
                assertThat(header(letter, DeadLetterHeaders.ATTEMPTS)).isEqualTo("0");
            });
            System.out.println("malformed records dead-lettered by kind: " + malformedByKind);
        }
    }

    @Test
    void aHandlerFailingThreeTimesThenSucceedingHandlesTheEventOnceAfterRetries(TestPlatform platform) {
        try (EventTopics writer = EventTopics.provision(platform, "retry", 1)) {
            DomainEvent event = DomainEvent.builder(EventType.VALIDATION_FAILED).source("test").build();
            writer.writeAll(List.of(event));
            ConcurrentLinkedQueue<Integer> attempts = new ConcurrentLinkedQueue<>();
            AtomicInteger successes = new AtomicInteger();
            try (EventSubscriber subscriber = EventSubscriber.builder(TestSubscribers.config(writer, "retry").toBuilder()
                            .retries(5, Duration.ofMillis(20), Duration.ofMillis(200)).build())
                    .on(EventType.VALIDATION_FAILED, (received, delivery) -> {
                        attempts.add(delivery.attempt());
                        if (delivery.attempt() <= 3) {
                            throw new IllegalStateException("flaky tool, attempt " + delivery.attempt());
                        }
                        successes.incrementAndGet();
                    }).build().start()) {
                await().atMost(Duration.ofSeconds(30)).until(() -> successes.get() == 1);
                assertThat(subscriber.metrics().failedAttempts()).isEqualTo(3);
                assertThat(subscriber.metrics().deadLettered()).isZero();
            }
            assertThat(attempts).containsExactly(1, 2, 3, 4);
            assertThat(successes).hasValue(1);
        }
    }

    @Test
    void aHandlerThatAlwaysFailsIsDeadLetteredAfterMaxAttemptsAndTheOthersGoOn(TestPlatform platform) {
        try (EventTopics writer = EventTopics.provision(platform, "always", 2)) {
            DomainEvent poison = DomainEvent.builder(EventType.BUDGET_EXCEEDED).source("test").correlationId("poison").build();
            List<DomainEvent> others = SubscriberDeliveryIT.keyedEvents(20, 4, EventType.BUDGET_CONSUMED);
            List<DomainEvent> all = new ArrayList<>(others);
            all.add(10, poison);
            writer.writeAll(all);
            Set<String> handled = ConcurrentHashMap.newKeySet();
            try (EventSubscriber subscriber = EventSubscriber.builder(TestSubscribers.config(writer, "always").toBuilder()
                            .retries(3, Duration.ofMillis(10), Duration.ofMillis(50)).build())
                    .on(Domain.BUDGET, (event, delivery) -> {
                        if (event.correlationId().equals("poison")) {
                            throw new IllegalArgumentException("cannot handle " + event.eventId());
                        }
                        handled.add(event.eventId());
                    }).build().start()) {
                await().atMost(Duration.ofSeconds(30)).until(() -> handled.size() == 20 && subscriber.metrics().deadLettered() == 1);
            }
            ConsumerRecord<String, byte[]> letter = writer.readAll(writer.layout().deadLetterTopic(Domain.BUDGET), 1).get(0);
            assertThat(letter.key()).isEqualTo("poison");
            assertThat(header(letter, DeadLetterHeaders.REASON)).isEqualTo("handler-failed");
            assertThat(header(letter, DeadLetterHeaders.ATTEMPTS)).isEqualTo("3");
            assertThat(header(letter, DeadLetterHeaders.ERROR_CLASS)).isEqualTo(IllegalArgumentException.class.getName());
            assertThat(header(letter, DeadLetterHeaders.ERROR_MESSAGE)).contains(poison.eventId());
            assertThat(header(letter, CloudEventHeaders.ID)).as("original headers kept").isEqualTo(poison.eventId());
            assertThat(letter.value()).as("original value kept").isNotEmpty();
        }
    }

    @Test
    void withHoldTheLaterEventsOfAFailedCorrelationIdWaitInTheDeadLetterTopicInOrder(TestPlatform platform) {
        try (EventTopics writer = EventTopics.provision(platform, "hold", 1)) {
            List<DomainEvent> events = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                events.add(DomainEvent.builder(EventType.SESSION_RESUMED).source("t").correlationId(i % 2 == 0 ? "held" : "free")
                        .detail("n", i).build());
            }
            writer.writeAll(events);
            ConcurrentLinkedQueue<String> handled = new ConcurrentLinkedQueue<>();
            AtomicInteger failures = new AtomicInteger();
            try (EventSubscriber subscriber = EventSubscriber.builder(TestSubscribers.config(writer, "hold").toBuilder()
                            .retries(2, Duration.ofMillis(10), Duration.ofMillis(20))
                            .failureStrategy(FailureStrategy.HOLD).build())
                    .on(EventType.SESSION_RESUMED, (event, delivery) -> {
                        if (event.correlationId().equals("held") && event.details().get("n").equals(0L)) {
                            failures.incrementAndGet();
                            throw new IllegalStateException("first of the sequence fails");
                        }
                        handled.add(event.correlationId() + "-" + event.details().get("n"));
                    }).build().start()) {
                await().atMost(Duration.ofSeconds(30)).until(() -> subscriber.metrics().deadLettered() == 3 && handled.size() == 3);
                assertThat(subscriber.release("held")).isTrue();
                DomainEvent later = DomainEvent.builder(EventType.SESSION_RESUMED).source("t").correlationId("held")
                        .detail("n", 6).build();
                writer.writeAll(List.of(later));
                await().atMost(Duration.ofSeconds(30)).until(() -> handled.contains("held-6"));
            }
            assertThat(handled).containsExactly("free-1", "free-3", "free-5", "held-6");
            List<ConsumerRecord<String, byte[]>> letters = writer.readAll(writer.layout().deadLetterTopic(Domain.SESSION), 3);
            assertThat(letters).extracting(letter -> header(letter, DeadLetterHeaders.REASON))
                    .containsExactly("handler-failed", "held", "held");
            assertThat(letters).extracting(letter -> Long.parseLong(header(letter, DeadLetterHeaders.SOURCE_OFFSET)))
                    .isSorted();
        }
    }

    @Test
    void withFailTheSubscriberStopsWithoutCommittingTheFailedEvent(TestPlatform platform) {
        try (EventTopics writer = EventTopics.provision(platform, "fail", 1)) {
            DomainEvent event = DomainEvent.builder(EventType.INVARIANT_VIOLATED).source("t").build();
            writer.writeAll(List.of(event));
            SubscriberConfig config = TestSubscribers.config(writer, "fail").toBuilder().retries(2, Duration.ofMillis(10), Duration.ofMillis(20))
                    .failureStrategy(FailureStrategy.FAIL).build();
            EventSubscriber subscriber = EventSubscriber.builder(config)
                    .on(EventType.INVARIANT_VIOLATED, (received, delivery) -> {
                        throw new IllegalStateException("never");
                    }).build().start();
            await().atMost(Duration.ofSeconds(30)).until(() -> subscriber.state() == EventSubscriber.State.FAILED);
            assertThat(subscriber.failure()).get().asString().contains(event.eventId()).contains("FAIL");
            subscriber.close();

            Set<String> handled = ConcurrentHashMap.newKeySet();
            try (EventSubscriber again = EventSubscriber.builder(config)
                    .on(EventType.INVARIANT_VIOLATED, (received, delivery) -> handled.add(received.eventId())).build().start()) {
                await().atMost(Duration.ofSeconds(30)).until(() -> handled.contains(event.eventId()));
            }
        }
    }

    @Test
    void eventsOfATypeFromANewerCatalogAreSkippedOrDeadLetteredUnderStrictTypes(TestPlatform platform) throws Exception {
        try (EventTopics writer = EventTopics.provision(platform, "unknown", 1)) {
            String topic = writer.layout().topic(Domain.PLAN);
            byte[] future = futureEventBytes(platform, topic);
            var withHeader = new ProducerRecord<String, byte[]>(topic, "k", future);
            withHeader.headers().add(CloudEventHeaders.TYPE, "plan.archived".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            writer.send(withHeader);
            writer.writeRaw(topic, "k", future); // no header: only decoding tells the type
            DomainEvent known = DomainEvent.builder(EventType.PLAN_CREATED).source("t").correlationId("k").build();
            writer.writeAll(List.of(known));

            Set<String> lenientHandled = ConcurrentHashMap.newKeySet();
            try (EventSubscriber lenient = EventSubscriber.builder(TestSubscribers.config(writer, "lenient"))
                    .on(Domain.PLAN, (event, delivery) -> lenientHandled.add(event.eventId())).build().start()) {
                await().atMost(Duration.ofSeconds(30)).until(() -> lenientHandled.contains(known.eventId()));
                assertThat(lenient.metrics().skipped()).isEqualTo(2);
                assertThat(lenient.metrics().deadLettered()).isZero();
            }
            Set<String> strictHandled = ConcurrentHashMap.newKeySet();
            try (EventSubscriber strict = EventSubscriber.builder(TestSubscribers.config(writer, "strict").toBuilder().strictTypes(true).build())
                    .on(Domain.PLAN, (event, delivery) -> strictHandled.add(event.eventId())).build().start()) {
                await().atMost(Duration.ofSeconds(30)).until(() -> strictHandled.contains(known.eventId())
                        && strict.metrics().deadLettered() == 2);
            }
            assertThat(lenientHandled).containsExactly(known.eventId());
            assertThat(strictHandled).containsExactly(known.eventId());
            assertThat(writer.readAll(topic + ".dlq", 2)).extracting(letter -> header(letter, DeadLetterHeaders.REASON))
                    .containsExactly("unknown-type", "unknown-type");
        }
    }

    /** An event written by a newer agent whose catalog has PLAN_ARCHIVED, in the Confluent wire format. */
    private static byte[] futureEventBytes(TestPlatform platform, String topic) throws Exception {
        org.apache.avro.Schema next;
        try (var in = SubscriberFailureIT.class.getResourceAsStream("/evolution/DomainEvent-next.avsc")) {
            next = new org.apache.avro.Schema.Parser().parse(in);
        }
        int id;
        try (var registry = new io.agentevents.schemas.registry.HttpSchemaRegistryClient(
                io.agentevents.schemas.registry.SchemaRegistryConfig.of(platform.schemaRegistryUrl()))) {
            id = registry.register(topic + "-value", next);
        }
        byte[] current = new io.agentevents.schemas.codec.AvroEventCodec().encode(
                DomainEvent.builder(EventType.PLAN_CREATED).source("newer-agent").correlationId("k").build());
        var record = new org.apache.avro.generic.GenericDatumReader<org.apache.avro.generic.GenericRecord>(
                io.agentevents.schemas.codec.AvroEventCodec.SCHEMA, next)
                .read(null, org.apache.avro.io.DecoderFactory.get().binaryDecoder(current, null));
        record.put("event_type", new org.apache.avro.generic.GenericData.EnumSymbol(
                next.getField("event_type").schema(), "PLAN_ARCHIVED"));
        return HostileRecords.frame(id, GenericAvro.write(record, next));
    }

    static String header(ConsumerRecord<String, byte[]> record, String name) {
        return CloudEventHeaders.get(record.headers(), name).orElse(null);
    }
}
