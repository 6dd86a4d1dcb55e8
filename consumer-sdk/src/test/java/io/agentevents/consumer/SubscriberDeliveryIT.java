package io.agentevents.consumer;

import io.agentevents.api.Delivery;
import io.agentevents.local.testing.EventTopics;
import io.agentevents.local.testing.SharedPlatformExtension;
import io.agentevents.local.testing.TestPlatform;
import io.agentevents.schemas.Domain;
import io.agentevents.schemas.DomainEvent;
import io.agentevents.schemas.EventType;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Delivery, order and concurrency on the shared embedded broker. */
@ExtendWith(SharedPlatformExtension.class)
@Order(1) // among the longest classes of this module: started first
class SubscriberDeliveryIT {

    @Test
    void tenThousandEventsOver100KeysAtConcurrency32AreAllHandledInKeyOrder(TestPlatform platform) throws Exception {
        try (EventTopics writer = EventTopics.provision(platform, "parallel", 6)) {
            List<DomainEvent> events = keyedEvents(10_000, 100, EventType.TOOL_INVOKED);
            writer.writeAll(events);

            Map<String, List<Long>> seen = new ConcurrentHashMap<>();
            Random random = new Random(7);
            long started = System.nanoTime();
            try (EventSubscriber subscriber = EventSubscriber.builder(TestSubscribers.config(writer, "parallel").toBuilder().maxConcurrency(32).build())
                    .on(EventType.TOOL_INVOKED, (event, delivery) -> {
                        Thread.sleep(5 + random.nextInt(16));
                        seen.computeIfAbsent(event.correlationId(), key -> Collections.synchronizedList(new ArrayList<>()))
                                .add((Long) event.details().get("seq"));
                    }).build().start()) {
                await().atMost(Duration.ofMinutes(3)).until(() -> count(seen) >= 10_000);
                double parallelRate = 10_000 / seconds(started);

                assertThat(count(seen)).isEqualTo(10_000);
                seen.forEach((key, seqs) -> assertThat(seqs).as("order of %s", key).isSorted().doesNotHaveDuplicates());
                assertThat(seen).hasSize(100);

                // the same handlers one at a time, on a sample (10,000 would take minutes): events per second
                List<DomainEvent> sample = keyedEvents(300, 10, EventType.TOOL_SUCCEEDED);
                writer.writeAll(sample);
                AtomicInteger handled = new AtomicInteger();
                long serialStart = System.nanoTime();
                try (EventSubscriber serial = EventSubscriber.builder(TestSubscribers.config(writer, "serial"))
                        .on(EventType.TOOL_SUCCEEDED, (event, delivery) -> {
                            Thread.sleep(5 + random.nextInt(16));
                            handled.incrementAndGet();
                        }).build().start()) {
                    await().atMost(Duration.ofMinutes(2)).until(() -> handled.get() >= 300);
                }
                double serialRate = 300 / seconds(serialStart);
                System.out.printf("parallel subscriber: %.0f events/s at concurrency 32 vs %.0f events/s at 1: %.1fx%n",
                        parallelRate, serialRate, parallelRate / serialRate);
                assertThat(subscriber.metrics().handled()).isEqualTo(10_000);
            }
        }
    }

