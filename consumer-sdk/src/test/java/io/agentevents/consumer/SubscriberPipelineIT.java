package io.agentevents.consumer;

import io.agentevents.local.testing.EventTopics;
import io.agentevents.local.testing.SharedPlatformExtension;
import io.agentevents.local.testing.TestPlatform;
import io.agentevents.schemas.Domain;
import io.agentevents.schemas.DomainEvent;
import io.agentevents.schemas.EventType;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The pipeline between poll and handler under pressure: a buffer that fills and drains many times
 * (reading pauses and resumes), and many slow handlers over many keys (slots end and are started
 * again), must lose, repeat and reorder nothing, and never stall. Bounds here are generous and
 * about stalls only (a stalled pipeline never finishes); speed is measured by {@code eventbus bench}.
 */
@ExtendWith(SharedPlatformExtension.class)
class SubscriberPipelineIT {

    @Test
    @Timeout(180)
    void fourThousandEventsOver500KeysWith10msHandlersAt64WayAreAllHandledInKeyOrder(TestPlatform platform) {
        try (EventTopics writer = EventTopics.provision(platform, "stall", 3)) {
            writer.writeAll(SubscriberDeliveryIT.keyedEvents(4_000, 500, EventType.TOOL_INVOKED));
            Map<String, List<Long>> seen = new ConcurrentHashMap<>();
            AtomicInteger calls = new AtomicInteger();
            try (EventSubscriber subscriber = EventSubscriber.builder(TestSubscribers.config(writer, "stall").toBuilder().maxConcurrency(64).build())
                    .on(EventType.TOOL_INVOKED, (event, delivery) -> {
                        Thread.sleep(10);
                        calls.incrementAndGet();
                        seen.computeIfAbsent(event.correlationId(), key -> Collections.synchronizedList(new ArrayList<>()))
                                .add((Long) event.details().get("seq"));
                    }).build().start()) {
                long started = System.nanoTime();
                await().atMost(Duration.ofSeconds(60)).until(() -> calls.get() >= 4_000);
                System.out.printf("4,000 events, 500 keys, 64 slots, 10 ms handlers: %.2f s (ideal 0.63 s)%n",
                        (System.nanoTime() - started) / 1e9);
                assertThat(subscriber.metrics().handled()).isEqualTo(4_000);
            }
            assertThat(calls).hasValue(4_000);
            assertThat(seen).hasSize(500);
            seen.forEach((key, seqs) -> assertThat(seqs).as("order of %s", key)
                    .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, 8).boxed().toList()));
        }
    }

    @Test
    @Timeout(180)
    void aBufferThatFillsAndDrainsHundredsOfTimesHandlesEveryEventOnceInOrderAndCommitsTheEnd(TestPlatform platform)
            throws Exception {
        int total = 6_000;
        try (EventTopics writer = EventTopics.provision(platform, "drain", 2)) {
            writer.writeAll(SubscriberDeliveryIT.keyedEvents(total, 7, EventType.BUDGET_CONSUMED));
            SubscriberConfig config = TestSubscribers.config(writer, "drain").toBuilder().maxBufferedRecords(40).build();
            Map<String, List<Long>> seen = new ConcurrentHashMap<>();
            AtomicInteger calls = new AtomicInteger();
            try (EventSubscriber subscriber = EventSubscriber.builder(config)
                    .on(Domain.BUDGET, (event, delivery) -> {
                        calls.incrementAndGet();
                        seen.computeIfAbsent(event.correlationId(), key -> Collections.synchronizedList(new ArrayList<>()))
                                .add((Long) event.details().get("seq"));
                    }).build().start()) {
                await().atMost(Duration.ofSeconds(90)).until(() -> calls.get() >= total);
                assertThat(subscriber.metrics().buffered()).isLessThanOrEqualTo(40 + 40);
            }
            assertThat(calls).hasValue(total);
            seen.forEach((key, seqs) -> assertThat(seqs).as("order of %s", key).isSorted().doesNotHaveDuplicates());
            assertThat(seen.values().stream().mapToInt(List::size).sum()).isEqualTo(total);
            assertThat(committed(writer, config.groupId(), writer.layout().topic(Domain.BUDGET)))
                    .as("close commits every record").isEqualTo(ends(writer, writer.layout().topic(Domain.BUDGET)));
        }
    }

    private static Map<TopicPartition, Long> committed(EventTopics writer, String group, String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", writer.platform().bootstrapServers()))) {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get();
            return offsets.entrySet().stream().filter(entry -> entry.getKey().topic().equals(topic))
                    .collect(Collectors.toMap(Map.Entry::getKey, entry -> entry.getValue().offset()));
        }
    }

    private static Map<TopicPartition, Long> ends(EventTopics writer, String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", writer.platform().bootstrapServers()))) {
            List<TopicPartition> partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic)
                    .partitions().stream().map(info -> new TopicPartition(topic, info.partition())).toList();
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(partitions.stream()
                    .collect(Collectors.toMap(Function.identity(), partition -> OffsetSpec.latest()))).all().get();
            return ends.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, entry -> entry.getValue().offset()));
        }
    }
}
