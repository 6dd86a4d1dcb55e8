package io.agentevents.reliability;

import io.agentevents.consumer.EventSubscriber;
import io.agentevents.consumer.SubscriberConfig;
import io.agentevents.producer.EmitException;
import io.agentevents.producer.EmitResult;
import io.agentevents.producer.kafka.KafkaEventBus;
import io.agentevents.producer.kafka.KafkaEventBusConfig;
import io.agentevents.schemas.Domain;
import io.agentevents.schemas.DomainEvent;
import io.agentevents.schemas.EventType;
import io.agentevents.schemas.topics.TopicLayout;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Scenario 5, the whole cluster down: every node stopped at once. An emit during the outage fails
 * within the delivery timeout with a retriable {@link EmitException} caused by Kafka's timeout; a
 * subscriber rides the outage out and, when the cluster is back, carries on from where it was:
 * nothing it had handled is handed again, nothing emitted before or after is skipped.
 *
 * <p>Runs last ({@link Order}, see {@link ClassOrderer.OrderAnnotation} in
 * {@code junit-platform.properties}): it restarts the shared cluster.
 */
@Order(100) // last: it stops the whole cluster (the scenarios added by issue 15 are numbered 0 and 6 up)
@ExtendWith(ReliabilityClusterExtension.class)
class ClusterOutageIT {
    private static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(10);
    /** The producer checks expiry on its sender loop; allow it this much past the delivery timeout. */
    private static final Duration EXPIRY_MARGIN = Duration.ofSeconds(3);

