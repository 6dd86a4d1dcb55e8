package io.agentevents.local.kafka;

import io.agentevents.local.LocalPlatformException;
import io.agentevents.local.internal.FreePorts;

import kafka.server.KafkaConfig;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.function.IntSupplier;

/**
 * The shape of an embedded cluster before it runs: each node's id, ports, directory and Kafka
 * configuration (combined broker and controller, a static voter set), and the formatting of each
 * node's storage (with the SCRAM users bootstrapped when the cluster is secured). Stateless.
 */
final class ClusterLayout {

    /**
     * One node of the cluster: the ports it listens on and the address clients reach its client
     * listener at ({@code 127.0.0.1:brokerPort} unless routed).
     */
    record NodeSpec(int id, int brokerPort, String clientAddress, int controllerPort, Path directory,
                    KafkaConfig kafkaConfig) {
    }

    private ClusterLayout() {
    }

    /**
     * The nodes of {@code config} under {@code directory}: given or free ports, one directory each;
     * with {@link NodeRoutes}, every link between two nodes and from clients as the routes say.
     */
    static Map<Integer, NodeSpec> plan(EmbeddedKafkaConfig config, Path directory, Optional<SelfSignedTls> tls) {
        return plan(config, directory, tls, FreePorts::find);
    }

    /** {@link #plan(EmbeddedKafkaConfig, Path, Optional)} with the ports not given taken from {@code freePorts}. */
    static Map<Integer, NodeSpec> plan(EmbeddedKafkaConfig config, Path directory, Optional<SelfSignedTls> tls,
                                       IntSupplier freePorts) {
        int count = config.nodes();
        List<Integer> brokerPorts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int port = config.brokerPort(i);
            brokerPorts.add(port == 0 ? FreePorts.findExcept(freePorts, brokerPorts)
                    : FreePorts.checkFree(port, "Kafka broker port"));
        }
        List<Integer> controllerPorts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            controllerPorts.add(FreePorts.findExcept(freePorts, brokerPorts, controllerPorts));
        }
        Optional<NodeRoutes> routes = config.routes();
        // with routes, node i listens on one inter-broker port per node j (peerPorts[i][j]), which j fetches through
        List<Integer> peerPorts = new ArrayList<>();
        if (routes.isPresent()) {
            for (int i = 0; i < count * count; i++) {
                peerPorts.add(FreePorts.findExcept(freePorts, brokerPorts, controllerPorts, peerPorts));
            }
        }
        Map<Integer, NodeSpec> nodes = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            int id = i + 1;
            StringJoiner voters = new StringJoiner(",");
            for (int j = 0; j < count; j++) {
                voters.add((j + 1) + "@" + routed(routes, NodeRoutes.Kind.CONTROLLER, id, j + 1, controllerPorts.get(j)));
            }
            String clientAddress = routed(routes, NodeRoutes.Kind.CLIENT, 0, id, brokerPorts.get(i));
            List<NodeSettings.PeerListener> peers = new ArrayList<>();
            if (routes.isPresent()) {
                for (int j = 0; j < count; j++) {
                    int port = peerPorts.get(i * count + j);
                    peers.add(new NodeSettings.PeerListener(j + 1, port, routed(routes, NodeRoutes.Kind.BROKER, j + 1, id, port)));
                }
            }
            Path nodeDirectory = directory.resolve("node-" + id);
            NodeSettings.Addresses addresses = new NodeSettings.Addresses(brokerPorts.get(i), clientAddress,
                    controllerPorts.get(i), voters.toString(), peers);
            Map<String, Object> props = NodeSettings.brokerProperties(config, id, addresses, nodeDirectory, tls);
            nodes.put(id, new NodeSpec(id, brokerPorts.get(i), clientAddress, controllerPorts.get(i), nodeDirectory,
                    new KafkaConfig(props, false)));
        }
        return nodes;
    }

    /** {@code host:port} for a link to {@code port}: straight there, or where the routes say (never for a node to itself). */
    private static String routed(Optional<NodeRoutes> routes, NodeRoutes.Kind kind, int from, int to, int port) {
        InetSocketAddress target = new InetSocketAddress("127.0.0.1", port);
        if (routes.isEmpty() || from == to) {
            return "127.0.0.1:" + port;
        }
        InetSocketAddress address = Objects.requireNonNull(routes.get().route(new NodeRoutes.Link(kind, from, to), target),
                () -> "the routes gave no address for " + kind + " " + from + " -> " + to);
        return address.getHostString() + ":" + address.getPort();
    }

    /** Formats the storage of every node not formatted yet (a restart on the same directory keeps it). */
    static void format(Collection<NodeSpec> nodes, String clusterId, Optional<EmbeddedKafkaSecurity> security) {
        for (NodeSpec node : nodes) {
            if (Files.exists(node.directory().resolve("meta.properties"))) {
                continue;
            }
            try {
                Files.createDirectories(node.directory());
                Formatter formatter = new Formatter();
                security.ifPresent(secured -> formatter.setScramArguments(NodeSettings.scramArguments(secured)));
                formatter
                        .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                        .setNodeId(node.id())
                        .setClusterId(clusterId)
                        .setDirectories(List.of(node.directory().toString()))
                        .setMetadataLogDirectory(node.directory().toString())
                        .setReleaseVersion(MetadataVersion.latestProduction())
                        .setControllerListenerName(NodeSettings.CONTROLLER_LISTENER)
                        .setIgnoreFormatted(true)
                        .run();
            } catch (Exception e) {
                throw new LocalPlatformException("cannot format Kafka storage in " + node.directory() + ": " + e.getMessage(), e);
            }
        }
    }
}
