package io.agentevents.reliability;

import io.agentevents.producer.EmitException;
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
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Scenario 1, a broker lost under load: several threads emit through one {@link KafkaEventBus}
 * while one node is stopped (abruptly, no controlled shutdown) and later started again, twice:
 * first the node leading most of the test's partitions, then the active controller (or another
 * node). Every event whose future completed successfully must be on its topic exactly once, where
 * the future said, and in emit order per correlation id; every other future must have failed with
 * an {@link EmitException}.
 *
 * <p>The emitters are paced so that a fifth of the events is emitted in each phase: steady, first
 * node down, first node restarting, second node down, second node restarting.
 *
 * <p>Scenario 9 of issue 15 checks the same run as a Jepsen-style {@link History}: every emit's
 * invocation and outcome and every record read back, judged by {@link HistoryCheck}
 * (acknowledged a subset of read, nothing read twice, each key read in emit order); a history
 * that fails is written to a file under {@code target} that the assertion names.
 */
@Order(1)
@ExtendWith(ReliabilityClusterExtension.class)
class BrokerLossIT {
    private static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(30);
    private static final int THREADS = 4;
    private static final int KEYS_PER_THREAD = 25;
    private static final List<Domain> DOMAINS = List.of(Domain.PLAN, Domain.TOOL, Domain.DECISION, Domain.BUDGET);
    private static final Map<Domain, EventType> TYPES = Map.of(Domain.PLAN, EventType.PLAN_PHASE_CHANGED,
            Domain.TOOL, EventType.TOOL_INVOKED, Domain.DECISION, EventType.DECISION_CREATED,
            Domain.BUDGET, EventType.BUDGET_CONSUMED);
    /** A stopped node stays down at least this long: past the 4 s broker session timeout, so it is fenced. */
    private static final Duration MIN_DOWN = Duration.ofSeconds(6);
    private static final int PHASES = 5;