    @Test
    void emitFailsWithinTheDeliveryTimeoutAndTheSubscriberResumesWhereItWas(ReliabilityCluster cluster) throws Exception {
        int before = Scale.count(2_000, 20_000);
        int during = 20;
        int after = Scale.count(2_000, 20_000);
        TopicLayout layout = cluster.layout("outage");
        String group = cluster.uniqueName("outage-subscriber");
        KafkaEventBusConfig busConfig = KafkaEventBusConfig.local(cluster.bootstrapServers(), cluster.schemaRegistryUrl())
                .withTopics(layout).withDeliveryTimeout(DELIVERY_TIMEOUT);
        SubscriberConfig subscriberConfig = SubscriberConfig.builder(cluster.bootstrapServers(),
                        cluster.schemaRegistryUrl(), group)
                .topicPrefix(layout.prefix())
                .maxConcurrency(4)
                .commitInterval(Duration.ofMillis(500)).build();
        Map<String, AtomicInteger> handled = new ConcurrentHashMap<>();
        AtomicLong firstAfterHandledAt = new AtomicLong();
        Set<String> afterIds = ConcurrentHashMap.newKeySet();

        try (KafkaEventBus bus = KafkaEventBus.start(busConfig);
             EventSubscriber subscriber = EventSubscriber.builder(subscriberConfig)
                     .on(Domain.PLAN, (event, delivery) -> {
                         handled.computeIfAbsent(event.eventId(), id -> new AtomicInteger()).incrementAndGet();
                         if (afterIds.contains(event.eventId())) {
                             firstAfterHandledAt.compareAndSet(0, System.nanoTime());
                         }
                     })
                     .on(Domain.TOOL, (event, delivery) ->
                             handled.computeIfAbsent(event.eventId(), id -> new AtomicInteger()).incrementAndGet())
                     .build().start()) {

            // before: everything handled and its offsets committed, so the group has a place to keep
            List<DomainEvent> beforeEvents = events(before, "before");
            emitAll(bus, beforeEvents);
            await().atMost(Duration.ofMinutes(2)).until(() -> handledAll(handled, beforeEvents));
            await().atMost(Duration.ofSeconds(30)).until(() -> committedToEnd(cluster, group, layout));

            // the outage: every node stopped at once
            long outageStart = System.nanoTime();
            cluster.stopAll();
            Duration stop = Duration.ofNanos(System.nanoTime() - outageStart);
            List<DomainEvent> duringEvents = events(during, "during");
            List<Long> failedAfterMillis = new ArrayList<>();
            List<Throwable> failures = new ArrayList<>();
            List<CompletableFuture<EmitResult>> futures = new ArrayList<>();
            long[] emitStarts = new long[during];
            long[] emitReturned = new long[during];
            List<AtomicLong> completedAt = new ArrayList<>();
            // one caller per event, all at once: when the producer has rebootstrapped (every broker it
            // knew was unreachable) it no longer knows the topics, and each emit blocks up to max.block
            // before it fails; one caller emitting them in turn would wait 20 times that (200 s)
            ExecutorService callers = Executors.newFixedThreadPool(during);
            try {
                List<Future<CompletableFuture<EmitResult>>> calls = new ArrayList<>();
                for (int i = 0; i < during; i++) {
                    int index = i;
                    AtomicLong completed = new AtomicLong();
                    completedAt.add(completed);
                    calls.add(callers.submit(() -> {
                        emitStarts[index] = System.nanoTime();
                        CompletableFuture<EmitResult> emitted = bus.emit(duringEvents.get(index))
                                .whenComplete((result, failure) -> completed.set(System.nanoTime()));
                        emitReturned[index] = System.nanoTime();
                        return emitted;
                    }));
                }
                for (Future<CompletableFuture<EmitResult>> call : calls) {
                    futures.add(call.get(DELIVERY_TIMEOUT.plus(EXPIRY_MARGIN).toMillis() + 5_000, TimeUnit.MILLISECONDS));
                }
            } finally {
                callers.shutdownNow();
            }
            long emitBlockedMaxNanos = 0;
            for (int i = 0; i < during; i++) {
                emitBlockedMaxNanos = Math.max(emitBlockedMaxNanos, emitReturned[i] - emitStarts[i]);
            }
            for (int i = 0; i < futures.size(); i++) {
                try {
                    futures.get(i).get(DELIVERY_TIMEOUT.plus(EXPIRY_MARGIN).toMillis() + 5_000, TimeUnit.MILLISECONDS);
                    failures.add(null);
                } catch (java.util.concurrent.ExecutionException e) {
                    failures.add(e.getCause());
                } catch (java.util.concurrent.TimeoutException e) {
                    failures.add(e);
                }
                long completed = completedAt.get(i).get() == 0 ? System.nanoTime() : completedAt.get(i).get();
                failedAfterMillis.add(TimeUnit.NANOSECONDS.toMillis(completed - emitStarts[i]));
            }
            assertThat(subscriber.state()).as("the subscriber waits out the outage").isEqualTo(EventSubscriber.State.RUNNING);
            Duration outage = Duration.ofNanos(System.nanoTime() - outageStart);

            // back: the same data, the same ports
            long restartStart = System.nanoTime();
            cluster.startAll();
            Duration restart = Duration.ofNanos(System.nanoTime() - restartStart);
            List<DomainEvent> afterEvents = events(after, "after");
            afterEvents.forEach(event -> afterIds.add(event.eventId()));
            emitAll(bus, afterEvents);
            await().atMost(Duration.ofMinutes(2)).until(() -> handledAll(handled, afterEvents));
            Duration recover = Duration.ofNanos(firstAfterHandledAt.get() - restartStart);

            long maxFailMillis = failedAfterMillis.stream().mapToLong(Long::longValue).max().orElse(0);
            Set<String> duringIds = duringEvents.stream().map(DomainEvent::eventId).collect(Collectors.toSet());
            List<TopicDump.Found> onKafka = TopicDump.readAll(cluster.bootstrapServers(),
                    List.of(layout.topic(Domain.PLAN), layout.topic(Domain.TOOL)), Duration.ofSeconds(60));
            Map<String, Long> foundById = onKafka.stream()
                    .collect(Collectors.groupingBy(TopicDump.Found::eventId, Collectors.counting()));
            long lost = 0;
            for (DomainEvent event : beforeEvents) {
                lost += handled.containsKey(event.eventId()) && foundById.containsKey(event.eventId()) ? 0 : 1;
            }
            for (DomainEvent event : afterEvents) {
                lost += handled.containsKey(event.eventId()) && foundById.containsKey(event.eventId()) ? 0 : 1;
            }
            long beforeHandledAgain = beforeEvents.stream().filter(e -> handled.getOrDefault(e.eventId(), new AtomicInteger()).get() > 1).count();
            long duplicates = handled.values().stream().mapToLong(count -> count.get() - 1).sum();
            long duringOnKafka = duringIds.stream().filter(foundById::containsKey).count();
            Figures.of("cluster-down").put("emitted", before + during + after)
                    .put("acknowledged", before + after)
                    .put("failed", failures.stream().filter(java.util.Objects::nonNull).count())
                    .put("found", foundById.size())
                    .put("duplicates", duplicates)
                    .put("lost", lost)
                    .put("fail_after_max", Duration.ofMillis(maxFailMillis))
                    .put("emit_blocked_max", Duration.ofNanos(emitBlockedMaxNanos))
                    .put("delivery_timeout", DELIVERY_TIMEOUT)
                    .put("stop", stop)
                    .put("outage", outage)
                    .put("restart", restart)
                    .put("recover", recover)
                    .print();

            assertThat(failures).as("every emit during the outage fails").doesNotContainNull();
            for (int i = 0; i < failures.size(); i++) {
                Throwable failure = failures.get(i);
                assertThat(failure).isInstanceOf(EmitException.class)
                        .hasMessageContaining(duringEvents.get(i).eventId())
                        .hasMessageContaining(layout.topic(duringEvents.get(i).domain()))
                        .hasMessageContaining(cluster.bootstrapServers())
                        .hasRootCauseInstanceOf(org.apache.kafka.common.errors.TimeoutException.class);
                assertThat(((EmitException) failure).retriable()).as("a broker outage is retriable").isTrue();
            }
            assertThat(maxFailMillis).as("every emit fails within the delivery timeout (+%s)", EXPIRY_MARGIN)
                    .isLessThanOrEqualTo(DELIVERY_TIMEOUT.plus(EXPIRY_MARGIN).toMillis());
            assertThat(duringOnKafka).as("a failed emit did not land").isZero();
            assertThat(lost).as("events acknowledged before or after the outage and not handled").isZero();
            assertThat(beforeHandledAgain).as("events handled (and committed) before the outage handled again").isZero();
            assertThat(foundById.values()).as("each event on Kafka once").allMatch(count -> count == 1);
            assertThat(foundById).hasSize(before + after);
        } finally {
            if (cluster.stopped()) { // a failure during the outage: bring the shared cluster back
                cluster.startAll();
            }
        }
    }