    @Test
    void aSubscriberKilledFiveTimesSkipsNothing(TestPlatform platform) throws Exception {
        int total = 3_000;
        int concurrency = 8;
        try (EventTopics writer = EventTopics.provision(platform, "crash", 3)) {
            writer.writeAll(keyedEvents(total, 50, EventType.DECISION_CREATED));
            SubscriberConfig config = TestSubscribers.config(writer, "crash").toBuilder().maxConcurrency(concurrency)
                    .commitInterval(Duration.ofMillis(200)).build();
            Set<String> handled = ConcurrentHashMap.newKeySet();
            AtomicInteger calls = new AtomicInteger();
            for (int kill = 1; kill <= 5; kill++) {
                EventSubscriber subscriber = EventSubscriber.builder(config)
                        .on(EventType.DECISION_CREATED, (event, delivery) -> {
                            Thread.sleep(1 + (event.eventId().hashCode() & 3));
                            calls.incrementAndGet();
                            handled.add(event.eventId());
                        }).build().start();
                int target = kill * total / 6;
                await().atMost(Duration.ofMinutes(1)).until(() -> handled.size() >= target);
                subscriber.closeNow();
            }
            try (EventSubscriber last = EventSubscriber.builder(config)
                    .on(EventType.DECISION_CREATED, (event, delivery) -> {
                        calls.incrementAndGet();
                        handled.add(event.eventId());
                    }).build().start()) {
                await().atMost(Duration.ofMinutes(1)).until(() -> handled.size() >= total);
            }
            int duplicates = calls.get() - total;
            System.out.println("killed 5 times: " + total + " events handled, " + duplicates + " duplicate calls");
            assertThat(handled).hasSize(total);
            assertThat(duplicates).as("duplicates only for records in flight at each kill")
                    .isLessThanOrEqualTo(5 * concurrency);
        }
    }

