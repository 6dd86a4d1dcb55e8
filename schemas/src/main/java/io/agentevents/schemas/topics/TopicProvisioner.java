package io.agentevents.schemas.topics;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicExistsException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Creates the topics of a {@link TopicLayout} through the Admin client. Idempotent: topics that
 * already exist are left as they are (their partition count is never changed, which would move
 * keys between partitions and break per-key order).
 */
public final class TopicProvisioner {

    private static final Duration LEADER_RETRY_BACKOFF = Duration.ofMillis(50);

    private TopicProvisioner() {
    }

    /**
     * Waits until the leader of every partition of the topics serves it. Producing to a topic the
     * moment it is created gets NOT_LEADER_OR_FOLLOWER retries while the broker is still creating the
     * partitions, and idempotent producers with many batches in flight handle that badly. Listing
     * offsets is answered by each partition's leader only once it serves the partition. Right after
     * creation the broker answering may not know the topic yet (UNKNOWN_TOPIC_OR_PARTITION), so
     * retriable errors are retried until the deadline.
     */
    private static void awaitLeaders(Admin admin, List<String> topics, int partitionCount, Duration timeout)
            throws ExecutionException, TimeoutException, InterruptedException {
        if (topics.isEmpty()) {
            return;
        }
        Map<TopicPartition, OffsetSpec> partitions = new HashMap<>();
        for (String topic : topics) {
            for (int partition = 0; partition < partitionCount; partition++) {
                partitions.put(new TopicPartition(topic, partition), OffsetSpec.latest());
            }
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            // asked first because it is quiet: the offsets lookup below logs an ERROR line in Kafka's admin client
            // for every topic the broker answering does not know yet, which users took for a failure
            retryUntil(deadline, remainingMs -> describedWithLeaders(admin, topics, partitionCount, remainingMs));
        } catch (ExecutionException e) {
            // the offsets lookup decides, and names what is missing
        }
        retryUntil(deadline, remainingMs -> {
            admin.listOffsets(partitions, new ListOffsetsOptions().timeoutMs(remainingMs)).all()
                    .get(remainingMs, TimeUnit.MILLISECONDS);
            return true;
        });
    }

    /** Whether the broker answering describes every topic with all its partitions led. */
    private static boolean describedWithLeaders(Admin admin, List<String> topics, int partitionCount, int remainingMs)
            throws ExecutionException, TimeoutException, InterruptedException {
        Map<String, TopicDescription> described = admin.describeTopics(topics,
                new DescribeTopicsOptions().timeoutMs(remainingMs)).allTopicNames().get(remainingMs, TimeUnit.MILLISECONDS);
        return described.values().stream().allMatch(topic -> topic.partitions().size() >= partitionCount
                && topic.partitions().stream().allMatch(partition -> partition.leader() != null
                && !partition.leader().isEmpty()));
    }

    /** One try of a wait, given the milliseconds left: whether what is waited for is there. */
    private interface Attempt {
        boolean done(int remainingMs) throws ExecutionException, TimeoutException, InterruptedException;
    }

    /**
     * Tries {@code attempt} until it is done or the deadline has passed, retrying retriable failures after
     * a backoff. A failure that is not retriable, or one at the deadline, is thrown.
     */
    private static void retryUntil(long deadline, Attempt attempt)
            throws ExecutionException, TimeoutException, InterruptedException {
        while (true) {
            int remainingMs = (int) Math.min(Integer.MAX_VALUE,
                    Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            try {
                if (attempt.done(remainingMs) || System.nanoTime() - deadline > 0) {
                    return;
                }
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof RetriableException) || System.nanoTime() - deadline > 0) {
                    throw e;
                }
            }
            Thread.sleep(LEADER_RETRY_BACKOFF.toMillis());
        }
    }

    /**
     * Creates every domain topic and dead-letter topic of the layout that does not exist yet.
     *
     * @return the topics created by this call (empty when all existed)
     * @throws IllegalStateException naming the topics and the cause when creation fails or does
     *                               not finish within {@code timeout}
     */
    public static List<String> provision(Admin admin, TopicLayout layout, Duration timeout) {
        List<String> wanted = new ArrayList<>(layout.domainTopics());
        wanted.addAll(layout.deadLetterTopics());
        Map<String, String> configs = Map.of(
                TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, Integer.toString(layout.minInSyncReplicas()));
        try {
            Set<String> existing = admin.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            List<NewTopic> missing = wanted.stream().filter(topic -> !existing.contains(topic))
                    .map(topic -> new NewTopic(topic, layout.partitions(), layout.replicationFactor()).configs(configs))
                    .toList();
            List<String> created = new ArrayList<>();
            var futures = admin.createTopics(missing).values();
            for (var entry : futures.entrySet()) {
                try {
                    entry.getValue().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                    created.add(entry.getKey());
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("cannot create topic " + entry.getKey() + ": "
                                + e.getCause().getMessage(), e.getCause());
                    }
                }
            }
            try {
                awaitLeaders(admin, created, layout.partitions(), timeout);
            } catch (ExecutionException e) {
                throw new IllegalStateException("topics " + created + " were created but their partitions are not served yet: "
                        + e.getCause().getMessage(), e.getCause());
            }
            return created;
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot list topics: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("topic provisioning did not finish within " + timeout.toMillis() + " ms", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while provisioning topics", e);
        }
    }
}
