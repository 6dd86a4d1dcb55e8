package io.agentevents.reliability;

import io.agentevents.api.EventListener;
import io.agentevents.consumer.EventSubscriber;
import io.agentevents.consumer.SubscriberConfig;
import io.agentevents.producer.kafka.KafkaEventBus;
import io.agentevents.producer.kafka.KafkaEventBusConfig;
import io.agentevents.schemas.Domain;
import io.agentevents.schemas.DomainEvent;
import io.agentevents.schemas.EventType;
import io.agentevents.schemas.topics.TopicLayout;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Scenario 4 of issue 15, a rebalance storm: three {@link EventSubscriber}s of one group share a
 * 6-partition topic (500 correlation ids, 64 handler slots each, 10 ms handlers) while events
 * arrive at a steady rate, and every 500 ms one of them is stopped ({@code close}, which drains,
 * commits and leaves the group, in the background) and a new one started in its place, round
 * robin, for the storm's length. Every event must be handled (none lost), handlings
 * beyond the first stay under 1 % of the events, each correlation id's events are first handled
 * in emit order, every correlation id makes progress in every window of the storm (a quarter of
 * it, at least 5 s), and the
 * group's committed offset never passes a record not yet handled: an Admin client samples the
 * committed offsets all along and compares each with the lowest offset of its partition that no
 * handler has finished.
 */
