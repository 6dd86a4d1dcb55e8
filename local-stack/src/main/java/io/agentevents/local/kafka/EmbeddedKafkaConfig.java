package io.agentevents.local.kafka;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How to run an {@link EmbeddedKafka}: node count, ports and data directory.
 *
 * @param nodes             number of combined broker+controller nodes, 1 (default) or 3 (or any count up to 9)
 * @param brokerPorts       client port of each node, 0 meaning "a free port"; empty = all free
 * @param dataDirectory     where logs and metadata live; empty = a temporary directory
 * @param deleteDataOnClose delete the data directory on close (always true for a temporary one)
 * @param brokerOverrides   extra broker properties (e.g. {@code log.retention.ms}), applied last
 */
public record EmbeddedKafkaConfig(
        int nodes,
        List<Integer> brokerPorts,
        Optional<Path> dataDirectory,
        boolean deleteDataOnClose,
        Map<String, String> brokerOverrides) {

    /** Most nodes a local cluster may have. */
    public static final int MAX_NODES = 9;

    public EmbeddedKafkaConfig {
        if (nodes < 1 || nodes > MAX_NODES) {
            throw new IllegalArgumentException("nodes must be 1.." + MAX_NODES + ", was " + nodes);
        }
        brokerPorts = List.copyOf(Objects.requireNonNull(brokerPorts, "brokerPorts"));
        if (!brokerPorts.isEmpty() && brokerPorts.size() != nodes) {
            throw new IllegalArgumentException("brokerPorts must name one port per node (" + nodes
                    + "), was " + brokerPorts);
        }
        for (int port : brokerPorts) {
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("broker port must be 0..65535, was " + port);
            }
        }
        Objects.requireNonNull(dataDirectory, "dataDirectory");
        brokerOverrides = Map.copyOf(Objects.requireNonNull(brokerOverrides, "brokerOverrides"));
    }

    /** One node on a free port in a temporary directory deleted on close. */
    public static EmbeddedKafkaConfig singleNode() {
        return new EmbeddedKafkaConfig(1, List.of(), Optional.empty(), true, Map.of());
    }

    /** The given number of nodes on free ports in a temporary directory deleted on close. */
    public static EmbeddedKafkaConfig nodes(int nodes) {
        return new EmbeddedKafkaConfig(nodes, List.of(), Optional.empty(), true, Map.of());
    }

    public EmbeddedKafkaConfig withBrokerPorts(List<Integer> ports) {
        return new EmbeddedKafkaConfig(nodes, ports, dataDirectory, deleteDataOnClose, brokerOverrides);
    }

    /** Keeps data in the given directory, which survives close, so a restart keeps topics and offsets. */
    public EmbeddedKafkaConfig withDataDirectory(Path directory) {
        return new EmbeddedKafkaConfig(nodes, brokerPorts, Optional.of(directory), false, brokerOverrides);
    }

    public EmbeddedKafkaConfig withDeleteDataOnClose(boolean delete) {
        return new EmbeddedKafkaConfig(nodes, brokerPorts, dataDirectory, delete, brokerOverrides);
    }

    public EmbeddedKafkaConfig withBrokerOverrides(Map<String, String> overrides) {
        return new EmbeddedKafkaConfig(nodes, brokerPorts, dataDirectory, deleteDataOnClose, overrides);
    }

    /** The configured port of node {@code index} (0-based), 0 when a free one is to be chosen. */
    int brokerPort(int index) {
        return brokerPorts.isEmpty() ? 0 : brokerPorts.get(index);
    }
}
