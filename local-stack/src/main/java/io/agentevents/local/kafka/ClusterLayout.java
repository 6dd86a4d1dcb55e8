package io.agentevents.local.kafka;

import io.agentevents.local.LocalPlatformException;
import io.agentevents.local.internal.FreePorts;

import kafka.server.KafkaConfig;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;

/**
 * The shape of an embedded cluster before it runs: each node's id, ports, directory and Kafka
 * configuration (combined broker and controller, a static voter set), and the formatting of each
 * node's storage (with the SCRAM users bootstrapped when the cluster is secured). Stateless.
 */
final class ClusterLayout {

    /** One node of the cluster. */
    record NodeSpec(int id, int brokerPort, int controllerPort, Path directory, KafkaConfig kafkaConfig) {
    }

    private ClusterLayout() {
    }

    /** The nodes of {@code config} under {@code directory}: given or free ports, one directory each. */
    static Map<Integer, NodeSpec> plan(EmbeddedKafkaConfig config, Path directory, Optional<SelfSignedTls> tls) {
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
            Map<String, Object> props = NodeSettings.brokerProperties(config, id, brokerPorts.get(i),
                    controllerPorts.get(i), voters, nodeDirectory, tls);
            nodes.put(id, new NodeSpec(id, brokerPorts.get(i), controllerPorts.get(i), nodeDirectory,
                    new KafkaConfig(props, false)));
        }
        return nodes;
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
