package io.agentevents.bench;

import io.agentevents.producer.kafka.KafkaEventBus;
import io.agentevents.producer.kafka.KafkaEventBusConfig;
import io.agentevents.schemas.Domain;
import io.agentevents.schemas.connection.ClusterConnection;
import io.agentevents.schemas.topics.TopicLayout;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.ProducerConfig;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * The cluster a run measures on, as the bench itself uses it (not timed): makes each measurement's
 * topics with the run's partitions and replication, fills topics for the subscriber measurements and
 * the projections' backlog through {@link KafkaEventBus}, and deletes the run's topics at the end.
 *
 * @param connection    where Kafka and the registry are and how to log in to them
 * @param clientSettings the {@code --command-config} file those logins came from, handed on to every
 *                      child process (secrets never go on a command line); empty when there is none
 */
record BenchCluster(ClusterConnection connection, Optional<Path> clientSettings, int partitions, short replication) {
    private static final long ADMIN_TIMEOUT_SECONDS = 60;
    /** Producer settings that are the client's identity or its serializers, not its behaviour. */
    private static final Set<String> NOT_COMPARED = Set.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            ProducerConfig.CLIENT_ID_CONFIG, ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
            ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG);

    /** Kafka's bootstrap servers. */
    String bootstrap() {
        return connection.bootstrapServers();
    }

    /** The schema registry's URL(s). */
    String registry() {
        return connection.registryUrls();
    }

    /**
     * The producer settings both emit sides use: what {@link KafkaEventBusConfig#producerProperties()}
     * makes, without the connection's security settings (this map is printed in the summary).
     */
    Map<String, String> producerSettings() {
        Map<String, String> compared = new TreeMap<>();
        busConfig("settings", false).producerProperties().forEach((name, value) -> {
            if (!NOT_COMPARED.contains(name) && !ClusterConnection.isSecuritySetting(name)) {
                compared.put(name, String.valueOf(value));
            }
        });
        return compared;
    }

    /** {@code --command-config FILE} (as the cli and Kafka's tools take it) when there is a client settings file. */
    List<String> clientSettingsFlag() {
        List<String> flag = new ArrayList<>();
        clientSettings.ifPresent(file -> flag.addAll(List.of("--command-config", file.toString())));
        return flag;
    }

    /** The bus's default {@code linger.ms}. */
    int defaultLingerMs() {
        return Integer.parseInt(producerSettings().getOrDefault(ProducerConfig.LINGER_MS_CONFIG, "0"));
    }

    /** Fills {@code <prefix>.tool} with {@code count} throughput events, keyed round-robin over {@code keys} correlation ids. */
    void fill(BenchEvents events, String prefix, long count, int keys) {
        createTopics(List.of(Domain.TOOL.topic(prefix)));
        try (KafkaEventBus bus = KafkaEventBus.start(busConfig(prefix, false))) {
            for (long i = 0; i < count; i++) {
                bus.emit(events.throughputEvent(i, keys));
            }
            bus.flush();
        }
    }

    /** Fills every domain topic of {@code prefix} (made here) with the projections' backlog of {@code count} events. */
    void fillBacklog(BenchEvents events, String prefix, long count) {
        try (KafkaEventBus bus = KafkaEventBus.start(busConfig(prefix, true))) {
            for (long i = 0; i < count; i++) {
                bus.emit(events.backlogEvent(prefix, i, count));
            }
            bus.flush();
        }
    }

    private KafkaEventBusConfig busConfig(String prefix, boolean provision) {
        TopicLayout layout = TopicLayout.local(1).withPrefix(prefix).withPartitions(partitions).withReplication(replication);
        return KafkaEventBusConfig.local(connection).withTopics(layout).withProvision(provision)
                .withClientId("bench-fill-" + prefix);
    }

    void createTopics(List<String> topics) {
        List<NewTopic> newTopics = topics.stream().map(topic -> new NewTopic(topic, partitions, replication)
                .configs(Map.of("min.insync.replicas", Integer.toString(Math.min(2, replication))))).toList();
        try (Admin admin = admin()) {
            admin.createTopics(newTopics).all().get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot create " + topics + " on " + bootstrap() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating " + topics, e);
        }
    }

    /** Deletes every topic whose name starts with {@code <run>-} (on a cluster the bench did not start). */
    void deleteTopics(String run, PrintWriter out) {
        try (Admin admin = admin()) {
            Set<String> ours = admin.listTopics().names().get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS).stream()
                    .filter(topic -> topic.startsWith(run + "-")).collect(Collectors.toSet());
            if (!ours.isEmpty()) {
                admin.deleteTopics(ours).all().get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            }
            out.printf("deleted the %d topics of %s%n", ours.size(), run);
        } catch (ExecutionException | TimeoutException e) {
            out.printf("could not delete the topics of %s: %s%n", run, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        out.flush();
    }

    /** The size on the broker of {@code topics} (one copy of each partition), see {@link ProjectionWrites#sizeOnBroker}. */
    long sizeOnBroker(List<String> topics) throws InterruptedException {
        try (Admin admin = admin()) {
            return ProjectionWrites.sizeOnBroker(admin, topics);
        }
    }

    private Admin admin() {
        return Admin.create(connection.clientProperties());
    }
}
