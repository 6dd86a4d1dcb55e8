package io.agentevents.reliability;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartitionInfo;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

import static org.awaitility.Awaitility.await;

/** Test helper: who leads the partitions of some topics, and whether every replica is back in sync. */
final class Partitions implements AutoCloseable {
    private final Admin admin;

    Partitions(String bootstrapServers) {
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000));
    }

    /** The number of partitions each node leads, over these topics. */
    Map<Integer, Integer> leadersCount(Collection<String> topics) {
        Map<Integer, Integer> counts = new HashMap<>();
        for (TopicDescription description : describe(topics).values()) {
            for (TopicPartitionInfo partition : description.partitions()) {
                if (partition.leader() != null) {
                    counts.merge(partition.leader().id(), 1, Integer::sum);
                }
            }
        }
        return counts;
    }

    /** The node leading most partitions of these topics (any of them on a tie). */
    int mostLeading(Collection<String> topics) {
        return leadersCount(topics).entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
    }

    /** The partitions of a topic this node leads. */
    Set<Integer> ledBy(String topic, int node) {
        return leaders(topic).entrySet().stream().filter(entry -> entry.getValue() == node).map(Map.Entry::getKey)
                .collect(Collectors.toSet());
    }

    /** The leader of each partition of a topic, by partition (a partition without a leader is left out). */
    Map<Integer, Integer> leaders(String topic) {
        Map<Integer, Integer> leaders = new HashMap<>();
        for (TopicPartitionInfo partition : describe(java.util.List.of(topic)).get(topic).partitions()) {
            if (partition.leader() != null) {
                leaders.put(partition.partition(), partition.leader().id());
            }
        }
        return leaders;
    }

    /** The node leading the controller quorum. */
    int activeController() {
        try {
            return admin.describeMetadataQuorum().quorumInfo().get(10, TimeUnit.SECONDS).leaderId();
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot describe the metadata quorum: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Whether every partition of these topics has all {@code replicas} replicas in sync. */
    boolean fullyInSync(Collection<String> topics, int replicas) {
        try {
            return describe(topics).values().stream().flatMap(description -> description.partitions().stream())
                    .allMatch(partition -> partition.isr().size() == replicas);
        } catch (IllegalStateException e) {
            return false;
        }
    }

    /** Waits until {@link #fullyInSync}; returns how long it took. */
    Duration awaitFullyInSync(Collection<String> topics, int replicas, Duration timeout) {
        long start = System.nanoTime();
        await().alias("the partitions of " + topics + " fully in sync").atMost(timeout).pollInterval(Duration.ofMillis(100))
                .until(() -> fullyInSync(topics, replicas));
        return Duration.ofNanos(System.nanoTime() - start);
    }

    private Map<String, TopicDescription> describe(Collection<String> topics) {
        try {
            return admin.describeTopics(topics).allTopicNames().get(10, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot describe " + topics + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
    }
}
