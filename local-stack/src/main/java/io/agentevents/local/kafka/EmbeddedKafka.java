package io.agentevents.local.kafka;

import io.agentevents.local.LocalPlatformException;
import io.agentevents.local.internal.FreePorts;

import kafka.server.KafkaRaftServer;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntSupplier;
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
 * <p>Open to anyone by default (a plaintext listener). With {@link EmbeddedKafkaConfig#withSecurity}
 * clients must log in with SASL/SCRAM-SHA-512 (over TLS for {@code SASL_SSL}), the users are
 * created when the storage is first formatted, and with ACLs on only the admin user may do what no
 * ACL allows; {@link #clientSecurity} gives a client's settings. See {@code docs/security.md}.
 *
 * <p>Thread-safe. {@link #close()} stops every node and, for a temporary directory or when asked,
 * deletes the data.
 */
public final class EmbeddedKafka implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);

    private static final String BROKER_LISTENER = NodeSettings.PLAINTEXT_LISTENER;
    private static final String CONTROLLER_LISTENER = NodeSettings.CONTROLLER_LISTENER;
    /** How long the admin user may be refused at start before the start fails (not a transient refusal). */
    private static final Duration AUTHENTICATION_GRACE = Duration.ofSeconds(5);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

    private final EmbeddedKafkaConfig config;
    private final Path dataDirectory;
    private final boolean deleteOnClose;
    private final String clusterId;
    private final Map<Integer, ClusterLayout.NodeSpec> nodes;
    private final Optional<SelfSignedTls> tls;
    private final boolean newCluster;
    private final Map<Integer, KafkaRaftServer> running = new HashMap<>();
    private boolean closed;

    private EmbeddedKafka(EmbeddedKafkaConfig config, Path dataDirectory, boolean deleteOnClose, String clusterId,
                          Map<Integer, ClusterLayout.NodeSpec> nodes, Optional<SelfSignedTls> tls, boolean newCluster) {
        this.config = config;
        this.dataDirectory = dataDirectory;
        this.deleteOnClose = deleteOnClose;
        this.clusterId = clusterId;
        this.nodes = nodes;
        this.tls = tls;
        this.newCluster = newCluster;
    }

    /** Whether this start formatted the cluster: no earlier run left topics, consumer groups or offsets in it. */
    public boolean newCluster() {
        return newCluster;
    }

    /**
     * Formats (first time only) and starts every node, and returns once all brokers are
     * registered and serving. Ports left free in {@code config} are chosen here; when another socket
     * takes one before its node listens on it, the start is made again on other ports ({@value
     * PortRace#ATTEMPTS} starts in all).
     *
     * @throws LocalPlatformException if a port is taken, the data directory belongs to a cluster
     *                                of another size, or the cluster is not ready in 90 seconds
     */
    public static EmbeddedKafka start(EmbeddedKafkaConfig config) {
        return start(config, FreePorts::find);
    }

    /**
     * {@link #start(EmbeddedKafkaConfig)} with the ports the configuration leaves free taken from
     * {@code freePorts}. A port is free when it is chosen and taken only when a node binds it, so
     * another socket (of this process, a fault proxy, or any other) may take it in between: then the
     * start is made again, with fresh ports ({@link PortRace}).
     */
    static EmbeddedKafka start(EmbeddedKafkaConfig config, IntSupplier freePorts) {
        ProcessExitGuard.install();
        return PortRace.retried(() -> startOnce(config, freePorts));
    }

    private static EmbeddedKafka startOnce(EmbeddedKafkaConfig config, IntSupplier freePorts) {
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
            String clusterId = ClusterFile.clusterIdFor(directory, config);
            boolean formatted = Files.exists(directory.resolve("node-1").resolve("meta.properties"));
            Optional<SelfSignedTls> tls = config.security().filter(EmbeddedKafkaSecurity::tls)
                    .map(security -> SelfSignedTls.generate(directory.resolve("tls")));
            Map<Integer, ClusterLayout.NodeSpec> nodes = ClusterLayout.plan(config, directory, tls, freePorts);
            kafka = new EmbeddedKafka(config, directory, temporary || config.deleteDataOnClose(), clusterId, nodes, tls,
                    !formatted);
            kafka.formatAll();
            kafka.startAll();
            kafka.awaitBrokers(config.nodes(), READY_TIMEOUT);
            if (formatted && config.security().isPresent()) {
                ScramUsers.upsert(config.security().orElseThrow(), kafka.adminProperties(), kafka.bootstrapServers());
            }
            LOG.info("Embedded Kafka cluster {} ready: {} node(s) at {}, {} (data in {})", clusterId, config.nodes(),
                    kafka.bootstrapServers(), config.security().map(s -> s.protocol() + " with SCRAM users"
                            + (s.acls() ? " and ACLs" : "")).orElse("PLAINTEXT, no authentication"), directory);
            return kafka;
        } catch (RuntimeException e) {
            if (kafka != null) {
                kafka.close();
            } else if (temporary) {
                deleteQuietly(directory);
            }
            throw e instanceof LocalPlatformException ? e
                    : new LocalPlatformException("embedded Kafka failed to start: " + e.getMessage(), e);
        }
    }

    /**
     * The {@code bootstrap.servers} value for clients: every node, running or not, at the address
     * it advertises ({@link #clientAddress}).
     */
    public String bootstrapServers() {
        return nodes.values().stream().map(ClusterLayout.NodeSpec::clientAddress).collect(Collectors.joining(","));
    }

    /**
     * The {@code host:port} a node advertises to clients: {@code 127.0.0.1:}{@link #brokerPort}, or
     * the address the {@link NodeRoutes} gave for its client link.
     */
    public String clientAddress(int nodeId) {
        return spec(nodeId).clientAddress();
    }

    /** The node ids, 1..n. */
    public List<Integer> nodeIds() {
        return List.copyOf(nodes.keySet());
    }

    /** The port a node's client listener listens on (not the routed address, see {@link #clientAddress}). */
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

    /** The cluster's security, or empty when its listener is plaintext and open to anyone. */
    public Optional<EmbeddedKafkaSecurity> security() {
        return config.security();
    }

    /** The security protocol clients use: {@code PLAINTEXT}, {@code SASL_PLAINTEXT} or {@code SASL_SSL}. */
    public String securityProtocol() {
        return config.security().map(security -> security.protocol().name()).orElse(BROKER_LISTENER);
    }

    /**
     * The PKCS12 trust store holding the cluster's self-signed certificate, for {@code SASL_SSL};
     * made afresh at every start (its password is in {@link #clientSecurity}).
     */
    public Optional<Path> trustStore() {
        return tls.map(SelfSignedTls::trustStore);
    }

    /**
     * The settings a Kafka client needs to log in as this user: {@code security.protocol},
     * {@code sasl.mechanism}, {@code sasl.jaas.config} and, over TLS, {@code ssl.truststore.*}. The
     * credentials are not checked here (a test may pass wrong ones on purpose); the password must not
     * hold a double quote or a backslash.
     *
     * @throws IllegalStateException when the cluster has no security (clients need no settings)
     */
    public Map<String, String> clientSecurity(String user, String password) {
        EmbeddedKafkaSecurity security = config.security().orElseThrow(() -> new IllegalStateException(
                "this embedded Kafka has no security: clients need no settings"));
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("security.protocol", security.protocol().name());
        settings.put("sasl.mechanism", EmbeddedKafkaSecurity.MECHANISM);
        settings.put("sasl.jaas.config", EmbeddedKafkaSecurity.scramJaas(user, password));
        tls.ifPresent(store -> {
            settings.put("ssl.truststore.location", store.trustStore().toString());
            settings.put("ssl.truststore.password", store.password());
            settings.put("ssl.truststore.type", SelfSignedTls.STORE_TYPE);
        });
        return Collections.unmodifiableMap(settings);
    }

    /** The admin user's client settings ({@link #clientSecurity}); empty when the cluster has no security. */
    public Map<String, String> adminClientSecurity() {
        return config.security().map(security -> clientSecurity(security.adminUser(), security.adminPassword()))
                .orElse(Map.of());
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
        ClusterLayout.NodeSpec node = spec(nodeId);
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
        try (Admin admin = Admin.create(adminProperties())) {
            Exception last = null;
            long refusedSince = 0;
            while (System.nanoTime() < deadline) {
                try {
                    int live = admin.describeCluster(new DescribeClusterOptions().timeoutMs(5_000))
                            .nodes().get(5, TimeUnit.SECONDS).size();
                    if (live >= count) {
                        return;
                    }
                } catch (ExecutionException e) {
                    last = e;
                    if (e.getCause() instanceof AuthenticationException refused) {
                        refusedSince = refusedSince == 0 ? System.nanoTime() : refusedSince;
                        if (System.nanoTime() - refusedSince > AUTHENTICATION_GRACE.toNanos()) {
                            throw new LocalPlatformException("embedded Kafka at " + bootstrapServers()
                                    + " refuses the admin user " + config.security().map(EmbeddedKafkaSecurity::adminUser)
                                    .orElse("") + ": " + refused.getMessage() + " (the data directory " + dataDirectory
                                    + " keeps the admin password it was first formatted with: start with that password, "
                                    + "or with another directory)", refused);
                        }
                    }
                } catch (TimeoutException e) {
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
        ParallelServers.run("embedded-kafka-stop", servers, server -> {
            server.shutdown();
            server.awaitShutdown();
        });
        if (deleteOnClose) {
            deleteQuietly(dataDirectory);
        }
        LOG.info("Embedded Kafka cluster {} closed", clusterId);
    }

    /** Admin client properties for the admin user: bootstrap servers, short timeouts, security. */
    private Properties adminProperties() {
        Properties props = new Properties();
        props.putAll(adminClientSecurity());
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "5000");
        return props;
    }

    private synchronized int runningCount() {
        return running.size();
    }

    private ClusterLayout.NodeSpec spec(int nodeId) {
        ClusterLayout.NodeSpec node = nodes.get(nodeId);
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
        ClusterLayout.format(nodes.values(), clusterId, config.security());
    }

    private synchronized void startAll() {
        startServers(List.copyOf(nodes.values()));
    }

    /** Starts servers in parallel: a controller quorum needs a majority up before any broker is ready. */
    private void startServers(List<ClusterLayout.NodeSpec> toStart) {
        Map<Integer, KafkaRaftServer> servers = new LinkedHashMap<>();
        for (ClusterLayout.NodeSpec node : toStart) {
            servers.put(node.id(), new KafkaRaftServer(node.kafkaConfig(), Time.SYSTEM));
        }
        try {
            ParallelServers.run("embedded-kafka-start", List.copyOf(servers.values()), KafkaRaftServer::startup);
        } finally {
            running.putAll(servers); // also those that failed or were stopped halfway: close() shuts them down
        }
    }

    /** Deletes a temporary directory tree (Kafka's own utility); logs and carries on when some of it stays. */
    private static void deleteQuietly(java.nio.file.Path directory) {
        try {
            org.apache.kafka.common.utils.Utils.delete(directory.toFile());
        } catch (java.io.IOException e) {
            LOG.warn("could not delete {} completely: {}", directory, e.getMessage());
        }
    }
}