    private static List<DomainEvent> events(int count, String phase) {
        List<DomainEvent> events = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String correlation = phase + "-" + (i % 40);
            EventType type = i % 2 == 0 ? EventType.PLAN_STARTED : EventType.TOOL_INVOKED;
            events.add(DomainEvent.builder(type).source("outage-test").correlationId(DomainEvent.newId())
                    .planId(correlation).detail("seq", (long) i).build());
        }
        return events;
    }

    private static void emitAll(KafkaEventBus bus, List<DomainEvent> events) {
        List<CompletableFuture<EmitResult>> futures = new ArrayList<>();
        events.forEach(event -> futures.add(bus.emit(event)));
        CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).join();
    }

    private static boolean handledAll(Map<String, AtomicInteger> handled, List<DomainEvent> events) {
        return events.stream().allMatch(event -> handled.containsKey(event.eventId()));
    }

    /** Whether the group's committed offsets reached the end of every partition of the two topics. */
    private static boolean committedToEnd(ReliabilityCluster cluster, String group, TopicLayout layout) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()))) {
            Map<TopicPartition, OffsetAndMetadata> committed =
                    admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetSpec> request = new HashMap<>();
            for (Domain domain : List.of(Domain.PLAN, Domain.TOOL)) {
                for (int p = 0; p < layout.partitions(); p++) {
                    request.put(new TopicPartition(layout.topic(domain), p), OffsetSpec.latest());
                }
            }
            var ends = admin.listOffsets(request).all().get(10, TimeUnit.SECONDS);
            return ends.entrySet().stream().allMatch(end -> {
                OffsetAndMetadata offset = committed.get(end.getKey());
                return end.getValue().offset() == 0 || offset != null && offset.offset() >= end.getValue().offset();
            });
        }
    }
}
