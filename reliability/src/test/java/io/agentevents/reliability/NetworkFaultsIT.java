package io.agentevents.reliability;

import io.agentevents.consumer.EventSubscriber;
import io.agentevents.consumer.SubscriberConfig;
import io.agentevents.local.testing.faults.FaultProxy;
import io.agentevents.local.testing.faults.Toxic;
import io.agentevents.producer.EmitException;
import io.agentevents.producer.EmitResult;
import io.agentevents.producer.kafka.KafkaEventBus;
import io.agentevents.producer.kafka.KafkaEventBusConfig;
import io.agentevents.schemas.Domain;
import io.agentevents.schemas.DomainEvent;
import io.agentevents.schemas.EventType;
import io.agentevents.schemas.topics.TopicLayout;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Scenarios 6 to 8, network faults: clients and nodes talk through fault proxies
 * ({@link ProxiedCluster}), and the scenarios cut or degrade links while events flow:
 * <ol>
 *   <li>every client cut from the node leading most partitions, then healed;</li>
 *   <li>every link degraded to 100 ms +/- 20 ms each way at 3,000 kbit/s;</li>
 *   <li>the leader of most partitions isolated from the controller quorum and the other brokers while
 *       clients still reach it (a zombie leader).</li>
 * </ol>
 * Faults last {@link #FAULT} (60 s in the long variant). The cluster is this class's own, started
 * before its first scenario and closed after its last. Nothing here touches the shared cluster, so
 * this class runs beside the scenarios on it (which run one at a time, in order); its own scenarios
 * run one at a time, in order.
 */
@Order(0)
@Execution(ExecutionMode.CONCURRENT)
@EnabledIf(value = "io.agentevents.reliability.Scale#heavy",
        disabledReason = "a heavy scenario, left out by -Dreliability.heavy=false (docs/reliability.md)")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NetworkFaultsIT {
    private static final Duration FAULT = Duration.ofSeconds(Scale.count(10, 60));
    private static final Duration WARM_UP = Duration.ofSeconds(2);
    private static final Duration PROGRESS_BOUND = Duration.ofSeconds(60);
    /**
     * The isolation lasts {@link #FAULT}, or longer until another leader has taken over, at most this
     * much longer: the takeover needs the broker session (4 s) to expire, after a controller election
     * when the zombie was the active controller, and the producer's request to the zombie to time out.
     */
    private static final Duration DEPOSE_GRACE = Duration.ofSeconds(20);

    /**
     * A scenario of this class: a test that runs alone, one scenario at a time (each faults the whole
     * proxied cluster), in its {@link Order}, and fails after 10 minutes.
     */
    @Target(ElementType.METHOD)
    @Retention(RetentionPolicy.RUNTIME)
    @Test
    @Execution(ExecutionMode.SAME_THREAD)
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    @interface NetworkScenario {
    }

    private ProxiedCluster cluster;

    @BeforeAll
    void startCluster() {
        cluster = ProxiedCluster.start();
    }

    @AfterAll
    void closeCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @AfterEach
    void healEveryLink() {
        cluster.network().clearAll();
        cluster.kafka().awaitBrokers(ProxiedCluster.NODES, Duration.ofSeconds(60));
    }

    /**
     * Scenario 1: every client (producer, subscriber, admin) loses the node leading most of the
     * topic's partitions for {@link #FAULT}; the node itself stays in the cluster and keeps its
     * leadership. Emits to its partitions wait and, past the bus's 8 s delivery timeout, fail.
     */
    @NetworkScenario
    @Order(1)
    void aClientCutFromThePartitionLeaderLosesNothingAcknowledgedAndProgressesOnceHealed() throws Exception {
        TopicLayout layout = cluster.layout("client-cut");
        String topic = layout.topic(Domain.TOOL);
        KafkaEventBusConfig config = busConfig(layout, Duration.ofSeconds(8), Duration.ofSeconds(3));
        HandledEvents handled = new HandledEvents();
        try (KafkaEventBus bus = KafkaEventBus.start(config);
             EventSubscriber subscriber = subscriber(layout, "client-cut", handled);
             Partitions partitions = new Partitions(cluster.bootstrapServers());
             PacedLoad load = PacedLoad.start(bus, "client-cut", 2, 200, 10)) {
            awaitSteady(load);
            int leader = partitions.mostLeading(List.of(topic));
            Set<Integer> leaderPartitions = partitions.ledBy(topic, leader);

            long cutAt = System.nanoTime();
            cluster.network().client(leader).cut();
            Thread.sleep(FAULT.toMillis()); // the fault itself
            long healAt = System.nanoTime();
            cluster.network().client(leader).heal();
            // acknowledgements of the cut node's partitions while it was cut (after the in-flight second)
            long ackedWhileCut = load.all().stream().filter(PacedLoad.Emit::acknowledged)
                    .filter(emit -> leaderPartitions.contains(emit.outcome().join().partition()))
                    .filter(emit -> emit.completedAtNanos().get() > cutAt + TimeUnit.SECONDS.toNanos(1)
                            && emit.completedAtNanos().get() < healAt).count();

            // progress: every partition acknowledges an emit made after the heal
            await().alias("every partition acknowledges an emit made after the heal").atMost(PROGRESS_BOUND)
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> partitionsAcknowledgedSince(load, healAt).size() == layout.partitions());
            Duration progress = Duration.ofNanos(System.nanoTime() - healAt);
            finish(load, config);
            EmitResult afterwards = bus.emitAndWait(DomainEvent.builder(EventType.TOOL_INVOKED).source("client-cut")
                    .correlationId(DomainEvent.newId()).build(), Duration.ofSeconds(30));

            Map<String, EmitResult> acknowledged = load.acknowledged();
            Set<String> toHandle = new java.util.HashSet<>(acknowledged.keySet());
            toHandle.add(afterwards.eventId());
            await().alias("the subscriber handles every acknowledged event").atMost(Duration.ofSeconds(90))
                    .until(() -> handled.handledAll(toHandle));
            List<Throwable> failures = load.failures();
            LogCheck log = LogCheck.of(TopicDump.readAll(cluster.bootstrapServers(), List.of(topic), Duration.ofMinutes(1)),
                    load, acknowledged);
            long retriable = failures.stream().filter(f -> f instanceof EmitException e && e.retriable()).count();

            Figures.of("client-cut").put("emitted", load.emitted())
                    .put("acknowledged", acknowledged.size())
                    .put("failed", failures.size())
                    .put("retriable", retriable)
                    .put(log)
                    .put("acked_while_cut", ackedWhileCut)
                    .put("handled", handled.distinct())
                    .put("handled_again", handled.duplicates())
                    .put("cut", Duration.ofNanos(healAt - cutAt))
                    .put("progress", progress)
                    .put("leader", "node " + leader + " (" + leaderPartitions.size() + " of " + layout.partitions()
                            + " partitions)")
                    .print();
            failures.stream().map(Throwable::toString).distinct().limit(3).forEach(f -> System.out.println("  failure: " + f));

            assertThat(failures).as("failed emits surface as retriable EmitExceptions").allMatch(
                    f -> f instanceof EmitException e && e.retriable());
            assertThat(failures).as("emits to the cut leader's partitions outlast the 8 s delivery timeout and fail")
                    .isNotEmpty();
            assertThat(ackedWhileCut).as("acknowledgements from the cut leader while cut (the cut took effect)").isZero();
            log.assertAcknowledgedIntact();
            assertThat(progress).as("every partition acknowledges again after the heal").isLessThan(PROGRESS_BOUND);
            assertThat(subscriber.state()).as("the subscriber survived the cut").isEqualTo(EventSubscriber.State.RUNNING);
        }
    }

    /**
     * Scenario 2: every link of the cluster, clients' and nodes', degraded as in Kafka's Trogdor
     * tests: 100 ms +/- 20 ms of latency and 3,000 kbit/s each way, for {@link #FAULT}, under
     * load with a subscriber reading along.
     */
    @NetworkScenario
    @Order(2)
    void aDegradedNetworkLosesNothingKeepsEachKeysOrderAndReportsTheLatency() throws Exception {
        TopicLayout layout = cluster.layout("degraded");
        String topic = layout.topic(Domain.TOOL);
        KafkaEventBusConfig config = KafkaEventBusConfig.local(cluster.bootstrapServers(), cluster.schemaRegistryUrl())
                .withTopics(layout).withDeliveryTimeout(Duration.ofSeconds(60));
        HandledEvents handled = new HandledEvents();
        Toxic latency = new Toxic.Latency(Duration.ofMillis(100), Duration.ofMillis(20));
        Toxic bandwidth = new Toxic.Bandwidth(3_000);
        try (KafkaEventBus bus = KafkaEventBus.start(config);
             EventSubscriber subscriber = subscriber(layout, "degraded", handled)) {
            cluster.network().proxies().values().forEach(proxy -> proxy.add(latency).add(bandwidth));
            long degradedAt = System.nanoTime();
            try (PacedLoad load = PacedLoad.start(bus, "degraded", 2, 100, 10)) {
                Thread.sleep(FAULT.toMillis()); // the fault itself, under load
                load.stop();
                load.awaitCompletion(2, TimeUnit.MINUTES);
                Map<String, EmitResult> acknowledged = load.acknowledged();
                await().alias("the subscriber handles every acknowledged event on the degraded network")
                        .atMost(Duration.ofMinutes(2)).until(() -> handled.handledAll(acknowledged.keySet()));
                Duration degraded = Duration.ofNanos(System.nanoTime() - degradedAt);
                cluster.network().clearAll();

                List<Long> latencies = acknowledged.keySet().stream()
                        .map(id -> handled.firstHandledAtNanos(id) - load.byId(id).emittedAtNanos()).sorted().toList();
                List<Throwable> failures = load.failures();
                LogCheck log = LogCheck.of(TopicDump.readAll(cluster.bootstrapServers(), List.of(topic),
                        Duration.ofMinutes(1)), load, acknowledged);
                List<String> handledOutOfOrder = handled.outOfOrderKeys(acknowledged, load);
                List<Long> ackLatencies = load.all().stream().filter(PacedLoad.Emit::acknowledged)
                        .map(emit -> emit.completedAtNanos().get() - emit.emittedAtNanos()).sorted().toList();
                Duration p50 = percentile(latencies, 50);
                Duration p99 = percentile(latencies, 99);

                Figures.of("degraded-network").put("emitted", load.emitted())
                        .put("acknowledged", acknowledged.size())
                        .put("failed", failures.size())
                        .put("found", log.found())
                        .put("duplicates", log.duplicates())
                        .put("lost", log.lost().size())
                        .put("handled", handled.distinct())
                        .put("handled_again", handled.duplicates())
                        .put("out_of_order_keys", log.outOfOrderKeys().size() + handledOutOfOrder.size())
                        .put("e2e_p50", millis(p50))
                        .put("e2e_p99", millis(p99))
                        .put("e2e_max", millis(percentile(latencies, 100)))
                        .put("ack_p50", millis(percentile(ackLatencies, 50)))
                        .put("ack_p99", millis(percentile(ackLatencies, 99)))
                        .put("degraded", degraded)
                        .print();

                assertThat(failures).as("no emit fails on a slow network within the 60 s delivery timeout").isEmpty();
                log.assertAcknowledgedIntact();
                assertThat(handledOutOfOrder).as("keys first handled out of emit order").isEmpty();
                // a record is readable once replicated: client 100 ms, a follower's fetch, the consumer's 100 ms back
                assertThat(p50).as("the network was degraded: median emit-to-handle latency")
                        .isGreaterThan(Duration.ofMillis(200));
                assertThat(subscriber.state()).isEqualTo(EventSubscriber.State.RUNNING);
            }
        }
    }

    /**
     * Scenario 3: the node leading most partitions is cut from every other node, controller and broker
     * links both ways, for {@link #FAULT}, while clients still reach it. A reader with no group polls
     * the topic throughout, from whichever node it believes leads.
     */
    @NetworkScenario
    @Order(3)
    void anIsolatedLeaderLosesNothingAcknowledgedAndNothingIsReadTwice() throws Exception {
        TopicLayout layout = cluster.layout("zombie-leader");
        String topic = layout.topic(Domain.TOOL);
        KafkaEventBusConfig config = busConfig(layout, Duration.ofSeconds(40), Duration.ofSeconds(5));
        try (KafkaEventBus bus = KafkaEventBus.start(config);
             Partitions partitions = new Partitions(cluster.bootstrapServers());
             Reader reader = Reader.start(cluster.bootstrapServers(), topic, layout.partitions());
             PacedLoad load = PacedLoad.start(bus, "zombie-leader", 2, 200, 10)) {
            awaitSteady(load);
            int zombie = partitions.mostLeading(List.of(topic));
            Set<Integer> zombiePartitions = partitions.ledBy(topic, zombie);
            boolean wasController = partitions.activeController() == zombie;

            long isolatedAt = System.nanoTime();
            List<FaultProxy> cut = cluster.network().isolate(zombie);
            // The zombie cannot acknowledge with acks=all (its followers are cut, and so is the controller
            // that would shrink its ISR), so an acknowledgement for one of its partitions means the
            // majority fenced it (4 s broker session) and elected another leader, and the producer found it.
            Duration deposed = null;
            try {
                await().atMost(FAULT.plus(DEPOSE_GRACE)).pollInterval(Duration.ofMillis(100))
                        .until(() -> firstAcknowledgedAfter(load, zombiePartitions, isolatedAt) > 0);
                deposed = Duration.ofNanos(firstAcknowledgedAfter(load, zombiePartitions, isolatedAt) - isolatedAt);
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                System.out.println("  zombie-leader: no partition of node " + zombie + " acknowledged within "
                        + FAULT.plus(DEPOSE_GRACE));
            }
            long left = isolatedAt + FAULT.toNanos() - System.nanoTime();
            if (left > 0) {
                Thread.sleep(TimeUnit.NANOSECONDS.toMillis(left)); // the rest of the fault (it lasts until deposed, too)
            }
            long healAt = System.nanoTime();
            cluster.network().healAll();
            Duration rejoined = partitions.awaitFullyInSync(List.of(topic), ProxiedCluster.NODES, Duration.ofMinutes(2));
            finish(load, config);

            Map<String, EmitResult> acknowledged = load.acknowledged();
            List<TopicDump.Found> finalLog = TopicDump.readAll(cluster.bootstrapServers(), List.of(topic),
                    Duration.ofMinutes(1));
            reader.awaitEnd(finalLog.size(), Duration.ofMinutes(1));
            LogCheck log = LogCheck.of(finalLog, load, acknowledged);
            List<TopicDump.Found> read = reader.read();
            Map<String, Long> readCopies = read.stream().collect(Collectors.groupingBy(TopicDump.Found::eventId,
                    Collectors.counting()));
            long readTwice = readCopies.values().stream().filter(copies -> copies > 1).count();
            Map<String, TopicDump.Found> finalAt = new HashMap<>();
            finalLog.forEach(found -> finalAt.put(found.partition() + "@" + found.offset(), found));
            long phantom = read.stream().filter(found -> {
                TopicDump.Found kept = finalAt.get(found.partition() + "@" + found.offset());
                return kept == null || !kept.eventId().equals(found.eventId());
            }).count();
            List<Throwable> failures = load.failures();
            long maxAck = load.all().stream().filter(PacedLoad.Emit::acknowledged)
                    .mapToLong(emit -> emit.completedAtNanos().get() - emit.emittedAtNanos()).max().orElse(0);

            Figures.of("isolated-leader").put("emitted", load.emitted())
                    .put("acknowledged", acknowledged.size())
                    .put("failed", failures.size())
                    .put(log)
                    .put("read", read.size())
                    .put("read_twice", readTwice)
                    .put("read_then_gone", phantom)
                    .put("zombie", "node " + zombie + (wasController ? " (active controller)" : "") + " leading "
                            + zombiePartitions.size() + " of " + layout.partitions() + " partitions")
                    .put("cut_links", cut.size())
                    .put("deposed", deposed == null ? "-" : String.format(java.util.Locale.ROOT, "%.1fs",
                            deposed.toMillis() / 1000.0))
                    .put("isolated", Duration.ofNanos(healAt - isolatedAt))
                    .put("recover", rejoined)
                    .put("max_ack_latency", Duration.ofNanos(maxAck))
                    .print();
            failures.stream().map(Throwable::toString).distinct().limit(3).forEach(f -> System.out.println("  failure: " + f));

            assertThat(failures).as("failed emits surface as EmitExceptions").allMatch(f -> f instanceof EmitException);
            assertThat(deposed).as("the isolated leader's partitions acknowledge again (another leader) while it is isolated")
                    .isNotNull();
            log.assertAcknowledgedIntact(); // acknowledged with acks=all
            assertThat(readTwice).as("events the reader read twice").isZero();
            assertThat(phantom).as("records read that the final log does not hold there (read from the zombie, then gone)")
                    .isZero();
            assertThat(read).as("the reader read the whole final log").hasSize(finalLog.size());
        }
    }

    private SubscriberConfig subscriberConfig(TopicLayout layout, String group) {
        return SubscriberConfig.builder(cluster.bootstrapServers(), cluster.schemaRegistryUrl(), cluster.uniqueName(group))
                .topicPrefix(layout.prefix()).maxConcurrency(8).commitInterval(Duration.ofMillis(200)).build();
    }

    private EventSubscriber subscriber(TopicLayout layout, String group, HandledEvents handled) {
        return EventSubscriber.builder(subscriberConfig(layout, group)).on(Domain.TOOL, handled).build().start();
    }

    /**
     * The bus's config for the layout's topics on the proxied cluster, with this delivery timeout and request
     * timeout (max block: the delivery timeout).
     */
    private KafkaEventBusConfig busConfig(TopicLayout layout, Duration delivery, Duration request) {
        KafkaEventBusConfig config = KafkaEventBusConfig.local(cluster.bootstrapServers(), cluster.schemaRegistryUrl())
                .withTopics(layout);
        return new KafkaEventBusConfig(config.connection(), config.topics(), config.provision(),
                config.autoRegisterSchemas(), config.clientId(), delivery, request, delivery, config.linger(),
                config.compressionType());
    }

    /** Waits for 100 acknowledged emits of the load, then lets it run steadily for {@link #WARM_UP} before the fault. */
    private static void awaitSteady(PacedLoad load) throws InterruptedException {
        await().atMost(Duration.ofSeconds(60)).until(() -> load.acknowledged().size() >= 100);
        Thread.sleep(WARM_UP.toMillis()); // steady load before the fault
    }

    /**
     * Lets the load run steadily for {@link #WARM_UP} after the recovery, stops it and waits until every
     * emit completed: within the bus's delivery timeout and max block, plus 10 s.
     */
    private static void finish(PacedLoad load, KafkaEventBusConfig config) throws Exception {
        Thread.sleep(WARM_UP.toMillis()); // steady load after the recovery
        load.stop();
        load.awaitCompletion(config.deliveryTimeout().plus(config.maxBlock()).toSeconds() + 10, TimeUnit.SECONDS);
    }

    /**
     * When the first emit made after {@code sinceNanos} to one of these partitions was acknowledged
     * ({@link System#nanoTime()}), or 0 when none was yet.
     */
    private static long firstAcknowledgedAfter(PacedLoad load, Set<Integer> partitions, long sinceNanos) {
        return load.all().stream().filter(emit -> emit.emittedAtNanos() > sinceNanos).filter(PacedLoad.Emit::acknowledged)
                .filter(emit -> partitions.contains(emit.outcome().join().partition()))
                .mapToLong(emit -> emit.completedAtNanos().get()).min().orElse(0);
    }

    /** Partitions with an acknowledgement of an emit made after {@code sinceNanos}. */
    private static Set<Integer> partitionsAcknowledgedSince(PacedLoad load, long sinceNanos) {
        return load.all().stream().filter(emit -> emit.emittedAtNanos() > sinceNanos).filter(PacedLoad.Emit::acknowledged)
                .map(emit -> emit.outcome().join().partition()).collect(Collectors.toSet());
    }

    private static Duration percentile(List<Long> sortedNanos, int percent) {
        if (sortedNanos.isEmpty()) {
            return Duration.ZERO;
        }
        int index = (int) Math.ceil(percent / 100.0 * sortedNanos.size()) - 1;
        return Duration.ofNanos(sortedNanos.get(Math.max(0, Math.min(index, sortedNanos.size() - 1))));
    }

    private static String millis(Duration duration) {
        return duration.toMillis() + "ms";
    }

    /**
     * A plain consumer of no group reading every partition from the beginning (read_committed) on a
     * thread of its own until closed, recording every record it read. Thread-safe.
     */
    private static final class Reader implements AutoCloseable {
        private final List<TopicDump.Found> read = Collections.synchronizedList(new ArrayList<>());
        private final AtomicBoolean stop = new AtomicBoolean();
        private final Thread thread;

        private Reader(String bootstrapServers, String topic, int partitionCount) {
            Map<String, Object> props = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                    ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                    ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                    ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
                    ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
            List<TopicPartition> all = IntStream.range(0, partitionCount).mapToObj(p -> new TopicPartition(topic, p)).toList();
            thread = new Thread(() -> {
                try (KafkaConsumer<String, byte[]> consumer =
                             new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
                    consumer.assign(all);
                    consumer.seekToBeginning(all);
                    while (!stop.get()) {
                        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                            Header id = record.headers().lastHeader("ce_id");
                            read.add(new TopicDump.Found(record.topic(), record.partition(), record.offset(), record.key(),
                                    id == null ? null : new String(id.value(), StandardCharsets.UTF_8)));
                        }
                    }
                }
            }, "zombie-leader-reader");
            thread.setDaemon(true);
        }

        static Reader start(String bootstrapServers, String topic, int partitionCount) {
            Reader reader = new Reader(bootstrapServers, topic, partitionCount);
            reader.thread.start();
            return reader;
        }

        /** Waits until the reader has read at least {@code records} records. */
        void awaitEnd(int records, Duration timeout) {
            await().alias("the reader reads " + records + " records").atMost(timeout).until(() -> read.size() >= records);
        }

        List<TopicDump.Found> read() {
            synchronized (read) {
                return List.copyOf(read);
            }
        }

        @Override
        public void close() throws InterruptedException {
            stop.set(true);
            thread.join(TimeUnit.SECONDS.toMillis(30));
        }
    }
}
