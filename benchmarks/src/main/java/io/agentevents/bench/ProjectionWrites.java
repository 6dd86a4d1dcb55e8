package io.agentevents.bench;

import io.agentevents.bench.Measurements.WriteAmplification;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.clients.admin.ReplicaInfo;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * The projections' write amplification: the bytes their producer sent to their internal changelog
 * and repartition topics per byte of input.
 *
 * <p>Output: the Streams producer's {@code producer-topic-metrics} {@code byte-total} per {@code topic}
 * tag (summed over the stream threads' producers): the record batches as sent, so compressed when the
 * Streams producer compresses, and counting a batch again if it was retried. A topic is internal when
 * it is named {@code <application.id>-...}, a changelog when it also ends in {@code -changelog}, a
 * repartition topic when it ends in {@code -repartition}; nothing else about the internal names is
 * assumed. Topics named {@code projections.*} are the outputs, reported apart; anything else as other.
 *
 * <p>Input: the domain topics' size on the broker ({@code Admin.describeLogDirs}, the largest replica
 * of each partition): the backlog as stored, record batches as the emitting producer sent them, the
 * same unit as the output side, measured where the projections read it whoever wrote it.
 */
final class ProjectionWrites {
    static final String METRIC_GROUP = "producer-topic-metrics";
    static final String METRIC_NAME = "byte-total";
    static final String OUTPUT_PREFIX = "projections.";
    private static final long ADMIN_TIMEOUT_SECONDS = 30;
    private static final Duration SAMPLE = Duration.ofMillis(100);

    private ProjectionWrites() {
    }

    /** Bytes sent per topic by every producer among {@code metrics}. */
    static Map<String, Long> bytesSentPerTopic(Map<MetricName, ? extends Metric> metrics) {
        Map<String, Long> perTopic = new TreeMap<>();
        metrics.forEach((name, metric) -> {
            if (METRIC_GROUP.equals(name.group()) && METRIC_NAME.equals(name.name()) && name.tags().containsKey("topic")
                    && metric.metricValue() instanceof Number value) {
                perTopic.merge(name.tags().get("topic"), Math.round(value.doubleValue()), Long::sum);
            }
        });
        return perTopic;
    }

    /** Splits bytes sent per topic into changelog, repartition, output and other. */
    static WriteAmplification classify(String applicationId, long inputBytes, Map<String, Long> perTopic) {
        long changelog = 0;
        long repartition = 0;
        Map<String, Long> output = new TreeMap<>();
        Map<String, Long> other = new TreeMap<>();
        for (Map.Entry<String, Long> entry : perTopic.entrySet()) {
            String topic = entry.getKey();
            boolean internal = topic.startsWith(applicationId + "-");
            if (internal && topic.endsWith("-changelog")) {
                changelog += entry.getValue();
            } else if (internal && topic.endsWith("-repartition")) {
                repartition += entry.getValue();
            } else if (topic.startsWith(OUTPUT_PREFIX)) {
                output.put(topic, entry.getValue());
            } else {
                other.put(topic, entry.getValue());
            }
        }
        return new WriteAmplification(inputBytes, changelog, repartition, output, other);
    }

    /**
     * Waits until the bytes sent stop growing for {@code quiet} (the last commit's writes are out),
     * at most {@code patience}, and returns the last reading.
     */
    static Map<String, Long> settled(Supplier<Map<String, Long>> reading, Duration quiet, Duration patience)
            throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        Map<String, Long> last = reading.get();
        long unchangedSince = System.nanoTime();
        while (System.nanoTime() - unchangedSince < quiet.toNanos() && System.nanoTime() - deadline < 0) {
            Thread.sleep(SAMPLE.toMillis());
            Map<String, Long> now = reading.get();
            if (!now.equals(last)) {
                last = now;
                unchangedSince = System.nanoTime();
            }
        }
        return last;
    }

    /** The size on the broker of {@code topics}: per partition its largest replica (one copy), summed. */
    static long sizeOnBroker(Admin admin, Collection<String> topics) throws InterruptedException {
        try {
            Collection<Node> nodes = admin.describeCluster().nodes().get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            List<Integer> brokers = nodes.stream().map(Node::id).toList();
            Map<Integer, Map<String, LogDirDescription>> dirs = admin.describeLogDirs(brokers).allDescriptions()
                    .get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            Set<String> wanted = new HashSet<>(topics);
            Map<TopicPartition, Long> largest = new HashMap<>();
            for (Map<String, LogDirDescription> broker : dirs.values()) {
                for (LogDirDescription dir : broker.values()) {
                    for (Map.Entry<TopicPartition, ReplicaInfo> replica : dir.replicaInfos().entrySet()) {
                        if (wanted.contains(replica.getKey().topic()) && !replica.getValue().isFuture()) {
                            largest.merge(replica.getKey(), replica.getValue().size(), Math::max);
                        }
                    }
                }
            }
            return largest.values().stream().mapToLong(Long::longValue).sum();
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot describe the log dirs of " + topics + ": " + e.getMessage(), e);
        }
    }
}
