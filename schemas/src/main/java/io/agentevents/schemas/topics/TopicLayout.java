package io.agentevents.schemas.topics;

import io.agentevents.schemas.Domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The Kafka topics of the platform and how they are created: one topic per {@link Domain}
 * ({@code <prefix>.<domain>}) and its dead-letter topic ({@code <prefix>.<domain>.dlq}), with the
 * same partition count, replication factor and {@code min.insync.replicas}.
 *
 * @param prefix            topic prefix, {@code events} by default
 * @param partitions        partitions per topic (default 6; 3 locally)
 * @param replicationFactor replicas per partition (default 3; 1 locally)
 * @param minInSyncReplicas {@code min.insync.replicas} (2 when replication is 3)
 */
public record TopicLayout(String prefix, int partitions, short replicationFactor, int minInSyncReplicas) {

    public TopicLayout {
        Objects.requireNonNull(prefix, "prefix");
        Domain.PLAN.topic(prefix); // validates the prefix, naming it
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be at least 1, was " + partitions);
        }
        if (replicationFactor < 1) {
            throw new IllegalArgumentException("replicationFactor must be at least 1, was " + replicationFactor);
        }
        if (minInSyncReplicas < 1 || minInSyncReplicas > replicationFactor) {
            throw new IllegalArgumentException("minInSyncReplicas must be 1.." + replicationFactor
                    + " (the replication factor), was " + minInSyncReplicas);
        }
    }

    /** Production defaults: 6 partitions, replication 3, {@code min.insync.replicas} 2. */
    public static TopicLayout production() {
        return new TopicLayout(Domain.DEFAULT_TOPIC_PREFIX, 6, (short) 3, 2);
    }

    /** Defaults for a local cluster of {@code brokers} nodes: 3 partitions, replication up to 3. */
    public static TopicLayout local(int brokers) {
        return new TopicLayout(Domain.DEFAULT_TOPIC_PREFIX, 3, (short) 1, 1).withReplication((short) Math.max(1, Math.min(3, brokers)));
    }

    public TopicLayout withPrefix(String newPrefix) {
        return new TopicLayout(newPrefix, partitions, replicationFactor, minInSyncReplicas);
    }

    public TopicLayout withPartitions(int newPartitions) {
        return new TopicLayout(prefix, newPartitions, replicationFactor, minInSyncReplicas);
    }

    /** This layout with {@code replicas} per partition and {@code min.insync.replicas} 2 (1 for a single replica). */
    public TopicLayout withReplication(short replicas) {
        return new TopicLayout(prefix, partitions, replicas, Math.min(2, replicas));
    }

    /** The topic of a domain under this layout's prefix. */
    public String topic(Domain domain) {
        return domain.topic(prefix);
    }

    /** The dead-letter topic of a domain under this layout's prefix. */
    public String deadLetterTopic(Domain domain) {
        return domain.deadLetterTopic(prefix);
    }

    /** Every domain topic, in catalog order. */
    public List<String> domainTopics() {
        List<String> topics = new ArrayList<>();
        for (Domain domain : Domain.values()) {
            topics.add(topic(domain));
        }
        return topics;
    }

    /** Every dead-letter topic, in catalog order. */
    public List<String> deadLetterTopics() {
        List<String> topics = new ArrayList<>();
        for (Domain domain : Domain.values()) {
            topics.add(deadLetterTopic(domain));
        }
        return topics;
    }

    /** The registry subject of a domain topic's values ({@code <topic>-value}, TopicNameStrategy). */
    public String valueSubject(Domain domain) {
        return domain.valueSubject(prefix);
    }
}
