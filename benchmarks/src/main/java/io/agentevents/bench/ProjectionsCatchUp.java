package io.agentevents.bench;

import io.agentevents.streams.app.ProjectionsApp;
import io.agentevents.streams.app.ProjectionsConfig;
import io.agentevents.schemas.connection.ClusterConnection;
import io.agentevents.streams.client.PlanTree;
import io.agentevents.streams.client.QueryApiException;
import io.agentevents.streams.client.QueryClient;
import io.agentevents.streams.model.PlanState;
import io.agentevents.schemas.topics.TopicLayout;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The projections measurement (worker mode {@code projections}): with a backlog of events already in
 * the domain topics of a prefix, starts {@link ProjectionsApp} with a fresh application id and
 * waits until its consumer group has committed the end offset of every source partition (with
 * {@code exactly_once_v2} a committed offset means folded into the stores). Reports the catch-up
 * time from start, the time to RUNNING, and the fold rate: events / (caught up - RUNNING). Then
 * checks through the query API that the plans' {@code eventCount}s add up to the backlog.
 *
 * <p>Then, once the projections' producer has sent nothing new for a second (at least three commit
 * intervals), reads what it wrote per topic from the Kafka Streams client metrics: the write
 * amplification, see {@link ProjectionWrites}. The input is the domain topics' size on the broker,
 * taken before the application starts.
 */
record ProjectionsCatchUp(ClusterConnection connection, String prefix, int partitions, String applicationId, long events) {
    private static final Duration POLL = Duration.ofMillis(100);
    private static final Duration PATIENCE = Duration.ofMinutes(10);
    private static final long ADMIN_TIMEOUT_SECONDS = 30;
    /** The producer's byte counts must not move for this long (at least 3 commit intervals) before they are read. */
    private static final Duration SETTLE = Duration.ofSeconds(1);
    private static final Duration PATIENCE_TO_SETTLE = Duration.ofSeconds(30);

    Map<String, Object> run() throws InterruptedException {
        TopicLayout layout = TopicLayout.local(1).withPrefix(prefix).withPartitions(partitions);
        ProjectionsConfig config = ProjectionsConfig.defaults(connection).withTopics(layout).withHttpPort(0)
                .withApplicationId(applicationId);
        try (Admin admin = Admin.create(connection.clientProperties())) {
            Map<TopicPartition, Long> ends = endOffsets(admin, layout.domainTopics());
            long backlog = ends.values().stream().mapToLong(Long::longValue).sum();
            long inputBytes = ProjectionWrites.sizeOnBroker(admin, layout.domainTopics());
            if (backlog < events) {
                throw new IllegalStateException("the domain topics of " + prefix + " hold " + backlog + " records, expected "
                        + events);
            }
            long started = System.nanoTime();
            long running = 0;
            long read = 0;
            long folded = 0;
            try (ProjectionsApp app = ProjectionsApp.start(config);
                 QueryClient query = QueryClient.connect(app.url(), Duration.ZERO)) {
                long deadline = started + PATIENCE.toNanos();
                while (true) {
                    if (running == 0 && app.state() == KafkaStreams.State.RUNNING) {
                        running = System.nanoTime();
                    }
                    // cheap first: the source offsets; then the plans themselves (the fold runs after a repartition)
                    read = read < backlog ? committed(admin, ends) : read;
                    folded = read < backlog ? 0 : planEventCount(query);
                    if (folded >= events) {
                        break;
                    }
                    if (app.state() == KafkaStreams.State.ERROR || System.nanoTime() - deadline > 0) {
                        throw new IllegalStateException("the projections read " + read + " of " + backlog
                                + " records and folded " + folded + " events into plans (state " + app.state() + ")");
                    }
                    Thread.sleep(POLL.toMillis());
                }
                long caughtUp = System.nanoTime();
                if (running == 0) {
                    running = caughtUp;
                }
                Map<String, Object> result = new LinkedHashMap<>();
                result.put("events", backlog);
                result.put("startup_s", (running - started) / 1e9);
                result.put("catch_up_s", (caughtUp - started) / 1e9);
                result.put("fold_s", (caughtUp - running) / 1e9);
                result.put("events_per_s", backlog / Math.max(1e-3, (caughtUp - running) / 1e9));
                result.put("events_per_s_with_start", backlog / ((caughtUp - started) / 1e9));
                result.put("plan_event_count", folded);
                result.put("plans", BenchEvents.plans(events));
                Duration quiet = config.commitInterval().multipliedBy(3).compareTo(SETTLE) > 0
                        ? config.commitInterval().multipliedBy(3) : SETTLE;
                Map<String, Long> sent = ProjectionWrites.settled(() -> ProjectionWrites.bytesSentPerTopic(app.metrics()),
                        quiet, PATIENCE_TO_SETTLE);
                result.put("write_amplification", ProjectionWrites.classify(applicationId, inputBytes, sent).toMap());
                return result;
            }
        }
    }

    private static Map<TopicPartition, Long> endOffsets(Admin admin, List<String> topics) throws InterruptedException {
        try {
            Map<String, TopicDescription> described = admin.describeTopics(topics).allTopicNames()
                    .get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetSpec> query = new HashMap<>();
            described.values().forEach(topic -> topic.partitions().forEach(partition ->
                    query.put(new TopicPartition(topic.name(), partition.partition()), OffsetSpec.latest())));
            Map<TopicPartition, Long> ends = new HashMap<>();
            admin.listOffsets(query).all().get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS)
                    .forEach((partition, info) -> ends.put(partition, info.offset()));
            return ends;
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot read the end offsets of " + topics + ": " + e.getMessage(), e);
        }
    }

    /** Records of the source partitions the application has committed (folded). */
    private long committed(Admin admin, Map<TopicPartition, Long> ends) throws InterruptedException {
        try {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(applicationId)
                    .partitionsToOffsetAndMetadata().get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            long total = 0;
            for (TopicPartition partition : ends.keySet()) {
                OffsetAndMetadata offset = offsets.get(partition);
                total += offset == null ? 0 : Math.min(offset.offset(), ends.get(partition));
            }
            return total;
        } catch (ExecutionException | TimeoutException e) {
            return 0; // the group does not exist yet
        }
    }

    /**
     * The sum of {@code eventCount} over every plan of every root plan of the backlog, from the query
     * API; a root not indexed yet (404), or not queryable yet (503), counts 0.
     */
    private long planEventCount(QueryClient query) {
        long total = 0;
        for (int root = 0; root < BenchEvents.roots(events); root++) {
            try {
                total += query.plansOfRoot(BenchEvents.rootPlanId(prefix, root)).map(PlanTree::plans).orElse(List.of())
                        .stream().mapToLong(PlanState::eventCount).sum();
            } catch (QueryApiException e) {
                if (!e.isNotReady()) {
                    throw e;
                }
            }
        }
        return total;
    }
}
