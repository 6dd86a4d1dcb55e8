package io.agentevents.streams.app;

import io.agentevents.streams.topology.ProjectionsTopology;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Creates the projections' one internal topic ({@code <application.id>-projection-events-repartition})
 * before Kafka Streams starts, as Kafka Streams would (the partitions of the domain topic with the
 * most, its replication factor, and its configs for repartition topics: delete, 50 MB segments, kept
 * until Kafka Streams purges it, create time). Left to Kafka Streams, the topic appears during the
 * first rebalance, after the members joined without it; each member then finds its metadata changed
 * and the group rebalances a second time (the other members learn of it only at their next heartbeat,
 * up to 3 s later). Created first, the first rebalance is the only one. Kafka Streams checks the
 * partition count of an existing internal topic, so a topic made here with the same count is the
 * one it would have made. Best effort: when it cannot be created here, Kafka Streams creates it as
 * before. Stateless.
 */
final class RepartitionTopic {
    private static final Logger LOG = LoggerFactory.getLogger(RepartitionTopic.class);
    /** Kafka Streams' own settings for a repartition topic (its {@code RepartitionTopicConfig}). */
    static final Map<String, String> CONFIGS = Map.of(
            TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE,
            TopicConfig.SEGMENT_BYTES_CONFIG, "52428800",
            TopicConfig.RETENTION_MS_CONFIG, "-1",
            TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "CreateTime");

    private RepartitionTopic() {
    }

    /** The internal topic's name for {@code applicationId}. */
    static String name(String applicationId) {
        return applicationId + "-" + ProjectionsTopology.PROJECTION_EVENTS + "-repartition";
    }

    /** Creates the internal topic with {@code partitions} partitions unless it exists, through an admin client of its own; never throws. */
    static void create(ProjectionsConfig config, int partitions, Duration timeout) {
        try (Admin admin = Admin.create(config.adminProperties(timeout))) {
            create(admin, config, partitions, timeout);
        } catch (RuntimeException e) {
            LOG.info("projections {}: could not create {} ahead of Kafka Streams, which will: {}", config.applicationId(),
                    name(config.applicationId()), e.toString());
        }
    }

    /** Creates the internal topic with {@code partitions} partitions unless it exists; never throws. */
    static void create(Admin admin, ProjectionsConfig config, int partitions, Duration timeout) {
        Optional<Short> replication = config.topicReplication();
        String name = name(config.applicationId());
        try {
            admin.createTopics(List.of(new NewTopic(name, Optional.of(partitions), replication).configs(CONFIGS)))
                    .all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                LOG.info("projections {}: could not create {} ahead of Kafka Streams, which will: {}", config.applicationId(),
                        name, e.getCause().toString());
            }
        } catch (TimeoutException | RuntimeException e) {
            LOG.info("projections {}: could not create {} ahead of Kafka Streams, which will: {}", config.applicationId(),
                    name, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