    @Test
    void twoSubscribersInOneGroupShareThePartitionsAndARebalanceLosesNothing(TestPlatform platform) throws Exception {
        try (EventTopics writer = EventTopics.provision(platform, "rebalance", 6)) {
            SubscriberConfig config = TestSubscribers.config(writer, "shared").toBuilder().maxConcurrency(4).build();
            Set<String> handled = ConcurrentHashMap.newKeySet();
            ConcurrentLinkedQueue<String> byFirst = new ConcurrentLinkedQueue<>();
            ConcurrentLinkedQueue<String> bySecond = new ConcurrentLinkedQueue<>();
            AtomicInteger written = new AtomicInteger();
            writer.writeAll(keyedEvents(1_000, 40, EventType.PLAN_STARTED));
            written.addAndGet(1_000);
            EventSubscriber first = EventSubscriber.builder(config).on(Domain.PLAN, (event, delivery) -> {
                Thread.sleep(2);
                byFirst.add(event.eventId());
                handled.add(event.eventId());
            }).build().start();
            await().atMost(Duration.ofMinutes(1)).until(() -> handled.size() >= 200);
            try (EventSubscriber second = EventSubscriber.builder(config).on(Domain.PLAN, (event, delivery) -> {
                Thread.sleep(2);
                bySecond.add(event.eventId());
                handled.add(event.eventId());
            }).build().start()) {
                // keep writing while the group rebalances, until the second member handles its share
                await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(200)).until(() -> {
                    writer.writeAll(keyedEvents(50, 40, EventType.PLAN_PAUSED));
                    written.addAndGet(50);
                    return !bySecond.isEmpty();
                });
                first.close(Duration.ofSeconds(10)); // a second rebalance mid-run
                writer.writeAll(keyedEvents(1_000, 40, EventType.PLAN_RESUMED));
                written.addAndGet(1_000);
                await().atMost(Duration.ofMinutes(1)).until(() -> handled.size() >= written.get());
            }
            assertThat(handled).hasSize(written.get());
            assertThat(byFirst).isNotEmpty();
            assertThat(bySecond).isNotEmpty();
        }
    }

    @Test
    void membersClosedAndStartedEveryThirdOfASecondCommitWhatTheyHandledEvenMidRebalance(TestPlatform platform)
            throws Exception {
        int members = 3;
        int toggles = 24;
        try (EventTopics writer = EventTopics.provision(platform, "storm", 6)) {
            SubscriberConfig config = TestSubscribers.config(writer, "storm").toBuilder().maxConcurrency(16)
                    .commitInterval(Duration.ofMillis(200)).build();
            Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
            EventListenerCounter counter = new EventListenerCounter(calls);
            List<EventSubscriber> group = new ArrayList<>();
            for (int i = 0; i < members; i++) {
                group.add(EventSubscriber.builder(config).on(Domain.TOOL, counter).build().start());
            }
            int written = 0;
            try {
                for (int toggle = 0; toggle < toggles; toggle++) {
                    writer.writeAll(keyedEvents(100, 50, EventType.TOOL_INVOKED));
                    written += 100;
                    int slot = toggle % members;
                    // closed while the group is rebalancing (the previous toggle's): its commit must still land
                    assertThat(group.get(slot).close(Duration.ofSeconds(10))).isTrue();
                    group.set(slot, EventSubscriber.builder(config).on(Domain.TOOL, counter).build().start());
                    Thread.sleep(330); // the storm's beat, not waiting for an outcome
                }
                int total = written;
                await().atMost(Duration.ofMinutes(1)).until(() -> calls.size() >= total);
            } finally {
                group.forEach(member -> member.close(Duration.ofSeconds(10)));
            }
            int duplicates = calls.values().stream().mapToInt(count -> count.get() - 1).sum();
            System.out.println("rebalance storm: " + written + " events, " + toggles + " members closed and started, "
                    + duplicates + " handled twice");
            assertThat(calls).hasSize(written);
            assertThat(duplicates).as("events handled again after a member closed mid-rebalance").isZero();
        }
    }

    /** Counts each event's handler calls after 2 ms of work. */
    private record EventListenerCounter(Map<String, AtomicInteger> calls) implements io.agentevents.api.EventListener {
        @Override
        public void onEvent(DomainEvent event, Delivery delivery) throws InterruptedException {
            Thread.sleep(2);
            calls.computeIfAbsent(event.eventId(), id -> new AtomicInteger()).incrementAndGet();
        }
    }

    @Test
    void replayFromATimeDeliversExactlyTheEventsFromThenFlaggedAsReplayed(TestPlatform platform) throws Exception {
        try (EventTopics writer = EventTopics.provision(platform, "replay", 3)) {
            writer.writeAll(keyedEvents(100, 5, EventType.CONTEXT_UPDATED));
            await().atMost(Duration.ofSeconds(5)).until(() -> true);
            Instant cut = Instant.now().truncatedTo(ChronoUnit.MILLIS).plusMillis(1); // past the last millisecond stamped before
            await().pollDelay(Duration.ofMillis(20)).atMost(Duration.ofSeconds(1)).until(() -> Instant.now().isAfter(cut));
            List<DomainEvent> after = keyedEvents(50, 5, EventType.CONTEXT_COMPACTED);
            writer.writeAll(after);

            ConcurrentLinkedQueue<Delivery> deliveries = new ConcurrentLinkedQueue<>();
            Set<String> ids = ConcurrentHashMap.newKeySet();
            try (EventSubscriber subscriber = EventSubscriber.builder(TestSubscribers.config(writer, "replay").toBuilder()
                            .startPosition(StartPosition.at(cut)).build())
                    .on(Domain.CONTEXT, (event, delivery) -> {
                        deliveries.add(delivery);
                        ids.add(event.eventId());
                    }).build().start()) {
                await().atMost(Duration.ofMinutes(1)).until(() -> ids.size() >= 50);
                DomainEvent live = DomainEvent.builder(EventType.CONTEXT_UPDATED).source("live").build();
                writer.writeAll(List.of(live));
                await().atMost(Duration.ofMinutes(1)).until(() -> ids.contains(live.eventId()));
            }
            assertThat(ids).hasSize(51).containsAll(after.stream().map(DomainEvent::eventId).toList());
            assertThat(deliveries.stream().filter(Delivery::replayed)).hasSize(50);
            assertThat(deliveries.stream().filter(delivery -> !delivery.replayed())).hasSize(1);
        }
    }

    static List<DomainEvent> keyedEvents(int count, int keys, EventType type) {
        List<String> correlations = new ArrayList<>();
        for (int i = 0; i < keys; i++) {
            correlations.add(DomainEvent.newId());
        }
        Map<String, Long> seq = new ConcurrentHashMap<>();
        List<DomainEvent> events = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String correlation = correlations.get(i % keys);
            events.add(DomainEvent.builder(type).source("writer").correlationId(correlation)
                    .detail("seq", seq.merge(correlation, 1L, Long::sum)).build());
        }
        return events;
    }

    private static int count(Map<String, List<Long>> seen) {
        return seen.values().stream().mapToInt(List::size).sum();
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
