package io.agentevents.local.kafka;

import io.agentevents.local.LocalPlatformException;
import io.agentevents.local.internal.Directories;
import io.agentevents.local.internal.FreePorts;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.StringJoiner;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * A real Apache Kafka cluster in KRaft mode, running inside this JVM: the broker and controller
 * code of the official Kafka jars, with no Docker and no separate install. Each node is a combined
 * broker and controller listening on 127.0.0.1 only.
 *
 * <p>One node by default; three give replication 3 with {@code min.insync.replicas} 2, and one of
 * them can be stopped and restarted ({@link #stopNode}, {@link #startNode}) to test faults. A
 * cluster started on a data directory it used before keeps its topics and offsets.
 *
 * <p>Thread-safe. {@link #close()} stops every node and, for a temporary directory or when asked,
 * deletes the data.
 */
public final class EmbeddedKafka implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);

    private static final String BROKER_LISTENER = "PLAINTEXT";
    private static final String CONTROLLER_LISTENER = "CONTROLLER";
    private static final String CLUSTER_FILE = "cluster.properties";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

    private final EmbeddedKafkaConfig config;
    private final Path dataDirectory;
    private final boolean deleteOnClose;
    private final String clusterId;
    private final Map<Integer, NodeSpec> nodes;
    private final Map<Integer, KafkaRaftServer> running = new HashMap<>();
    private boolean closed;

    private record NodeSpec(int id, int brokerPort, int controllerPort, Path directory, KafkaConfig kafkaConfig) {
    }

    private EmbeddedKafka(EmbeddedKafkaConfig config, Path dataDirectory, boolean deleteOnClose,
                          String clusterId, Map<Integer, NodeSpec> nodes) {
        this.config = config;
        this.dataDirectory = dataDirectory;
        this.deleteOnClose = deleteOnClose;
        this.clusterId = clusterId;
        this.nodes = nodes;
    }

    /**
     * Formats (first time only) and starts every node, and returns once all brokers are
     * registered and serving.
     *
     * @throws LocalPlatformException if a port is taken, the data directory belongs to a cluster
     *                                of another size, or the cluster is not ready in 90 seconds
     */
    public static EmbeddedKafka start(EmbeddedKafkaConfig config) {
        Path directory;
        boolean temporary = config.dataDirectory().isEmpty();
        try {
            directory = temporary ? Files.createTempDirectory("embedded-kafka-")
                    : Files.createDirectories(config.dataDirectory().get());
        } catch (IOException e) {
            throw new LocalPlatformException("cannot create the Kafka data directory "
                    + config.dataDirectory().map(Path::toString).orElse("(temporary)") + ": " + e.getMessage(), e);
        }
        EmbeddedKafka kafka = null;
        try {
            String clusterId = clusterIdFor(directory, config.nodes());
            Map<Integer, NodeSpec> nodes = plan(config, directory);
            kafka = new EmbeddedKafka(config, directory, temporary || config.deleteDataOnClose(), clusterId, nodes);
            kafka.formatAll();
            kafka.startAll();
            kafka.awaitBrokers(config.nodes(), READY_TIMEOUT);
            LOG.info("Embedded Kafka cluster {} ready: {} node(s) at {} (data in {})",
                    clusterId, config.nodes(), kafka.bootstrapServers(), directory);
            return kafka;
        } catch (RuntimeException e) {
            if (kafka != null) {
                kafka.close();
            } else if (temporary) {
                Directories.deleteRecursively(directory);
            }
            throw e instanceof LocalPlatformException ? e
                    : new LocalPlatformException("embedded Kafka failed to start: " + e.getMessage(), e);
        }
    }

    /** The {@code bootstrap.servers} value for clients: every node, running or not. */
    public String bootstrapServers() {
        return nodes.values().stream().map(node -> "127.0.0.1:" + node.brokerPort())
                .collect(Collectors.joining(","));
    }

    /** The node ids, 1..n. */
    public List<Integer> nodeIds() {
        return List.copyOf(nodes.keySet());
    }

    /** The client port of a node. */
    public int brokerPort(int nodeId) {
        return spec(nodeId).brokerPort();
    }

    public int nodeCount() {
        return nodes.size();
    }

    public String clusterId() {
        return clusterId;
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    /** Whether the node is running. */
    public synchronized boolean isRunning(int nodeId) {
        spec(nodeId);
        return running.containsKey(nodeId);
    }

    /**
     * Stops one node. In a multi-node cluster the stop is abrupt, like a crash: there is no
     * leadership handover, and the controller fences the node once its 4-second session expires,
     * so clients see errors for that long and then carry on with the other nodes. Its data stays,
     * so {@link #startNode} brings it back with everything it had.
     */
    public synchronized void stopNode(int nodeId) {
        checkOpen();
        KafkaRaftServer server = running.remove(spec(nodeId).id());
        if (server == null) {
            throw new IllegalStateException("node " + nodeId + " is not running");
        }
        server.shutdown();
        server.awaitShutdown();
        LOG.info("Embedded Kafka node {} stopped", nodeId);
    }

    /** Starts a stopped node again on the same ports and data, and waits until it serves. */
    public void startNode(int nodeId) {
        NodeSpec node = spec(nodeId);
        synchronized (this) {
            checkOpen();
            if (running.containsKey(nodeId)) {
                throw new IllegalStateException("node " + nodeId + " is already running");
            }
            startServers(List.of(node));
        }
        awaitBrokers(runningCount(), READY_TIMEOUT);
        LOG.info("Embedded Kafka node {} started again", nodeId);
    }

    /** Waits until the cluster reports at least {@code count} live brokers. */
    public void awaitBrokers(int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "5000");
        try (Admin admin = Admin.create(props)) {
            Exception last = null;
            while (System.nanoTime() < deadline) {
                try {
                    int live = admin.describeCluster(new DescribeClusterOptions().timeoutMs(5_000))
                            .nodes().get(5, TimeUnit.SECONDS).size();
                    if (live >= count) {
                        return;
                    }
                } catch (ExecutionException | TimeoutException e) {
                    last = e;
                }
                Thread.sleep(100);
            }
            throw new LocalPlatformException("embedded Kafka at " + bootstrapServers() + " did not report "
                    + count + " live broker(s) within " + timeout.toSeconds() + " s"
                    + (last == null ? "" : ": " + last.getMessage()), last);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalPlatformException("interrupted while waiting for embedded Kafka", e);
        }
    }

    /** Stops every node and deletes the data if it was temporary or {@code deleteDataOnClose} was set. */
    @Override
    public void close() {
        List<KafkaRaftServer> servers;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            servers = new ArrayList<>(running.values());
            running.clear();
        }
        // stop in parallel: in a multi-node cluster a lone survivor waits for a quorum that is gone
        runInParallel("embedded-kafka-stop", servers, server -> {
            server.shutdown();
            server.awaitShutdown();
        });
        if (deleteOnClose) {
            Directories.deleteRecursively(dataDirectory);
        }
        LOG.info("Embedded Kafka cluster {} closed", clusterId);
    }

    private synchronized int runningCount() {
        return running.size();
    }

    private NodeSpec spec(int nodeId) {
        NodeSpec node = nodes.get(nodeId);
        if (node == null) {
            throw new IllegalArgumentException("no node " + nodeId + "; nodes are " + nodes.keySet());
        }
        return node;
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("embedded Kafka is closed");
        }
    }

    private void formatAll() {
        for (NodeSpec node : nodes.values()) {
            if (Files.exists(node.directory().resolve("meta.properties"))) {
                continue;
            }
            try {
                Files.createDirectories(node.directory());
                new Formatter()
                        .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                        .setNodeId(node.id())
                        .setClusterId(clusterId)
                        .setDirectories(List.of(node.directory().toString()))
                        .setMetadataLogDirectory(node.directory().toString())
                        .setReleaseVersion(MetadataVersion.latestProduction())
                        .setControllerListenerName(CONTROLLER_LISTENER)
                        .setIgnoreFormatted(true)
                        .run();
            } catch (Exception e) {
                throw new LocalPlatformException("cannot format Kafka storage in " + node.directory() + ": " + e.getMessage(), e);
            }
        }
    }

    private synchronized void startAll() {
        startServers(List.copyOf(nodes.values()));
    }

    /** Starts servers in parallel: a controller quorum needs a majority up before any broker is ready. */
    private void startServers(List<NodeSpec> toStart) {
        Map<Integer, KafkaRaftServer> servers = new LinkedHashMap<>();
        for (NodeSpec node : toStart) {
            servers.put(node.id(), new KafkaRaftServer(node.kafkaConfig(), Time.SYSTEM));
        }
        runInParallel("embedded-kafka-start", List.copyOf(servers.values()), KafkaRaftServer::startup);
        running.putAll(servers);
    }

    private interface ServerAction {
        void apply(KafkaRaftServer server);
    }

    private static void runInParallel(String name, List<KafkaRaftServer> servers, ServerAction action) {
        if (servers.isEmpty()) {
            return;
        }
        ExecutorService executor = Executors.newFixedThreadPool(servers.size(), runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (KafkaRaftServer server : servers) {
                futures.add(executor.submit(() -> action.apply(server)));
            }
            for (Future<?> future : futures) {
                future.get();
            }
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw new LocalPlatformException(name + " failed: " + cause, cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalPlatformException(name + " interrupted", e);
        } finally {
            executor.shutdownNow();
        }
    }

    private static Map<Integer, NodeSpec> plan(EmbeddedKafkaConfig config, Path directory) {
        int count = config.nodes();
        List<Integer> brokerPorts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int port = config.brokerPort(i);
            brokerPorts.add(port == 0 ? FreePorts.find() : FreePorts.checkFree(port, "Kafka broker port"));
        }
        List<Integer> controllerPorts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            controllerPorts.add(FreePorts.findExcept(brokerPorts, controllerPorts));
        }
        StringJoiner quorum = new StringJoiner(",");
        for (int i = 0; i < count; i++) {
            quorum.add((i + 1) + "@127.0.0.1:" + controllerPorts.get(i));
        }
        String voters = quorum.toString();
        Map<Integer, NodeSpec> nodes = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            int id = i + 1;
            Path nodeDirectory = directory.resolve("node-" + id);
            Map<String, Object> props = brokerProperties(config, id, brokerPorts.get(i), controllerPorts.get(i),
                    voters, nodeDirectory);
            nodes.put(id, new NodeSpec(id, brokerPorts.get(i), controllerPorts.get(i), nodeDirectory,
                    new KafkaConfig(props, false)));
        }
        return nodes;
    }

    private static Map<String, Object> brokerProperties(EmbeddedKafkaConfig config, int id, int brokerPort,
                                                        int controllerPort, String voters, Path directory) {
        int count = config.nodes();
        String replication = Integer.toString(Math.min(3, count));
        String minIsr = Integer.toString(Math.min(2, count));
        Map<String, Object> props = new HashMap<>();
        props.put("process.roles", "broker,controller");
        props.put("node.id", Integer.toString(id));
        props.put("controller.quorum.voters", voters);
        props.put("listeners", BROKER_LISTENER + "://127.0.0.1:" + brokerPort + "," + CONTROLLER_LISTENER + "://127.0.0.1:" + controllerPort);
        props.put("advertised.listeners", BROKER_LISTENER + "://127.0.0.1:" + brokerPort);
        props.put("listener.security.protocol.map", BROKER_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        props.put("controller.listener.names", CONTROLLER_LISTENER);
        props.put("inter.broker.listener.name", BROKER_LISTENER);
        props.put("log.dirs", directory.toString());
        props.put("metadata.log.dir", directory.toString());
        props.put("default.replication.factor", replication);
        props.put("offsets.topic.replication.factor", replication);
        props.put("offsets.topic.num.partitions", "12");
        props.put("transaction.state.log.replication.factor", replication);
        props.put("transaction.state.log.min.isr", minIsr);
        props.put("transaction.state.log.num.partitions", "12");
        props.put("share.coordinator.state.topic.replication.factor", replication);
        props.put("share.coordinator.state.topic.min.isr", minIsr);
        props.put("group.initial.rebalance.delay.ms", "0");
        // a small local footprint: fewer threads, a small cleaner buffer
        props.put("num.network.threads", "2");
        props.put("num.io.threads", "4");
        props.put("background.threads", "4");
        props.put("log.cleaner.threads", "1");
        props.put("log.cleaner.dedupe.buffer.size", Integer.toString(2 * 1024 * 1024));
        if (count > 1) {
            // A controlled shutdown needs a controller quorum to approve it; the last nodes of a
            // cluster being closed have none and Kafka would wait five minutes. So nodes of a
            // multi-node cluster stop abruptly, as in a crash, and the controller fences a stopped
            // node once its session times out (kept short here).
            props.put("controlled.shutdown.enable", "false");
            props.put("broker.session.timeout.ms", "4000");
            props.put("broker.heartbeat.interval.ms", "500");
        }
        props.putAll(config.brokerOverrides());
        return props;
    }

    /** The cluster id kept in the data directory, or a new one for a fresh directory. */
    private static String clusterIdFor(Path directory, int nodes) {
        Path file = directory.resolve(CLUSTER_FILE);
        Properties props = new Properties();
        try {
            if (Files.exists(file)) {
                try (InputStream in = Files.newInputStream(file)) {
                    props.load(in);
                }
                int previousNodes = Integer.parseInt(props.getProperty("nodes", "1"));
                if (previousNodes != nodes) {
                    throw new LocalPlatformException("data directory " + directory + " holds a cluster of "
                            + previousNodes + " node(s); start it with " + previousNodes
                            + " node(s) or use another data directory");
                }
                return props.getProperty("cluster.id");
            }
            String clusterId = Uuid.randomUuid().toString();
            props.setProperty("cluster.id", clusterId);
            props.setProperty("nodes", Integer.toString(nodes));
            try (OutputStream out = Files.newOutputStream(file)) {
                props.store(out, "embedded Kafka cluster identity; delete the whole directory to start afresh");
            }
            return clusterId;
        } catch (IOException e) {
            throw new LocalPlatformException("cannot read or write " + file + ": " + e.getMessage(), e);
        }
    }
}