    @Test
    void everyAcknowledgedEventIsOnItsTopicOnceAndInOrderWhileBrokersDieAndComeBack(ReliabilityCluster cluster)
            throws Exception {
        int total = Scale.count(50_000, 200_000);
        int perSecond = Scale.count(2_000, 4_000);
        TopicLayout layout = cluster.layout("broker-loss");
        List<String> topics = DOMAINS.stream().map(layout::topic).toList();
        KafkaEventBusConfig config = KafkaEventBusConfig.local(cluster.bootstrapServers(), cluster.schemaRegistryUrl())
                .withTopics(layout).withDeliveryTimeout(DELIVERY_TIMEOUT);

        AtomicInteger claimed = new AtomicInteger();
        AtomicInteger emitted = new AtomicInteger();
        AtomicLong allowed = new AtomicLong();
        AtomicLong cap = new AtomicLong(total / PHASES);
        List<List<PacedLoad.Emit>> byThread = new ArrayList<>();
        List<String> killLog = Collections.synchronizedList(new ArrayList<>());
        Duration[] rejoin = new Duration[2];
        History history = new History();
        long started;

        try (KafkaEventBus bus = KafkaEventBus.start(config);
             Partitions partitions = new Partitions(cluster.bootstrapServers())) {
            Thread pacer = new Thread(() -> pace(allowed, cap, perSecond), "broker-loss-pacer");
            pacer.setDaemon(true);
            List<Thread> emitters = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                List<PacedLoad.Emit> mine = new ArrayList<>();
                byThread.add(mine);
                int thread = t;
                Thread emitter = new Thread(() -> emit(bus, thread, total, claimed, allowed, emitted, mine, history),
                        "broker-loss-emitter-" + t);
                emitter.setDaemon(true);
                emitters.add(emitter);
            }
            started = System.nanoTime();
            pacer.start();
            emitters.forEach(Thread::start);
            try {
                runPhases(cluster, partitions, topics, total, emitted, cap, killLog, rejoin, started);
                cap.set(total);
                for (Thread emitter : emitters) {
                    emitter.join(TimeUnit.MINUTES.toMillis(3));
                    assertThat(emitter.isAlive()).as(emitter.getName() + " finished").isFalse();
                }
            } finally {
                pacer.interrupt();
                emitters.forEach(Thread::interrupt);
                for (int node : cluster.kafka().nodeIds()) { // leave the shared cluster whole, whatever happened
                    if (!cluster.kafka().isRunning(node)) {
                        cluster.kafka().startNode(node);
                    }
                }
            }
            // every future completes: acknowledged or failed, none hangs past the delivery timeout
            List<PacedLoad.Emit> all = byThread.stream().flatMap(List::stream).toList();
            CompletableFuture<?> everything = CompletableFuture.allOf(all.stream().map(PacedLoad.Emit::outcome)
                    .map(future -> future.exceptionally(failure -> null)).toArray(CompletableFuture[]::new));
            everything.get(DELIVERY_TIMEOUT.plus(config.maxBlock()).plusSeconds(10).toMillis(), TimeUnit.MILLISECONDS);
            Duration emitting = Duration.ofNanos(System.nanoTime() - started);

            check(cluster, topics, all, killLog, rejoin, emitting, history);
        }
    }

    /** Phase 1 steady; 2 first node down; 3 it restarts; 4 second node down; 5 it restarts. */
    private static void runPhases(ReliabilityCluster cluster, Partitions partitions, List<String> topics, int total,
                                  AtomicInteger emitted, AtomicLong cap, List<String> killLog, Duration[] rejoin,
                                  long started) throws InterruptedException {
        waitUntil(() -> emitted.get() >= total / PHASES, Duration.ofMinutes(2));
        int first = partitions.mostLeading(topics);
        int controller = partitions.activeController();
        int second = controller != first ? controller
                : cluster.kafka().nodeIds().stream().filter(id -> id != first).findFirst().orElseThrow();
        int[] victims = {first, second};
        for (int kill = 0; kill < 2; kill++) {
            int node = victims[kill];
            long downAt = System.nanoTime();
            cluster.kafka().stopNode(node);
            killLog.add("node " + node + " stopped at " + seconds(started) + " s");
            cap.set((long) total * (2 * kill + 2) / PHASES);
            waitUntil(() -> emitted.get() >= cap.get() && System.nanoTime() - downAt >= MIN_DOWN.toNanos(),
                    Duration.ofMinutes(3));
            cap.set((long) total * (2 * kill + 3) / PHASES);
            long upAt = System.nanoTime();
            cluster.kafka().startNode(node);
            partitions.awaitFullyInSync(topics, ReliabilityCluster.NODES, Duration.ofMinutes(2));
            rejoin[kill] = Duration.ofNanos(System.nanoTime() - upAt);
            killLog.add("node " + node + " back and every replica in sync " + seconds(upAt) + " s after its start");
            long target = cap.get();
            waitUntil(() -> emitted.get() >= target, Duration.ofMinutes(3));
        }
    }

    private void check(ReliabilityCluster cluster, List<String> topics, List<PacedLoad.Emit> all, List<String> killLog,
                       Duration[] rejoin, Duration emitting, History history) {
        Map<String, EmitResult> acknowledged = new HashMap<>();
        List<Throwable> failures = new ArrayList<>();
        long maxLatencyNanos = 0;
        for (PacedLoad.Emit emit : all) {
            if (emit.outcome().isCompletedExceptionally()) {
                failures.add(emit.failure());
            } else {
                acknowledged.put(emit.eventId(), emit.outcome().join());
            }
        }
        for (PacedLoad.Emit emit : all) {
            maxLatencyNanos = Math.max(maxLatencyNanos, emit.completedAtNanos().get() - emit.emittedAtNanos());
        }

        List<TopicDump.Found> found = TopicDump.readAll(cluster.bootstrapServers(), topics, Duration.ofMinutes(2));
        found.forEach(copy -> history.read("reader", copy.key(), copy.eventId(),
                copy.topic() + "-" + copy.partition() + "@" + copy.offset()));
        HistoryCheck.Checked checkedHistory = HistoryCheck.checkAndKeep(history, "broker-loss");
        LogCheck log = LogCheck.of(found, all, acknowledged);

        Figures.of("broker-loss").put("emitted", all.size())
                .put("acknowledged", acknowledged.size())
                .put("failed", failures.size())
                .put(log)
                .put("out_of_order_keys", log.outOfOrderKeys().size())
                .put("max_ack_latency", Duration.ofNanos(maxLatencyNanos))
                .put("recover", rejoin[0].compareTo(rejoin[1]) >= 0 ? rejoin[0] : rejoin[1])
                .put("run", emitting)
                .print();
        killLog.forEach(line -> System.out.println("  broker-loss: " + line));
        Figures.of("broker-loss-history").put("operations", history.ops().size())
                .put("acknowledged", checkedHistory.result().acknowledged())
                .put("failed", checkedHistory.result().failed())
                .put("reads", checkedHistory.result().reads())
                .put("lost", checkedHistory.result().lost())
                .put("duplicated", checkedHistory.result().duplicated())
                .put("reordered_keys", checkedHistory.result().reorderedKeys())
                .put("failed_but_read", checkedHistory.result().failedButRead())
                .print();
        failures.stream().map(Throwable::toString).distinct().limit(5).forEach(f -> System.out.println("  failure: " + f));

        assertThat(checkedHistory.result().valid()).as("the history check: %s", checkedHistory.describe()).isTrue();
        assertThat(failures).as("failed emits fail loudly, with an EmitException").allMatch(f -> f instanceof EmitException);
        assertThat(acknowledged.size() + failures.size()).as("every future completed").isEqualTo(all.size());
        log.assertAcknowledgedIntact();
        assertThat(found).as("records on the topics: the acknowledged ones and failed ones that landed anyway")
                .hasSize((int) (acknowledged.size() + log.failedButLanded()));
    }

    /** Releases events at {@code perSecond}, never beyond the cap of the current phase. */
    private static void pace(AtomicLong allowed, AtomicLong cap, int perSecond) {
        long step = Math.max(1, perSecond / 100);
        while (!Thread.currentThread().isInterrupted()) {
            allowed.getAndUpdate(current -> Math.min(cap.get(), current + step));
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static void emit(KafkaEventBus bus, int thread, int total, AtomicInteger claimed, AtomicLong allowed,
                             AtomicInteger emitted, List<PacedLoad.Emit> mine, History history) {
        List<String> keys = new ArrayList<>();
        for (int k = 0; k < KEYS_PER_THREAD; k++) {
            keys.add(DomainEvent.newId());
        }
        Map<String, Long> seq = new HashMap<>();
        int round = 0;
        while (true) {
            int index = claimed.getAndIncrement();
            if (index >= total) {
                return;
            }
            while (index >= allowed.get()) {
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    return;
                }
            }
            int k = round++ % KEYS_PER_THREAD;
            String key = keys.get(k);
            Domain domain = DOMAINS.get(k % DOMAINS.size());
            long next = seq.merge(key, 1L, Long::sum);
            DomainEvent event = DomainEvent.builder(TYPES.get(domain)).source("broker-loss-" + thread)
                    .correlationId(key).planId("plan-" + thread + "-" + k).detail("seq", next).build();
            String process = "emitter-" + thread;
            history.invoke(process, key, event.eventId());
            long at = System.nanoTime();
            AtomicLong completedAt = new AtomicLong();
            CompletableFuture<EmitResult> outcome = bus.emit(event);
            outcome.whenComplete((result, failure) -> {
                completedAt.set(System.nanoTime());
                if (failure == null) {
                    history.ok(process, key, event.eventId(), result.topic() + "-" + result.partition() + "@" + result.offset());
                } else {
                    history.fail(process, key, event.eventId(), failure.toString());
                }
            });
            mine.add(new PacedLoad.Emit(event.eventId(), key, next, at, completedAt, outcome));
            emitted.incrementAndGet();
        }
    }

    private static void waitUntil(BooleanSupplier condition, Duration timeout) {
        await().atMost(timeout).pollInterval(Duration.ofMillis(20)).until(condition::getAsBoolean);
    }

    private static String seconds(long since) {
        return String.format(java.util.Locale.ROOT, "%.1f", (System.nanoTime() - since) / 1e9);
    }
}