@Order(14)
@ExtendWith(ReliabilityClusterExtension.class)
class RebalanceStormIT {
    private static final int INSTANCES = 3;
    private static final int PARTITIONS = 6;
    private static final int KEYS = 500;
    private static final int CONCURRENCY = 64;
    private static final Duration HANDLER = Duration.ofMillis(10);
    private static final Duration TOGGLE_EVERY = Duration.ofMillis(500);
    private static final Duration SAMPLE_EVERY = Duration.ofMillis(100);
    /** Every correlation id progresses in every window: a quarter of the storm, at least 5 s. */
    private static final Duration MIN_PROGRESS_WINDOW = Duration.ofSeconds(5);
    private static final int PROGRESS_WINDOWS = 4;

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void aGroupWhoseMembersComeAndGoEveryHalfSecondLosesNothingAndCommitsOnlyHandledRecords(ReliabilityCluster cluster)
            throws Exception {
        Duration storm = Duration.ofSeconds(Scale.count(15, 120));
        int perSecond = Scale.count(600, 1_000);
        int total = (int) (storm.toSeconds() * perSecond);
        TopicLayout layout = cluster.layout("rebalance-storm").withPartitions(PARTITIONS);
        String topic = layout.topic(Domain.TOOL);
        String group = cluster.uniqueName("storm-group");
        SubscriberConfig config = SubscriberConfig.builder(cluster.bootstrapServers(), cluster.schemaRegistryUrl(), group)
                .topicPrefix(layout.prefix())
                .maxConcurrency(CONCURRENCY)
                .commitInterval(Duration.ofMillis(200)).build();

        HandledEvents handlings = new HandledEvents();
        HandledOffsets handledOffsets = new HandledOffsets();
        EventListener handler = (event, delivery) -> {
            Thread.sleep(HANDLER.toMillis());
            handledOffsets.add(delivery.partition(), delivery.offset());
            handlings.record(event);
        };

        List<String> keys = new ArrayList<>();
        for (int k = 0; k < KEYS; k++) {
            keys.add(DomainEvent.newId());
        }
        EventSubscriber[] members = new EventSubscriber[INSTANCES];
        OffsetSampler sampler;
        int restarts = 0;
        AtomicLong maxStopNanos = new AtomicLong();
        @SuppressWarnings("unchecked")
        CompletableFuture<Boolean>[] stopping = new CompletableFuture[INSTANCES];
        ExecutorService closer = Executors.newFixedThreadPool(INSTANCES);
        long stormStart;
        long stormEnd;
        int handledBeforeStorm;
        int handledInStorm;
        Duration emitted;
        ExecutorService background = Executors.newFixedThreadPool(2);
        try (KafkaEventBus bus = KafkaEventBus.start(KafkaEventBusConfig.local(cluster.bootstrapServers(),
                cluster.schemaRegistryUrl()).withTopics(layout));
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()))) {
            for (int i = 0; i < INSTANCES; i++) {
                members[i] = start(config, handler);
            }
            Map<String, Long> seq = new HashMap<>();
            sampler = new OffsetSampler(admin, group, topic, handledOffsets);
            CompletableFuture<Void> sampling = CompletableFuture.runAsync(sampler, background);
            CompletableFuture<Duration> emitting = CompletableFuture.supplyAsync(() -> {
                try {
                    return PacedEmits.emit(bus, total, perSecond, i -> {
                        String key = keys.get(i % KEYS);
                        return DomainEvent.builder(EventType.TOOL_INVOKED).source("rebalance-storm").correlationId(key)
                                .detail("seq", seq.merge(key, 1L, Long::sum)).build();
                    });
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted", e);
                }
            }, background);
            try {
                await().alias("the group formed and handling").atMost(Duration.ofMinutes(1))
                        .until(() -> handlings.distinct() > 0);
                stormStart = System.nanoTime();
                handledBeforeStorm = handlings.distinct();
                long next = stormStart;
                while (System.nanoTime() - stormStart < storm.toNanos()) {
                    next += TOGGLE_EVERY.toNanos();
                    int victim = restarts % INSTANCES;
                    if (stopping[victim] != null) { // the slot's previous member, stopped three beats ago
                        assertThat(stopping[victim].get(30, TimeUnit.SECONDS)).as("a member drains within 10 s").isTrue();
                    }
                    EventSubscriber leaving = members[victim];
                    stopping[victim] = CompletableFuture.supplyAsync(() -> {
                        long at = System.nanoTime();
                        boolean drained = leaving.close(Duration.ofSeconds(10));
                        maxStopNanos.accumulateAndGet(System.nanoTime() - at, Math::max);
                        return drained;
                    }, closer);
                    members[victim] = start(config, handler);
                    restarts++;
                    long wait = next - System.nanoTime();
                    if (wait > 0) {
                        TimeUnit.NANOSECONDS.sleep(wait); // the storm's beat, not waiting for an outcome
                    }
                }
                stormEnd = System.nanoTime();
                handledInStorm = handlings.distinct() - handledBeforeStorm;
                emitted = emitting.get(2, TimeUnit.MINUTES);
                try { // a record lost stops neither the figures nor the offset check: the assertions below tell
                    await().alias("every event handled").atMost(Duration.ofMinutes(2))
                            .until(() -> handlings.distinct() >= total);
                    await().alias("the group committed to the end").atMost(Duration.ofSeconds(30))
                            .until(() -> sampler.committedTotal() >= total);
                } catch (ConditionTimeoutException e) {
                    System.out.println("rebalance-storm: " + e.getMessage());
                }
            } finally {
                sampler.stop();
                sampling.get(30, TimeUnit.SECONDS);
                for (CompletableFuture<Boolean> stop : stopping) {
                    if (stop != null) {
                        stop.get(30, TimeUnit.SECONDS);
                    }
                }
                for (EventSubscriber member : members) {
                    member.close(Duration.ofSeconds(10));
                }
            }
        } finally {
            background.shutdownNow();
            closer.shutdownNow();
        }

        long duplicates = handlings.duplicates();
        List<String> outOfOrder = handlings.outOfOrderKeys();
        Duration window = storm.dividedBy(PROGRESS_WINDOWS).compareTo(MIN_PROGRESS_WINDOW) < 0
                ? MIN_PROGRESS_WINDOW : storm.dividedBy(PROGRESS_WINDOWS);
        int windows = (int) Math.max(1, (stormEnd - stormStart) / window.toNanos());
        List<String> stalled = new ArrayList<>();
        for (String key : keys) {
            List<Long> times = handlings.firstHandlingTimesOf(key);
            for (int w = 0; w < windows; w++) {
                long from = stormStart + w * window.toNanos();
                long to = from + window.toNanos();
                if (times.stream().noneMatch(at -> at >= from && at < to)) {
                    stalled.add(key + " in window " + (w + 1));
                    break;
                }
            }
        }
        Figures.of("rebalance-storm").put("emitted", total)
                .put("acknowledged", total)
                .put("found", handlings.distinct())
                .put("duplicates", duplicates)
                .put("duplicate_pct", String.format(java.util.Locale.ROOT, "%.2f", 100.0 * duplicates / total))
                .put("lost", total - handlings.distinct())
                .put("restarts", restarts)
                .put("storm", Duration.ofNanos(stormEnd - stormStart))
                .put("handled_before_storm", handledBeforeStorm)
                .put("handled_in_storm", handledInStorm)
                .put("emitting", emitted)
                .put("run", Duration.ofNanos(System.nanoTime() - stormStart))
                .put("longest_stop", Duration.ofNanos(maxStopNanos.get()))
                .put("offset_samples", sampler.samples())
                .put("commits_past_unhandled", sampler.violations().size())
                .put("stalled_keys", stalled.size())
                .put("progress_windows", windows + " x " + window.toSeconds() + "s")
                .print();

        assertThat(restarts).as("members stopped and started during the storm")
                .isGreaterThanOrEqualTo((int) (storm.toMillis() / TOGGLE_EVERY.toMillis() / 3));
        assertThat(sampler.violations()).as("committed offsets past a record no handler had finished").isEmpty();
        assertThat(handlings.distinct()).as("every event handled at least once").isEqualTo(total);
        assertThat(duplicates).as("handlings beyond the first: under 1 %% of %d events", total).isLessThan(total / 100L);
        assertThat(outOfOrder).as("correlation ids whose events were first handled out of emit order").isEmpty();
        assertThat(sampler.samples()).as("committed offsets sampled during the storm").isGreaterThan(10);
        assertThat(stalled).as("correlation ids with no event first handled in a %s window of the storm", window)
                .isEmpty();
    }

    private static EventSubscriber start(SubscriberConfig config, EventListener handler) {
        return EventSubscriber.builder(config).on(Domain.TOOL, handler).build().start();
    }

    /** The offsets some handler finished, per partition. Thread-safe. */
    static final class HandledOffsets {
        private final Map<Integer, BitSet> byPartition = new HashMap<>();

        synchronized void add(int partition, long offset) {
            byPartition.computeIfAbsent(partition, p -> new BitSet()).set(Math.toIntExact(offset));
        }

        /** The lowest offset of the partition no handler has finished (the topic's offsets start at 0). */
        synchronized long firstUnhandled(int partition) {
            BitSet handled = byPartition.get(partition);
            return handled == null ? 0 : handled.nextClearBit(0);
        }
    }

    /**
     * Samples the group's committed offsets until stopped and compares each with the first offset of
     * its partition no handler had finished: a committed offset beyond it passed an unhandled record.
     * Handled offsets only grow, so a comparison made after the sample is a fair one.
     */
    static final class OffsetSampler implements Runnable {
        private final Admin admin;
        private final String group;
        private final String topic;
        private final HandledOffsets handled;
        private final AtomicBoolean stopped = new AtomicBoolean();
        private final AtomicInteger samples = new AtomicInteger();
        private final AtomicLong committedTotal = new AtomicLong();
        private final List<String> violations = Collections.synchronizedList(new ArrayList<>());

        OffsetSampler(Admin admin, String group, String topic, HandledOffsets handled) {
            this.admin = admin;
            this.group = group;
            this.topic = topic;
            this.handled = handled;
        }

        @Override
        public void run() {
            while (!stopped.get()) {
                sample();
                try {
                    Thread.sleep(SAMPLE_EVERY.toMillis()); // the sampling period
                } catch (InterruptedException e) {
                    return;
                }
            }
            sample(); // and once more at the end
        }

        private void sample() {
            Map<TopicPartition, OffsetAndMetadata> committed;
            try {
                committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                return; // a coordinator busy with the rebalance: the next sample will tell
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            long sum = 0;
            for (Map.Entry<TopicPartition, OffsetAndMetadata> entry : committed.entrySet()) {
                if (!entry.getKey().topic().equals(topic) || entry.getValue() == null) {
                    continue;
                }
                long offset = entry.getValue().offset();
                sum += offset;
                long firstUnhandled = handled.firstUnhandled(entry.getKey().partition());
                if (offset > firstUnhandled && violations.size() < 20) {
                    violations.add(entry.getKey() + " committed at " + offset + " with offset " + firstUnhandled
                            + " not handled (sample " + samples.get() + ")");
                }
            }
            committedTotal.set(sum);
            samples.incrementAndGet();
        }

        void stop() {
            stopped.set(true);
        }

        int samples() {
            return samples.get();
        }

        long committedTotal() {
            return committedTotal.get();
        }

        List<String> violations() {
            return List.copyOf(violations);
        }
    }
}
