package io.agentevents.reliability;

import io.agentevents.api.EventListener;
import io.agentevents.consumer.EventSubscriber;
import io.agentevents.consumer.RejectedRecord;
import io.agentevents.consumer.SubscriberConfig;
import io.agentevents.producer.kafka.KafkaEventBus;
import io.agentevents.producer.kafka.KafkaEventBusConfig;
import io.agentevents.schemas.Domain;
import io.agentevents.schemas.DomainEvent;
import io.agentevents.schemas.EventType;
import io.agentevents.schemas.topics.TopicLayout;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Scenario 8 of issue 15, poison under load: events arrive at a steady rate while 1 % of them
 * always fail their handler. Each poison event is retried (3 attempts) and then dead-lettered; the
 * test reads the dead-letter topic back. Handled plus dead-lettered must equal produced, with no
 * event in both and none twice; each correlation id's events are finished (handled or
 * dead-lettered) in emit order; and while a poison event's retries run, events of other
 * correlation ids keep being handled.
 */
@Order(18)
@ExtendWith(ReliabilityClusterExtension.class)
class PoisonUnderLoadIT {
    private static final int KEYS = 200;
    private static final int CONCURRENCY = 16;
    /** One event in this many is poison. */
    private static final int POISON_EVERY = 100;

    /** A finished event: handled or dead-lettered, when, its key and its place in the key's sequence. */
    private record Finished(long nanos, String key, long seq, boolean handled) {
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void poisonEventsAreDeadLetteredWhileOtherKeysKeepFlowingAndNothingIsLost(ReliabilityCluster cluster)
            throws Exception {
        int total = Scale.count(5_000, 50_000);
        int perSecond = Scale.count(1_000, 2_000);
        // other keys' flow is asserted for the poison events emitted before the last second: their retries
        // run while events still arrive (the last ones' may run when everything else is done)
        int flowBefore = total - perSecond;
        TopicLayout layout = cluster.layout("poison");
        SubscriberConfig config = SubscriberConfig.builder(cluster.bootstrapServers(), cluster.schemaRegistryUrl(),
                        cluster.uniqueName("poison-group"))
                .topicPrefix(layout.prefix())
                .maxConcurrency(CONCURRENCY)
                .retries(3, Duration.ofMillis(250), Duration.ofSeconds(1)) // 0.75 s of retries per poison event
                .commitInterval(Duration.ofMillis(200)).build();

        Map<String, AtomicInteger> handled = new ConcurrentHashMap<>();
        Map<String, Long> firstFailure = new ConcurrentHashMap<>();
        Map<String, DomainEvent> poisonAt = new ConcurrentHashMap<>(); // position -> the poison event read there
        Map<String, Long> rejectedAt = new ConcurrentHashMap<>();     // event id -> when it was dead-lettered
        Map<String, List<Finished>> finishedByKey = new ConcurrentHashMap<>();
        ConcurrentLinkedQueue<Finished> handledLog = new ConcurrentLinkedQueue<>();
        EventListener handler = (event, delivery) -> {
            long seq = (Long) event.details().get("seq");
            if (Boolean.TRUE.equals(event.details().get("poison"))) {
                poisonAt.put(delivery.topic() + "-" + delivery.partition() + "@" + delivery.offset(), event);
                firstFailure.putIfAbsent(event.eventId(), System.nanoTime());
                throw new IllegalStateException("poison " + event.eventId() + " (attempt " + delivery.attempt() + ")");
            }
            Thread.sleep(2);
            handled.computeIfAbsent(event.eventId(), id -> new AtomicInteger()).incrementAndGet();
            Finished done = new Finished(System.nanoTime(), event.correlationId(), seq, true);
            handledLog.add(done);
            finishedByKey.computeIfAbsent(event.correlationId(), key -> Collections.synchronizedList(new ArrayList<>()))
                    .add(done);
        };

        Set<String> poisonIds = ConcurrentHashMap.newKeySet();
        Set<String> flowChecked = ConcurrentHashMap.newKeySet();
        Set<String> emittedIds = ConcurrentHashMap.newKeySet();
        long started = System.nanoTime();
        Duration emitting;
        try (KafkaEventBus bus = KafkaEventBus.start(KafkaEventBusConfig.local(cluster.bootstrapServers(),
                cluster.schemaRegistryUrl()).withTopics(layout));
             EventSubscriber subscriber = EventSubscriber.builder(config).on(Domain.TOOL, handler)
                     .onRejected(rejected -> onRejected(rejected, poisonAt, rejectedAt, finishedByKey))
                     .build().start()) {
            List<String> keys = new ArrayList<>();
            for (int k = 0; k < KEYS; k++) {
                keys.add(DomainEvent.newId());
            }
            Map<String, Long> seq = new HashMap<>();
            emitting = PacedEmits.emit(bus, total, perSecond, i -> {
                String key = keys.get(i % KEYS);
                // 1 in 100, over changing keys: in each round over the keys a different pair of them
                boolean poison = i % POISON_EVERY == (i / KEYS) % POISON_EVERY;
                DomainEvent event = DomainEvent.builder(EventType.TOOL_INVOKED).source("poison").correlationId(key)
                        .detail("seq", seq.merge(key, 1L, Long::sum)).detail("poison", poison).build();
                emittedIds.add(event.eventId());
                if (poison) {
                    poisonIds.add(event.eventId());
                    if (i < flowBefore) {
                        flowChecked.add(event.eventId());
                    }
                }
                return event;
            });
            await().alias("every event handled or dead-lettered").atMost(Duration.ofMinutes(2))
                    .until(() -> handled.size() + rejectedAt.size() >= total);
            await().pollDelay(Duration.ofMillis(500)).atMost(Duration.ofSeconds(10))
                    .until(() -> subscriber.metrics().inFlight() == 0 && subscriber.metrics().buffered() == 0);
        }
        Duration run = Duration.ofNanos(System.nanoTime() - started);

        List<TopicDump.Found> letters = TopicDump.readAll(cluster.bootstrapServers(),
                List.of(layout.deadLetterTopic(Domain.TOOL)), Duration.ofMinutes(1));
        Set<String> deadLettered = letters.stream().map(TopicDump.Found::eventId).collect(Collectors.toSet());
        Set<String> handledAndDeadLettered = new HashSet<>(handled.keySet());
        handledAndDeadLettered.retainAll(deadLettered);
        Set<String> accounted = new HashSet<>(handled.keySet());
        accounted.addAll(deadLettered);
        long duplicates = handled.values().stream().mapToLong(count -> count.get() - 1).sum();
        List<String> outOfOrder = finishedByKey.entrySet().stream()
                .filter(entry -> !increasing(entry.getValue())).map(Map.Entry::getKey).toList();

        // other keys' events handled while each poison event's retries ran (first failure to dead letter)
        List<Finished> log = List.copyOf(handledLog);
        Map<String, String> keyOfPoison = poisonAt.values().stream()
                .collect(Collectors.toMap(DomainEvent::eventId, DomainEvent::correlationId, (a, b) -> a));
        List<Integer> flowDuringRetries = new ArrayList<>();
        for (String id : flowChecked) {
            Long from = firstFailure.get(id);
            Long to = rejectedAt.get(id);
            if (from == null || to == null) {
                flowDuringRetries.add(-1);
                continue;
            }
            String key = keyOfPoison.get(id);
            flowDuringRetries.add((int) log.stream()
                    .filter(done -> done.nanos() > from && done.nanos() < to && !done.key().equals(key)).count());
        }
        long[] times = log.stream().mapToLong(Finished::nanos).sorted().toArray();
        long longestPause = 0;
        for (int i = 1; i < times.length; i++) {
            longestPause = Math.max(longestPause, times[i] - times[i - 1]);
        }
        int minFlow = flowDuringRetries.stream().mapToInt(Integer::intValue).min().orElse(0);
        long retryMillis = poisonIds.stream().filter(id -> firstFailure.containsKey(id) && rejectedAt.containsKey(id))
                .mapToLong(id -> TimeUnit.NANOSECONDS.toMillis(rejectedAt.get(id) - firstFailure.get(id)))
                .max().orElse(0);

        Figures.of("poison").put("emitted", total)
                .put("acknowledged", total)
                .put("poison", poisonIds.size())
                .put("handled", handled.size())
                .put("dead_lettered", deadLettered.size())
                .put("dlq_records", letters.size())
                .put("found", accounted.size())
                .put("duplicates", duplicates + letters.size() - deadLettered.size())
                .put("lost", total - accounted.size())
                .put("min_other_keys_handled_during_a_retry", minFlow)
                .put("longest_retry", Duration.ofMillis(retryMillis))
                .put("longest_pause_in_handling", Duration.ofNanos(longestPause))
                .put("emitting", emitting)
                .put("run", run)
                .print();

        assertThat(poisonIds).as("1 %% of the events are poison").hasSize(total / POISON_EVERY);
        assertThat(deadLettered).as("the dead-lettered events are exactly the poison ones").isEqualTo(poisonIds);
        assertThat(letters).as("each poison event dead-lettered once").hasSize(poisonIds.size());
        assertThat(handledAndDeadLettered).as("events both handled and dead-lettered").isEmpty();
        assertThat(handled.size() + deadLettered.size()).as("handled + dead-lettered = produced").isEqualTo(total);
        assertThat(accounted).as("every produced event handled or dead-lettered").isEqualTo(emittedIds);
        assertThat(duplicates).as("events handled twice (no crash, no rebalance)").isZero();
        assertThat(outOfOrder).as("correlation ids whose events were not finished in emit order").isEmpty();
        assertThat(flowDuringRetries).as("other keys' events handled while each poison event (emitted before the last"
                        + " second) was retried; -1: its first failure or dead letter was not seen")
                .allMatch(count -> count > 0);
    }

    private static void onRejected(RejectedRecord rejected, Map<String, DomainEvent> poisonAt, Map<String, Long> rejectedAt,
                                   Map<String, List<Finished>> finishedByKey) {
        DomainEvent event = poisonAt.get(rejected.position());
        if (event == null || !rejected.deadLettered()) {
            return; // not one of ours: the assertions on the dead-letter topic catch anything unexpected there
        }
        rejectedAt.put(event.eventId(), System.nanoTime());
        finishedByKey.computeIfAbsent(event.correlationId(), key -> Collections.synchronizedList(new ArrayList<>()))
                .add(new Finished(System.nanoTime(), event.correlationId(), (Long) event.details().get("seq"), false));
    }

    private static boolean increasing(List<Finished> finished) {
        synchronized (finished) {
            for (int i = 1; i < finished.size(); i++) {
                if (finished.get(i).seq() <= finished.get(i - 1).seq()) {
                    return false;
                }
            }
            return true;
        }
    }
}
