package io.agentevents.reliability;

import io.agentevents.api.EventListener;
import io.agentevents.consumer.EventSubscriber;
import io.agentevents.consumer.SubscriberConfig;
import io.agentevents.consumer.SubscriberMetrics;
import io.agentevents.producer.EmitResult;
import io.agentevents.producer.kafka.KafkaEventBus;
import io.agentevents.producer.kafka.KafkaEventBusConfig;
import io.agentevents.schemas.Domain;
import io.agentevents.schemas.DomainEvent;
import io.agentevents.schemas.EventType;
import io.agentevents.schemas.topics.TopicLayout;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Scenario 2, a subscriber crashing: an {@link EventSubscriber} of one group is stopped with
 * {@link EventSubscriber#closeNow()} (handlers interrupted mid-batch, as in a crash) five times
 * while it works through a backlog and live events arrive, and each time a new one starts in the
 * same group. Every event must be handled at least once, none skipped, each correlation id's
 * events first handled in emit order, and the handlings beyond the first no more than the
 * handlers in flight at the kills (counted at each kill: running when it began plus started
 * while it ran).
 */
@Order(2)
@ExtendWith(ReliabilityClusterExtension.class)
class SubscriberCrashIT {
    private static final int KILLS = 5;
    private static final int CONCURRENCY = 8;
    private static final int KEYS = 100;

    @Test
    void aSubscriberKilledFiveTimesMidBatchHandlesEveryEventWithDuplicatesBoundedByWhatWasInFlight(
            ReliabilityCluster cluster) throws Exception {
        int total = Scale.count(6_000, 60_000);
        int live = total / 5;
        TopicLayout layout = cluster.layout("subscriber-crash");
        SubscriberConfig config = SubscriberConfig.builder(cluster.bootstrapServers(), cluster.schemaRegistryUrl(),
                        cluster.uniqueName("crashing-group"))
                .topicPrefix(layout.prefix())
                .maxConcurrency(CONCURRENCY)
                .commitInterval(Duration.ofMillis(200)).build();

        HandledEvents completions = new HandledEvents();
        AtomicInteger running = new AtomicInteger();
        AtomicInteger startedDuringKill = new AtomicInteger();
        AtomicBoolean killing = new AtomicBoolean();
        AtomicLong firstCompletionOfInstance = new AtomicLong();
        EventListener handler = (event, delivery) -> {
            running.incrementAndGet();
            if (killing.get()) {
                startedDuringKill.incrementAndGet();
            }
            try {
                Thread.sleep(1 + (event.eventId().hashCode() & 3));
                completions.record(event);
                firstCompletionOfInstance.compareAndSet(0, System.nanoTime());
            } finally {
                running.decrementAndGet();
            }
        };

        List<Integer> inFlightAtKill = new ArrayList<>();
        List<String> killNotes = new ArrayList<>();
        long maxRecoverNanos = 0;
        EventSubscriber current = null;
        try (KafkaEventBus bus = KafkaEventBus.start(KafkaEventBusConfig.local(cluster.bootstrapServers(),
                cluster.schemaRegistryUrl()).withTopics(layout))) {
            List<String> keys = new ArrayList<>();
            for (int k = 0; k < KEYS; k++) {
                keys.add(DomainEvent.newId());
            }
            Map<String, Long> seq = new ConcurrentHashMap<>();
            emit(bus, keys, seq, 0, total - live); // the backlog
            Thread liveEmitter = new Thread(() -> {
                for (int i = total - live; i < total; i += 50) {
                    emit(bus, keys, seq, i, Math.min(total, i + 50));
                    try {
                        Thread.sleep(100);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "subscriber-crash-live-emitter");
            liveEmitter.start();

            for (int kill = 1; kill <= KILLS; kill++) {
                firstCompletionOfInstance.set(0);
                long startedAt = System.nanoTime();
                EventSubscriber subscriber = subscriber(config, handler);
                current = subscriber;
                int target = kill * total / (KILLS + 1);
                await().atMost(Duration.ofMinutes(2)).until(() -> completions.distinct() >= target);
                maxRecoverNanos = Math.max(maxRecoverNanos, firstCompletionOfInstance.get() - startedAt);
                SubscriberMetrics metrics = subscriber.metrics();
                startedDuringKill.set(0);
                killing.set(true);
                int runningAtKill = running.get();
                subscriber.closeNow();
                killing.set(false);
                int inFlight = runningAtKill + startedDuringKill.get();
                inFlightAtKill.add(inFlight);
                killNotes.add("kill " + kill + " at " + completions.distinct() + " handled: " + inFlight
                        + " handler(s) in flight (metrics: in flight " + metrics.inFlight() + ", buffered "
                        + metrics.buffered() + ")");
            }
            liveEmitter.join(60_000);
            assertThat(liveEmitter.isAlive()).as("live emitter finished").isFalse();

            firstCompletionOfInstance.set(0);
            long startedAt = System.nanoTime();
            try (EventSubscriber last = subscriber(config, handler)) {
                await().atMost(Duration.ofMinutes(2)).until(() -> completions.distinct() >= total);
                maxRecoverNanos = Math.max(maxRecoverNanos, firstCompletionOfInstance.get() - startedAt);
                // let it settle: anything still to come would be a duplicate
                await().pollDelay(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5))
                        .until(() -> last.metrics().inFlight() == 0 && last.metrics().buffered() == 0);
            }
        } finally {
            if (current != null) {
                current.closeNow(); // idempotent; stops a subscriber left running by a failed wait
            }
        }

        long duplicates = completions.duplicates();
        long bound = inFlightAtKill.stream().mapToLong(Integer::longValue).sum();
        List<String> outOfOrder = completions.outOfOrderKeys();
        long firstHandlings = completions.firstHandlings();
        new KillFigures(total, completions.distinct(), duplicates, KILLS, bound, Duration.ofNanos(maxRecoverNanos),
                killNotes).print("subscriber-crash");

        assertThat(completions.distinct()).as("every event handled at least once").isEqualTo(total);
        assertThat(firstHandlings).isEqualTo(total);
        assertThat(outOfOrder).as("correlation ids whose events were first handled out of emit order").isEmpty();
        assertThat(duplicates).as("handled again: at most the handlers in flight at the %d kills %s", KILLS, inFlightAtKill)
                .isLessThanOrEqualTo(bound);
        assertThat(bound).as("in flight at a kill is at most maxConcurrency, plus handlers started while it ran")
                .isLessThanOrEqualTo((long) KILLS * CONCURRENCY * 2);
    }

    private static EventSubscriber subscriber(SubscriberConfig config, EventListener handler) {
        return EventSubscriber.builder(config).on(Domain.DECISION, handler).on(Domain.TOOL, handler).build().start();
    }

    /** Emits events {@code from..to} over the keys (key i in the decision or tool domain), each key's seq counting up. */
    private static void emit(KafkaEventBus bus, List<String> keys, Map<String, Long> seq, int from, int to) {
        List<CompletableFuture<EmitResult>> sent = new ArrayList<>();
        for (int i = from; i < to; i++) {
            int k = i % keys.size();
            String key = keys.get(k);
            EventType type = k % 2 == 0 ? EventType.DECISION_CREATED : EventType.TOOL_INVOKED;
            sent.add(bus.emit(DomainEvent.builder(type).source("subscriber-crash").correlationId(key)
                    .detail("seq", seq.merge(key, 1L, Long::sum)).build()));
        }
        CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).join();
    }
}
