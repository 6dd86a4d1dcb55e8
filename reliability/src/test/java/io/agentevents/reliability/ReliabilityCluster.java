package io.agentevents.reliability;

import io.agentevents.local.kafka.EmbeddedKafka;
import io.agentevents.local.kafka.EmbeddedKafkaConfig;
import io.agentevents.local.registry.EmbeddedSchemaRegistry;
import io.agentevents.local.registry.SchemaRegistryServerConfig;
import io.agentevents.schemas.topics.TopicLayout;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * The suite's shared fixture: one 3-node embedded KRaft cluster (every node a broker and a
 * controller) and one embedded schema registry on it, started once per test JVM by
 * {@link ReliabilityClusterExtension} and closed when the JVM's tests are done.
 *
 * <p>Topics of the scenarios use {@link #layout}: replication 3, {@code min.insync.replicas} 2,
 * under a prefix of their own. The cluster keeps its data in a directory of its own and its
 * brokers on fixed ports, so that {@link #stopAll()} followed by {@link #startAll()} is a whole
 * cluster going down and coming back with its topics, offsets and committed groups, at the same
 * bootstrap address.
 *
 * <p>Every name it hands out ({@link #layout}, {@link #uniqueName}) is remembered until
 * {@link #deleteTopicsOfFinishedScenario()}, which the extension calls after each scenario class:
 * the topics under those names go, so that the cluster does not carry every earlier scenario's
 * partitions (each replicated three times, fetched by the followers and closed and recovered on
 * every restart) through the rest of the suite. Thread-safe.
 */
final class ReliabilityCluster implements AutoCloseable {
    static final int NODES = 3;
    private static final Duration READY = Duration.ofSeconds(90);

    private final Path dataDirectory;
    private final EmbeddedKafkaConfig kafkaConfig;
    private final String bootstrapServers;
    private final EmbeddedSchemaRegistry registry;
    private final Set<String> namesOfRunningScenario = ConcurrentHashMap.newKeySet();
    private EmbeddedKafka kafka;
    private boolean stopped;

    private ReliabilityCluster(Path dataDirectory, EmbeddedKafkaConfig kafkaConfig, EmbeddedKafka kafka,
                               EmbeddedSchemaRegistry registry) {
        this.dataDirectory = dataDirectory;
        this.kafkaConfig = kafkaConfig;
        this.kafka = kafka;
        this.bootstrapServers = kafka.bootstrapServers();
        this.registry = registry;
    }

    /** Starts the three nodes in a new directory, then the registry on them. */
    static ReliabilityCluster start() {
        Path directory;
        try {
            directory = Files.createTempDirectory("reliability-kafka-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the cluster's data directory", e);
        }
        long started = System.nanoTime();
        EmbeddedKafka kafka = EmbeddedKafka.start(EmbeddedKafkaConfig.nodes(NODES).withDataDirectory(directory));
        // a full restart must come back at the same address: pin the ports the first start chose
        EmbeddedKafkaConfig pinned = EmbeddedKafkaConfig.nodes(NODES).withDataDirectory(directory)
                .withBrokerPorts(kafka.nodeIds().stream().map(kafka::brokerPort).toList());
        try {
            EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.start(
                    SchemaRegistryServerConfig.of(kafka.bootstrapServers()));
            System.out.printf("reliability cluster: %d nodes at %s, registry %s, ready in %.1f s%n",
                    NODES, kafka.bootstrapServers(), registry.url(), (System.nanoTime() - started) / 1e9);
            return new ReliabilityCluster(directory, pinned, kafka, registry);
        } catch (RuntimeException e) {
            kafka.close();
            deleteRecursively(directory);
            throw e;
        }
    }

    /** {@code bootstrap.servers}: every node, the same before and after a full restart. */
    String bootstrapServers() {
        return bootstrapServers;
    }

    String schemaRegistryUrl() {
        return registry.url();
    }

    /** The running cluster, e.g. to stop and start one node. */
    synchronized EmbeddedKafka kafka() {
        return kafka;
    }

    /** Replication 3, {@code min.insync.replicas} 2, 3 partitions, under a prefix no other test uses. */
    TopicLayout layout(String name) {
        return TopicLayout.local(NODES).withPrefix(uniqueName(name));
    }

    /** A name no other test of this JVM uses, legal as a topic, group or application id. */
    String uniqueName(String prefix) {
        String name = unique(prefix);
        namesOfRunningScenario.add(name);
        return name;
    }

    /**
     * Deletes the topics named after any name handed out since the last call (a layout's topics, a
     * group's retry and dead-letter topics, an application's internal topics), then forgets those
     * names. Meant for the end of a scenario class: the scenarios on this cluster run one at a time.
     * Nothing happens while the cluster is stopped; a failure is reported, not thrown, since the
     * scenario has passed or failed by then.
     */
    void deleteTopicsOfFinishedScenario() {
        List<String> names = List.copyOf(namesOfRunningScenario);
        namesOfRunningScenario.removeAll(names);
        if (names.isEmpty() || stopped()) {
            return;
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            List<String> topics = admin.listTopics().names().get(30, TimeUnit.SECONDS).stream()
                    .filter(topic -> names.stream().anyMatch(topic::startsWith))
                    .toList();
            if (!topics.isEmpty()) {
                admin.deleteTopics(topics).all().get(30, TimeUnit.SECONDS);
            }
        } catch (ExecutionException | TimeoutException e) {
            System.err.println("could not delete the topics of " + names + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A name no other test of this JVM uses, legal as a topic, group or application id. */
    static String unique(String prefix) {
        return prefix.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]", "-") + "-"
                + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Stops every node at once (abruptly, as in a power loss); the data stays. */
    synchronized void stopAll() {
        kafka.close();
        stopped = true;
    }

    /** Starts every node again on the same data and ports, and waits until all three serve. */
    synchronized void startAll() {
        kafka = EmbeddedKafka.start(kafkaConfig);
        stopped = false;
        kafka.awaitBrokers(NODES, READY);
    }

    /** Whether {@link #stopAll()} was called and {@link #startAll()} not since. */
    synchronized boolean stopped() {
        return stopped;
    }

    /** Waits until the cluster reports all three brokers again (after a node came back). */
    void awaitAllBrokers() {
        kafka().awaitBrokers(NODES, READY);
    }

    @Override
    public synchronized void close() {
        try {
            registry.close();
        } finally {
            kafka.close();
            deleteRecursively(dataDirectory);
        }
    }

    private static void deleteRecursively(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            System.err.println("could not delete " + directory + ": " + e.getMessage());
        }
    }
}
