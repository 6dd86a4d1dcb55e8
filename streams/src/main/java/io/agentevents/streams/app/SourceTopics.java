package io.agentevents.streams.app;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What the projections know of their domain topics before Kafka Streams starts: which do not exist
 * yet, and the most partitions any of them has (the partitions of the internal topic Kafka Streams
 * makes). Immutable.
 *
 * @param missing        the domain topics that do not exist (all of them when Kafka cannot be asked), sorted
 * @param mostPartitions the most partitions of the existing ones; 0 when none exists or Kafka cannot be asked
 */
record SourceTopics(Set<String> missing, int mostPartitions) {
    private static final Logger LOG = LoggerFactory.getLogger(SourceTopics.class);

    SourceTopics {
        missing = Collections.unmodifiableSortedSet(new TreeSet<>(missing));
    }

    /** Asks Kafka once, through an admin client of its own: see {@link #of(Admin, ProjectionsConfig, Duration)}. */
    static SourceTopics of(ProjectionsConfig config, Duration timeout) {
        try (Admin admin = Admin.create(config.adminProperties(timeout))) {
            return of(admin, config, timeout);
        }
    }

    /** Asks Kafka once: a list of the topics, then a description of the domain topics that exist. */
    static SourceTopics of(Admin admin, ProjectionsConfig config, Duration timeout) {
        List<String> wanted = config.topics().domainTopics();
        try {
            Set<String> existing = admin.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            Set<String> missing = new TreeSet<>(wanted);
            missing.removeAll(existing);
            List<String> present = wanted.stream().filter(existing::contains).toList();
            Map<String, TopicDescription> described = present.isEmpty() ? Map.of()
                    : admin.describeTopics(present).allTopicNames().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return new SourceTopics(missing, described.values().stream().mapToInt(topic -> topic.partitions().size())
                    .max().orElse(0));
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("projections {}: cannot list or describe topics on {}: {}", config.applicationId(),
                    config.connection().bootstrapServers(), e.toString());
            return new SourceTopics(Set.copyOf(wanted), 0); // sorted by the constructor
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new SourceTopics(Set.copyOf(wanted), 0); // sorted by the constructor
        }
    }
}
