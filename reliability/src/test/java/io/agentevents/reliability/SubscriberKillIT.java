package io.agentevents.reliability;

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
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Scenario 5 of issue 15, a subscriber killed with SIGKILL: the subscriber runs as a child JVM
 * ({@link SubscriberChild}, which appends a line to a file for every event it handled) and is
 * killed with {@link Process#destroyForcibly()} five times while it works through a backlog and
 * live events arrive; each time a successor JVM starts in the same group with the same static
 * instance id, so it takes over at once. Every event must be handled, each correlation id's events
 * first handled in emit order, and the handlings beyond the first at most what was in flight at the
 * kills: the events the killed instance had handled that its group's committed offsets did not yet
 * cover (read with an Admin client right after each kill). A handler killed before it wrote its
 * line handled nothing, as far as the file shows.
 */
@Order(15)
@ExtendWith(ReliabilityClusterExtension.class)
class SubscriberKillIT {
    private static final int KILLS = 5;
    private static final int KEYS = 100;

    /** One line of a child's file. */
    private record Handled(String eventId, String key, long seq, int partition, long offset) {
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void aSubscriberJvmKilledFiveTimesHandlesEveryEventWithDuplicatesBoundedByWhatWasInFlight(ReliabilityCluster cluster)
            throws Exception {
        int total = Scale.count(4_000, 40_000);
        int live = total / 5;
        TopicLayout layout = cluster.layout("subscriber-kill");
        String topic = layout.topic(Domain.TOOL);
        String group = cluster.uniqueName("killed-group");
        String instanceId = group + "-member";
        Path directory = Files.createDirectories(Path.of("target", "subscriber-kill", group));
        List<Path> files = new ArrayList<>();
        List<Long> bounds = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        long maxRecoverNanos = 0;
        Process child = null;
        Process next = null;
        try (KafkaEventBus bus = KafkaEventBus.start(KafkaEventBusConfig.local(cluster.bootstrapServers(),
                cluster.schemaRegistryUrl()).withTopics(layout));
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()))) {
            List<String> keys = new ArrayList<>();
            for (int k = 0; k < KEYS; k++) {
                keys.add(DomainEvent.newId());
            }
            Map<String, Long> seq = new HashMap<>();
            PacedEmits.emit(bus, total - live, 1_000_000, i -> event(keys, seq, i)); // the backlog, at once
            CompletableFuture<Duration> liveEmits = CompletableFuture.supplyAsync(() -> {
                try {
                    return PacedEmits.emit(bus, live, Scale.count(400, 1_000), i -> event(keys, seq, total - live + i));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted", e);
                }
            });

            next = launch(cluster, layout, group, instanceId, directory, 0);
            for (int run = 0; run <= KILLS; run++) {
                Path file = directory.resolve("handled-" + run + ".txt");
                files.add(file);
                child = next;
                long startedAt = System.nanoTime();
                Files.createFile(directory.resolve("go-" + run)); // the JVM is up: subscribe now
                Process running = child;
                // the successor's JVM starts ahead, so that after the kill only its subscribing counts
                next = run < KILLS ? launch(cluster, layout, group, instanceId, directory, run + 1) : null;
                await().alias("the successor's first handling").atMost(Duration.ofMinutes(1))
                        .until(() -> alive(running) && !read(file).isEmpty());
                if (run > 0) { // a successor: from its go (right after the kill) to its first handling
                    maxRecoverNanos = Math.max(maxRecoverNanos, System.nanoTime() - startedAt);
                }
                if (run == KILLS) {
                    break;
                }
                int target = (run + 1) * total / (KILLS + 1);
                await().alias("handled " + target).atMost(Duration.ofMinutes(2))
                        .until(() -> alive(running) && distinct(files) >= target);
                running.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
                Map<Integer, Long> committed = committed(admin, group, topic);
                List<Handled> mine = read(file);
                long bound = mine.stream().filter(h -> h.offset() >= committed.getOrDefault(h.partition(), 0L)).count();
                bounds.add(bound);
                notes.add("kill " + (run + 1) + " after " + mine.size() + " handlings of its instance: " + bound
                        + " of them past the committed offsets " + committed);
            }
            liveEmits.get(2, TimeUnit.MINUTES);
            await().alias("every event handled").atMost(Duration.ofMinutes(2)).until(() -> distinct(files) >= total);
            await().alias("the last instance committed to the end").atMost(Duration.ofSeconds(30))
                    .until(() -> committed(admin, group, topic).values().stream().mapToLong(Long::longValue).sum() >= total);
        } finally {
            for (Process process : new Process[] {child, next}) {
                if (process != null) {
                    process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
                }
            }
        }

        List<Handled> all = new ArrayList<>();
        files.forEach(file -> all.addAll(read(file)));
        Set<String> ids = new HashSet<>();
        Map<String, Long> lastFirstSeq = new HashMap<>();
        Set<String> outOfOrder = new HashSet<>();
        for (Handled handled : all) { // the files in launch order, each in handling order
            if (ids.add(handled.eventId())) {
                Long previous = lastFirstSeq.put(handled.key(), handled.seq());
                if (previous != null && handled.seq() <= previous) {
                    outOfOrder.add(handled.key());
                }
            }
        }
        long duplicates = all.size() - ids.size();
        long bound = bounds.stream().mapToLong(Long::longValue).sum();
        new KillFigures(total, ids.size(), duplicates, KILLS, bound, Duration.ofNanos(maxRecoverNanos), notes)
                .print("subscriber-kill");

        assertThat(ids).as("every event handled at least once").hasSize(total);
        assertThat(outOfOrder).as("correlation ids whose events were first handled out of emit order").isEmpty();
        assertThat(duplicates).as("handled again: at most what the killed instances had handled past the commits %s", bounds)
                .isLessThanOrEqualTo(bound);
    }

    private static DomainEvent event(List<String> keys, Map<String, Long> seq, int i) {
        String key = keys.get(i % keys.size());
        return DomainEvent.builder(EventType.TOOL_INVOKED).source("subscriber-kill").correlationId(key)
                .detail("seq", seq.merge(key, 1L, Long::sum)).build();
    }

    /** Starts child JVM {@code run}: it subscribes once {@code go-<run>} exists and writes {@code handled-<run>.txt}. */
    private static Process launch(ReliabilityCluster cluster, TopicLayout layout, String group, String instanceId,
                                  Path directory, int run) throws IOException {
        return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                SubscriberChild.class.getName(), cluster.bootstrapServers(), cluster.schemaRegistryUrl(), layout.prefix(),
                group, instanceId, directory.resolve("handled-" + run + ".txt").toAbsolutePath().toString(),
                directory.resolve("go-" + run).toAbsolutePath().toString())
                .redirectErrorStream(true)
                .redirectOutput(directory.resolve("child-" + run + ".log").toFile())
                .start();
    }

    private static boolean alive(Process child) {
        if (!child.isAlive()) {
            throw new IllegalStateException("the subscriber child JVM exited with " + child.exitValue());
        }
        return true;
    }

    /** The complete lines of a child's file (a line cut by the kill is not one). */
    private static List<Handled> read(Path file) {
        if (!Files.exists(file)) {
            return List.of();
        }
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            List<Handled> lines = new ArrayList<>();
            int start = 0;
            for (int end = text.indexOf('\n'); end >= 0; start = end + 1, end = text.indexOf('\n', start)) {
                String[] fields = text.substring(start, end).split("\t");
                lines.add(new Handled(fields[0], fields[1], Long.parseLong(fields[2]), Integer.parseInt(fields[3]),
                        Long.parseLong(fields[4])));
            }
            return lines;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int distinct(List<Path> files) {
        Set<String> ids = new HashSet<>();
        files.forEach(file -> read(file).forEach(handled -> ids.add(handled.eventId())));
        return ids.size();
    }

    private static Map<Integer, Long> committed(Admin admin, String group, String topic)
            throws InterruptedException, ExecutionException, TimeoutException {
        Map<Integer, Long> offsets = new HashMap<>();
        for (Map.Entry<TopicPartition, OffsetAndMetadata> entry : admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS).entrySet()) {
            if (entry.getKey().topic().equals(topic) && entry.getValue() != null) {
                offsets.put(entry.getKey().partition(), entry.getValue().offset());
            }
        }
        return offsets;
    }
}
