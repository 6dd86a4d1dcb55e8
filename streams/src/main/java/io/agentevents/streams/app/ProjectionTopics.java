package io.agentevents.streams.app;

import io.agentevents.streams.topology.ProjectionStores;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The topics the projections need before Kafka Streams starts, prepared through one admin client: their
 * output topics ({@code projections.audit}, {@code .plan-state}, {@code .event-rates} and the dead-letter
 * topic) created unless they exist, the domain topics they read looked up ({@link SourceTopics}) and, when
 * every one exists, the internal topic created ({@link RepartitionTopic}). Stateless.
 */
final class ProjectionTopics {

    private ProjectionTopics() {
    }

    /**
     * Prepares the topics and says which domain topics are still missing.
     *
     * @throws IllegalStateException when an output topic cannot be created or Kafka does not answer within {@code timeout}
     */
    static SourceTopics prepare(ProjectionsConfig config, Duration timeout) {
        try (Admin admin = Admin.create(config.adminProperties(timeout))) {
            createOutputTopics(admin, config, timeout);
            SourceTopics sources = SourceTopics.of(admin, config, timeout);
            if (sources.missing().isEmpty() && sources.mostPartitions() > 0) {
                RepartitionTopic.create(admin, config, sources.mostPartitions(), timeout);
            }
            return sources;
        }
    }

    private static void createOutputTopics(Admin admin, ProjectionsConfig config, Duration timeout) {
        Optional<Short> replication = config.topicReplication();
        List<NewTopic> topics = new ArrayList<>();
        int partitions = config.topics().partitions();
        topics.add(new NewTopic(ProjectionStores.AUDIT_TOPIC, Optional.of(partitions), replication));
        topics.add(new NewTopic(ProjectionStores.PLAN_STATE_TOPIC, Optional.of(partitions), replication)
                .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)));
        topics.add(new NewTopic(ProjectionStores.EVENT_RATES_TOPIC, Optional.of(partitions), replication));
        topics.add(new NewTopic(ProjectionStores.DEAD_LETTER_TOPIC, Optional.of(1), replication));
        try {
            for (var entry : admin.createTopics(topics).values().entrySet()) {
                try {
                    entry.getValue().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("cannot create " + entry.getKey() + " on Kafka at "
                                + config.connection().bootstrapServers() + ": " + e.getCause().getMessage(), e.getCause());
                    }
                }
            }
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka at " + config.connection().bootstrapServers() + " did not answer within "
                    + timeout.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating the projection topics", e);
        }
    }
}
